"""The thank-you letter's text from plain values (no database)."""

from datetime import date

import pytest
from django.utils import translation

from api import thanks_letter
from api.thanks_letter import ThanksFacts

FACTS = ThanksFacts(
    partner="IHK Chemnitz",
    person_name="Petra Schulz",
    company="Tischlerei Holzwurm",
    since=date(2026, 5, 4),
)


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def test_the_text_thanks_for_the_company_and_says_since_when():
    text = thanks_letter.suggested_text(FACTS)
    assert text.startswith("vielen Dank, dass Sie uns Tischlerei Holzwurm empfohlen haben.")
    assert "seit dem 4. Mai 2026 Partner unseres Netzwerks" in text
    assert "Empfehlungslink" not in text
    assert len(thanks_letter.paragraphs(text)) == 4


def test_without_a_date_and_through_the_link():
    facts = ThanksFacts(partner="IHK", company="Holzwurm", via_link=True)
    text = thanks_letter.suggested_text(facts)
    assert "über Ihren Empfehlungslink empfohlen" in text
    assert "Partner unseres Netzwerks geworden" in text
    assert "seit" not in text


@pytest.mark.parametrize(
    ("person", "salutation"),
    [
        ("Frau Dr. Petra Schulz", "Sehr geehrte Frau Dr. Schulz,"),
        ("Herrn Klaus-Peter von der Heide", "Sehr geehrter Herr von der Heide,"),
        ("Petra Schulz", "Guten Tag Petra Schulz,"),
        ("", "Sehr geehrte Damen und Herren,"),
    ],
)
def test_the_salutation_follows_the_person_on_the_record(person, salutation):
    facts = ThanksFacts(partner="IHK", person_name=person, company="Holzwurm")
    assert thanks_letter.suggested_salutation(facts) == salutation


def test_the_address_is_what_the_record_holds():
    facts = ThanksFacts(
        partner="IHK Chemnitz",
        person_name="Frau Petra Schulz",
        company="Holzwurm",
        street="Straße der Nationen 25",
        postal_code="09111",
        city="Chemnitz",
    )
    recipient = thanks_letter.recipient(facts)
    assert (recipient.company, recipient.last_name, recipient.city) == (
        "IHK Chemnitz",
        "Schulz",
        "Chemnitz",
    )
    assert facts.has_address
    assert not FACTS.has_address


@pytest.mark.parametrize(
    ("body", "greeting", "rest"),
    [
        ("Liebe Frau Schulz,\n\nvielen Dank.", "Liebe Frau Schulz,", "vielen Dank."),
        ("Sehr geehrte Damen und Herren,\nDanke.", "Sehr geehrte Damen und Herren,", "Danke."),
        ("vielen Dank.\n\nLiebe Grüße", None, "vielen Dank.\n\nLiebe Grüße"),
        ("Lieber spät als nie: " + "x" * 80, None, "Lieber spät als nie: " + "x" * 80),
    ],
)
def test_a_greeting_typed_into_the_body_is_taken_out(body, greeting, rest):
    assert thanks_letter.greeting_split(body) == (greeting, rest)


@pytest.mark.parametrize(
    ("body", "rest"),
    [
        ("Danke.\n\nMit freundlichen Grüßen\n\nAnna Becker", "Danke."),
        ("Danke.\nViele Grüße", "Danke."),
        ("Danke.\nMit freundlichen Grüßen zurück an alle\nund mehr", None),
    ],
)
def test_a_closing_typed_into_the_body_is_taken_out(body, rest):
    assert thanks_letter.closing_strip(body) == (rest if rest is not None else body)
