"""Masking names, addresses and dates, and the fingerprints of masked texts (no database)."""

import pytest

from outreach.quality import (
    mask_text,
    text_fingerprint,
)
from tests.outreach.quality.plain import (
    mass_letter,
    merge_values,
    tailored_letter,
)


@pytest.mark.parametrize(
    ("text", "values", "masked"),
    [
        ("Liebe Grüße an Anna Müller!", ["Anna Müller"], "Liebe Grüße an [merge]!"),
        ("Liebe Grüße\nKatrin Vogel", [], "Liebe Grüße\nKatrin Vogel"),
        ("Liebe Kolleginnen und Kollegen,", [], "Liebe Kolleginnen und Kollegen,"),
        ("Grüße an ANNA MUELLER.", ["Anna Müller"], "Grüße an [merge]."),
        ("Grüße an Anna Müller.", ["Anna Mueller"], "Grüße an [merge]."),
        ("Bei Weissenfels & Söhne", ["Weißenfels & Söhne"], "Bei [merge]"),
        ("Die Metallbau Köhler hat", ["Metallbau Köhler GmbH"], "Die [merge] hat"),
        ("Müllers Team", ["Müller"], "[merge] Team"),
        ("Der Bauernhof von Bauer", ["Bauer"], "Der Bauernhof von [merge]"),
        ("Frau Dr. Schulz sagte", [], "[person] sagte"),
        ("wie Herr Schulz Ihnen sagte", [], "wie [person] Ihnen sagte"),
        ("an Herrn Thomas Köhler\n", [], "an [person]\n"),
        ("Sehr geehrter Herr Prof. Dr. Vogt,", [], "[salutation],"),
        ("Guten Tag Kim Brandt,", [], "[salutation],"),
        ("Sehr geehrte Frau Müller,", ["Müller"], "[salutation],"),
        ("04109 Leipzig\n", [], "[place]\n"),
        ("06108 Halle (Saale)", [], "[place]"),
        ("60311 Frankfurt am Main", [], "[place]"),
        ("Lindenstraße 12a, Am Markt 3", [], "[street], [street]"),
        ("am 3. Oktober 2026 und am 12.10.2026", [], "am [date] und am [date]"),
        ("bis 2026-11-25.", [], "bis [date]."),
        ("an info@mueller-metall.de", ["Müller"], "an [email]"),
        ("seit 25 Jahren mit 40 Beschäftigten", [], "seit 25 Jahren mit 40 Beschäftigten"),
    ],
)
def test_mask_text(text, values, masked):
    assert mask_text(text, values) == masked


def test_mass_letters_share_a_fingerprint_and_tailored_ones_do_not():
    first, second = (text_fingerprint(mass_letter(i), merge_values(i)) for i in (0, 1))
    assert first == second
    assert text_fingerprint(mass_letter(0), merge_values(0)) == first  # deterministic
    assert "|" in first  # cut into chunks
    assert "merge" in first
    assert "mueller" not in first
    assert text_fingerprint(tailored_letter(0), merge_values(0)) != text_fingerprint(
        tailored_letter(1), merge_values(1)
    )
