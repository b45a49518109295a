"""Codes shared by models and pure modules, and the East/West approximation."""

import pytest

from benefits import vocabulary
from benefits.models import Need


def test_model_choices_use_the_vocabulary_codes():
    assert tuple(Need.values) == vocabulary.NEEDS
    assert set(vocabulary.NEED_KEYWORDS) == set(vocabulary.CATALOGUE_NEEDS)


@pytest.mark.parametrize(
    ("postal_code", "region"),
    [
        ("04109", "east"),  # Leipzig
        ("10115", "east"),  # Berlin, counted with the East as Destatis does
        ("99084", "east"),  # Erfurt
        ("39104", "east"),  # Magdeburg
        ("38855", "east"),  # Wernigerode (Harz) among West codes
        ("37308", "east"),  # Heilbad Heiligenstadt (Eichsfeld)
        ("96515", "east"),  # Sonneberg
        ("19273", "west"),  # Amt Neuhaus, Lower Saxony
        ("80331", "west"),  # München
        ("50667", "west"),  # Köln
        ("38100", "west"),  # Braunschweig
        ("", None),
        ("1234", None),
        ("abcde", None),
    ],
)
def test_region_for_postal_code(postal_code, region):
    assert vocabulary.region_for_postal_code(postal_code) == region
