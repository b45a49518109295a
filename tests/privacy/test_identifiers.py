"""The name, email and phone variants of a person, and scrubbing them (no database)."""

from privacy.identifiers import (
    ERASED_NAME,
    REMOVED,
    Person,
    identifiers_for,
    mentions,
    phone_variants,
    scrub_json,
    scrub_text,
)

ANNA = Person(
    first_name="Anna",
    last_name="Müller",
    title="Dr.",
    salutation="frau",
    emails=("Anna.Mueller@Firma.de",),
    phones=("+49 341 1234567",),
)


def test_name_variants_cover_the_usual_ways_of_writing_a_name():
    names = identifiers_for(ANNA).names
    for written in (
        "Dr. Anna Müller",
        "Anna Müller",
        "Müller, Anna",
        "Frau Dr. Müller",
        "Frau Müller",
    ):
        assert written in names
    assert "Müller" not in names  # a last name alone would hit "Müller GmbH"


def test_phone_variants_include_national_international_and_grouped_forms():
    variants = phone_variants("+49 341 1234567")
    for written in ("03411234567", "+493411234567", "0341 1234567", "0341/1234567", "0341-1234567"):
        assert written in variants


def test_scrub_text_replaces_names_and_removes_contacts():
    ids = identifiers_for(ANNA)
    text = "Sehr geehrte Frau Dr. Müller, Rückruf an anna.mueller@firma.de oder 0341/1234567."
    assert scrub_text(text, ids) == (
        f"Sehr geehrte {ERASED_NAME}, Rückruf an {REMOVED} oder {REMOVED}."
    )
    assert scrub_text("Müller GmbH", ids) == "Müller GmbH"
    assert scrub_text("anna.mueller@firma.de", ids) == ""  # an email field stays valid


def test_scrub_json_reaches_nested_values_and_names_side_by_side():
    ids = identifiers_for(ANNA)
    value = {"rows": [{"first": "Anna", "last": "Müller"}, {"note": "Anna Müller ruft an"}]}
    assert scrub_json(value, ids) == {
        "rows": [{"first": ERASED_NAME, "last": ERASED_NAME}, {"note": f"{ERASED_NAME} ruft an"}]
    }
    assert scrub_json(["Müller GmbH", "Leipzig"], ids) == ["Müller GmbH", "Leipzig"]


def test_mentions_ignores_case():
    assert mentions("ANNA MÜLLER", identifiers_for(ANNA))
    assert not mentions("Anna Schmidt", identifiers_for(ANNA))


def test_a_change_history_that_names_the_person_loses_the_name_parts_too():
    ids = identifiers_for(ANNA)
    changes = {
        "first_name": [None, "Anna"],
        "last_name": [None, "Müller"],
        "email": [None, "anna.mueller@firma.de"],
    }
    assert scrub_json(changes, ids) == {
        "first_name": [None, ERASED_NAME],
        "last_name": [None, ERASED_NAME],
        "email": [None, ""],
    }
    # A document that does not name her keeps a "Müller" of its own.
    assert scrub_json({"last_name": ["Müller", "Schmidt"]}, ids) == {
        "last_name": ["Müller", "Schmidt"]
    }
