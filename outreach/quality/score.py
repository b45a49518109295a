"""How targeted a set of first contacts was: prepared, warm and tailored (pure)."""

from collections.abc import Iterable
from dataclasses import dataclass

from outreach.quality.catalogue import GENERIC_TEXT, UNPREPARED_FIRST_CONTACT
from outreach.quality.findings import Finding
from outreach.quality.inputs import Outreach


@dataclass(frozen=True, slots=True)
class TargetingScore:
    """How targeted a set of first contacts was; each share in percent (0-100)."""

    first_contacts: int
    prepared: int
    warm: int
    tailored: int
    targeted: int  # prepared, warm and tailored at once

    def _percent(self, part: int) -> float | None:
        return None if not self.first_contacts else round(100 * part / self.first_contacts, 1)

    @property
    def prepared_percent(self) -> float | None:
        return self._percent(self.prepared)

    @property
    def warm_percent(self) -> float | None:
        return self._percent(self.warm)

    @property
    def tailored_percent(self) -> float | None:
        return self._percent(self.tailored)

    @property
    def targeted_percent(self) -> float | None:
        return self._percent(self.targeted)

    @property
    def score(self) -> float | None:
        """The mean of the prepared, warm and tailored shares; None without first contacts."""
        if not self.first_contacts:
            return None
        parts = self.prepared + self.warm + self.tailored
        return round(100 * parts / (3 * self.first_contacts), 1)


def targeting_score(
    items_with_findings: Iterable[tuple[Outreach, Iterable[Finding]]],
) -> TargetingScore:
    """How prepared, warm and tailored the first outbound contacts among the items were."""
    first = prepared = warm = tailored = targeted = 0
    for item, findings in items_with_findings:
        if not (item.outbound and item.is_first_outbound):
            continue
        fired = {finding.rule_id for finding in findings}
        is_prepared = UNPREPARED_FIRST_CONTACT not in fired
        # Tailored: the company's own text, not alike to other outreach.
        is_tailored = not item.common_text and GENERIC_TEXT not in fired
        first += 1
        prepared += is_prepared
        warm += item.warm
        tailored += is_tailored
        targeted += is_prepared and item.warm and is_tailored
    return TargetingScore(first, prepared, warm, tailored, targeted)
