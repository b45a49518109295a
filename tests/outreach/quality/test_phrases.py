"""Salutations and closings recognised in plain strings."""

import pytest

from outreach.quality.phrases import ending_closing, opening_salutation, starting_salutation


@pytest.mark.parametrize(
    ("text", "salutation"),
    [
        ("Sehr geehrte Damen und Herren,\nwir laden Sie ein.", "Sehr geehrte Damen und Herren"),
        ("Sehr geehrter Herr Kühn,\n\nwie besprochen", "Sehr geehrter Herr Kühn"),
        ("Sehr geehrte/r Frau/Herr {contact},", "Sehr geehrte/r Frau/Herr {contact}"),
        ("  Liebe Frau Yilmaz,", "Liebe Frau Yilmaz"),
        ("Lieber Herr Vogt!", "Lieber Herr Vogt"),
        ("Hallo zusammen,", "Hallo zusammen"),
        ("Guten Tag {contact},\nheute", "Guten Tag {contact}"),
        ("Dear Sir or Madam,", "Dear Sir or Madam"),
        ("Hello Ms Kühn,", "Hello Ms Kühn"),
        ("\n\nMoin,\nkurz", "Moin"),
    ],
)
def test_a_text_that_opens_with_a_salutation(text, salutation):
    assert starting_salutation(text) == salutation


@pytest.mark.parametrize(
    "text",
    [
        "",
        "wir möchten Ihnen heute das Netzwerk vorstellen.",
        "Hinweis: Das Frühstück beginnt um 8 Uhr.",
        "Liebe zum Detail zeichnet viele Handwerksbetriebe in der Region aus, auch den Ihren.",
        "Hier ist der Text.\n\nSehr geehrte Damen und Herren kommen später nicht vor.",
    ],
)
def test_a_text_without_an_opening_salutation(text):
    assert starting_salutation(text) is None


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("Wir freuen uns.\n\nMit freundlichen Grüßen", "Mit freundlichen Grüßen"),
        ("Wir freuen uns.\nMit freundlichen Grüßen\nAnna Becker", "Mit freundlichen Grüßen"),
        ("Text.\nFreundliche Grüße aus Zwickau", "Freundliche Grüße aus Zwickau"),
        ("Text.\nViele Grüße,\nAnna", "Viele Grüße,"),
        ("Text.\nBeste Grüße", "Beste Grüße"),
        ("Text.\nHerzliche Grüße!", "Herzliche Grüße!"),
        ("Text.\nMit freundlichem Gruß", "Mit freundlichem Gruß"),
        ("Text.\nMfG", "MfG"),
        ("Text.\nKind regards,\nAnna Becker\nProject lead", "Kind regards,"),
        ("Text.\nBest regards, Anna", "Best regards, Anna"),
        ("Text.\nYours sincerely", "Yours sincerely"),
    ],
)
def test_a_text_that_ends_with_a_closing(text, closing):
    assert ending_closing(text) == closing


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Wir freuen uns auf Ihre Antwort und grüßen herzlich aus dem Kompetenzzentrum.",
        "Best practice in our region is flexible working time.",
        "Mit freundlichen Grüßen fing es an.\nDann kam viel mehr.\nUnd noch mehr.\nUnd das Ende.",
    ],
)
def test_a_text_without_a_closing(text):
    assert ending_closing(text) is None


def test_the_salutation_a_printed_letter_opens_with_is_the_first_greeting_line():
    printed = (
        "Einladung zum Unternehmerfrühstück\n\nSehr geehrter Herr Kühn,\n\n"
        "Sehr geehrte Damen und Herren,\nwir laden Sie ein."
    )
    assert opening_salutation(printed) == "Sehr geehrter Herr Kühn"
    assert opening_salutation("Einladung\n\nwir laden Sie ein.") is None
