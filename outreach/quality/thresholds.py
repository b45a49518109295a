"""A team's thresholds for the targeting rules, and what makes them sensible (pure)."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

MSG_WHOLE_NUMBER = "must be a whole number"
MSG_NUMBER = "must be a number"
MSG_AT_LEAST_ONE_DAY = "must be at least one day"
MSG_AT_LEAST_ONE = "must be at least 1"
MSG_TIE_STRENGTH = "must be a tie strength from 1 to 5"
MSG_SIMILARITY = "must be above 0 and at most 100"
MSG_PERCENT = "must lie between 0 and 100"


class ThresholdError(ValueError):
    """Thresholds that make no sense; `errors` maps each bad field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A team's settings for the rules; the defaults suit a network office."""

    # 1. A needs profile older than this no longer counts as preparation.
    needs_profile_max_age_days: int = 365
    # 2. A tie is strong at this strength (1-5) with an interaction this recent.
    strong_tie_min_strength: int = 4
    strong_tie_max_age_days: int = 365
    # 3. Masked texts at least this similar (0-100) within the window are alike;
    #    shorter texts count only where they are the same.
    generic_similarity: float = 90.0
    generic_window_days: int = 90
    generic_min_words: int = 40
    # 3. A campaign is blocked when more than this percentage of its letters is
    #    generic, once it has at least this many comparable letters.
    campaign_generic_max_percent: float = 30.0
    campaign_generic_min_letters: int = 5
    # 4. More than this many cold first contacts in this many days is a burst.
    burst_max_cold_first: int = 10
    burst_days: int = 7
    # 4. One template used for first contacts with more than this many companies
    #    in this many days.
    template_max_companies: int = 20
    template_window_days: int = 30
    # 9. A letter or email fewer than this many days after the last one to the company.
    repeat_contact_days: int = 14

    def validate(self) -> None:
        """Raise ThresholdError naming every field whose value makes no sense."""
        errors: dict[str, str] = {}
        days = (
            "needs_profile_max_age_days",
            "strong_tie_max_age_days",
            "generic_window_days",
            "burst_days",
            "template_window_days",
            "repeat_contact_days",
        )
        counts = (
            "generic_min_words",
            "campaign_generic_min_letters",
            "burst_max_cold_first",
            "template_max_companies",
        )
        for name in (*days, *counts, "strong_tie_min_strength"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                errors[name] = MSG_WHOLE_NUMBER
            elif name in days and value < 1:
                errors[name] = MSG_AT_LEAST_ONE_DAY
            elif name in counts and value < 1:
                errors[name] = MSG_AT_LEAST_ONE
            elif name == "strong_tie_min_strength" and not 1 <= value <= 5:
                errors[name] = MSG_TIE_STRENGTH
        for name, low_open in (
            ("generic_similarity", True),
            ("campaign_generic_max_percent", False),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                errors[name] = MSG_NUMBER
            elif low_open and not 0 < value <= 100:
                errors[name] = MSG_SIMILARITY
            elif not low_open and not 0 <= value <= 100:
                errors[name] = MSG_PERCENT
        if errors:
            raise ThresholdError(errors)
