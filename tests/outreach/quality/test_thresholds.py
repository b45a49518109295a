"""A team's thresholds: the defaults, nonsense refused, strict ones accepted (no database)."""

import pytest

from outreach.quality import (
    MSG_AT_LEAST_ONE,
    MSG_AT_LEAST_ONE_DAY,
    MSG_PERCENT,
    MSG_SIMILARITY,
    MSG_TIE_STRENGTH,
    MSG_WHOLE_NUMBER,
    ThresholdError,
    Thresholds,
)
from tests.outreach.quality.plain import (
    check,
    item,
)


def test_default_thresholds_are_valid():
    Thresholds().validate()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"needs_profile_max_age_days": -1}, {"needs_profile_max_age_days": MSG_AT_LEAST_ONE_DAY}),
        ({"burst_days": 0}, {"burst_days": MSG_AT_LEAST_ONE_DAY}),
        ({"generic_window_days": 0}, {"generic_window_days": MSG_AT_LEAST_ONE_DAY}),
        ({"burst_days": 7.5}, {"burst_days": MSG_WHOLE_NUMBER}),
        ({"burst_max_cold_first": 0}, {"burst_max_cold_first": MSG_AT_LEAST_ONE}),
        ({"template_max_companies": -3}, {"template_max_companies": MSG_AT_LEAST_ONE}),
        ({"generic_similarity": 0}, {"generic_similarity": MSG_SIMILARITY}),
        ({"generic_similarity": 100.5}, {"generic_similarity": MSG_SIMILARITY}),
        ({"generic_similarity": -5}, {"generic_similarity": MSG_SIMILARITY}),
        ({"campaign_generic_max_percent": 120}, {"campaign_generic_max_percent": MSG_PERCENT}),
        ({"strong_tie_min_strength": 6}, {"strong_tie_min_strength": MSG_TIE_STRENGTH}),
        ({"strong_tie_min_strength": True}, {"strong_tie_min_strength": MSG_WHOLE_NUMBER}),
        (
            {"burst_days": -7, "generic_similarity": 150},
            {"burst_days": MSG_AT_LEAST_ONE_DAY, "generic_similarity": MSG_SIMILARITY},
        ),
    ],
)
def test_nonsense_thresholds_are_refused(overrides, errors):
    thresholds = Thresholds(**overrides)
    with pytest.raises(ThresholdError) as raised:
        thresholds.validate()
    assert raised.value.errors == errors
    assert isinstance(raised.value, ValueError)
    for field_name in errors:
        assert field_name in str(raised.value)
    with pytest.raises(ThresholdError):
        check(item(), thresholds=thresholds)


@pytest.mark.parametrize(
    "overrides",
    [{"generic_similarity": 100}, {"campaign_generic_max_percent": 0}, {"burst_max_cold_first": 1}],
)
def test_strict_but_sensible_thresholds_are_accepted(overrides):
    Thresholds(**overrides).validate()
