"""Splitting full names as German address lists write them (plain strings, no database)."""

import pytest

from companies.person_names import PersonName, split_person_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frau Dr. Petra Meißner", PersonName("frau", "Dr.", "Petra", "Meißner")),
        ("Meißner, Petra", PersonName("", "", "Petra", "Meißner")),
        ("Herrn Klaus-Peter von der Heide", PersonName("herr", "", "Klaus-Peter", "von der Heide")),
        ("Petra Meißner", PersonName("", "", "Petra", "Meißner")),
        ("Meißner", PersonName("", "", "", "Meißner")),
        ("Frau Meißner", PersonName("frau", "", "", "Meißner")),
        ("Prof. Dr.-Ing. Hans Müller", PersonName("", "Prof. Dr.-Ing.", "Hans", "Müller")),
        ("Herr Dr. med. Jan van Dyk", PersonName("herr", "Dr. med.", "Jan", "van Dyk")),
        ("Dipl.-Kfm. Jan de Vries", PersonName("", "Dipl.-Kfm.", "Jan", "de Vries")),
        ("Anna Maria Schulze", PersonName("", "", "Anna Maria", "Schulze")),
        ("von Weizsäcker, Dr. Richard", PersonName("", "Dr.", "Richard", "von Weizsäcker")),
        ("Meißner, Frau Petra", PersonName("frau", "", "Petra", "Meißner")),
        ("E. Meißner", PersonName("", "", "E.", "Meißner")),  # an initial is no title
        ("Hr. Jan  Groß ", PersonName("herr", "", "Jan", "Groß")),
        ("Ms Jane Doe", PersonName("frau", "", "Jane", "Doe")),
        ("  ", PersonName()),
        ("Frau Dr.", PersonName("frau", "Dr.", "", "")),
    ],
)
def test_split_person_name(text, expected):
    assert split_person_name(text) == expected
