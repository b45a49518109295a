"""Flag details word their figures in the active language."""

import pytest
from django.utils import translation

from outreach import quality
from outreach.explanations import finding_detail


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "100,0 %"), ("en", "100.0 %")],
)
def test_similarity_is_written_with_the_languages_decimal_mark(language, expected):
    with translation.override(language):
        text = finding_detail(quality.GENERIC_TEXT, {"similarity": 100.0, "similar_texts": 2})
    assert expected in text


def test_a_campaigns_share_of_mass_letters_is_written_in_german():
    evidence = {"scope": "campaign", "generic": 3, "letters": 7, "percent": 42.9, "max_percent": 30}
    with translation.override("de"):
        text = finding_detail(quality.GENERIC_TEXT, evidence)
    assert "42,9 %" in text
    assert "42.9" not in text
