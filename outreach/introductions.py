"""Who could introduce us to a company: rank network partners by their ties (pure).

The inputs are plain records that a selector fetched for one target company:
the ties of partners to that company, the ties of partners to *partner
companies* that themselves know the target (two-step paths), and each partner's
record of introductions. The ranking weighs

- tie strength (1-5, set by staff),
- recency of the last interaction, decaying exponentially with a half-life
  (default 180 days: a contact from half a year ago counts half),
- the partner's record: introductions that led to a meeting, smoothed so that
  one lucky introduction does not outrank a long good record,
- two-step paths (partner -> partner company -> target, where the partner
  company may know the target only through a shared association), discounted.

Every suggestion carries the reasons it was made, as data (`Reason`), so the
interface can word them in the user's language.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

DEFAULT_HALF_LIFE_DAYS = 180
# A tie nobody dated is treated as this old: known, but not fresh.
UNDATED_AGE_DAYS = 365
# A path through an intermediary is worth less than knowing the company directly.
TWO_STEP_DISCOUNT = 0.5
# Prior for the introduction record: like one success in two attempts.
PRIOR_MEETINGS = 1.0
PRIOR_INTRODUCTIONS = 2.0


@dataclass(frozen=True, slots=True)
class Tie:
    """A partner's tie to a company."""

    partner_id: int
    company_id: int
    kind: str
    strength: int
    last_interaction: date | None = None


@dataclass(frozen=True, slots=True)
class PartnerRecord:
    """A partner, and what became of the introductions it made."""

    partner_id: int
    name: str
    introductions: int = 0
    meetings: int = 0
    # For partner companies: their record among the companies (the intermediary
    # of two-step paths).
    company_id: int | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a suggestion's explanation; `code` says which, the rest its figures."""

    code: str  # "tie", "recency", "record", "via" (two steps)
    tie_kind: str = ""
    strength: int = 0
    days_ago: int | None = None
    introductions: int = 0
    meetings: int = 0
    via_partner_id: int | None = None
    via_name: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    partner_id: int
    name: str
    score: float  # 0..1
    direct: bool
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def recency_weight(last: date | None, *, today: date, half_life_days: float) -> float:
    """1.0 for a contact today, 0.5 after one half-life, and so on."""
    age = UNDATED_AGE_DAYS if last is None else max((today - last).days, 0)
    return math.pow(0.5, age / half_life_days)


def record_weight(introductions: int, meetings: int) -> float:
    """Smoothed share of introductions that led to a meeting (0..1)."""
    return (meetings + PRIOR_MEETINGS) / (introductions + PRIOR_INTRODUCTIONS)


def tie_weight(tie: Tie, *, today: date, half_life_days: float) -> float:
    """Strength scaled to 0..1, faded by the age of the last interaction."""
    strength = min(max(tie.strength, 1), 5) / 5
    return strength * recency_weight(
        tie.last_interaction, today=today, half_life_days=half_life_days
    )


def _days_ago(last: date | None, today: date) -> int | None:
    return None if last is None else max((today - last).days, 0)


def rank_introducers(
    *,
    target_company_id: int,
    ties: Iterable[Tie],
    partners: Mapping[int, PartnerRecord],
    today: date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    limit: int = 5,
) -> list[Suggestion]:
    """The partners best placed to introduce us to the target, best first.

    `ties` holds the partners' ties to the target and to the companies of other
    partners; ties elsewhere are ignored. A partner that is reachable both
    directly and through an intermediary is ranked by its better path.
    """
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")

    direct: dict[int, Tie] = {}
    to_company: dict[int, list[Tie]] = defaultdict(list)
    for tie in ties:
        if tie.company_id == target_company_id:
            known = direct.get(tie.partner_id)
            if known is None or tie_weight(tie, today=today, half_life_days=half_life_days) > (
                tie_weight(known, today=today, half_life_days=half_life_days)
            ):
                direct[tie.partner_id] = tie
        else:
            to_company[tie.company_id].append(tie)

    best: dict[int, Suggestion] = {}

    def offer(suggestion: Suggestion) -> None:
        current = best.get(suggestion.partner_id)
        if current is None or suggestion.score > current.score:
            best[suggestion.partner_id] = suggestion

    for partner_id, tie in direct.items():
        partner = partners.get(partner_id)
        if partner is None:
            continue
        record = record_weight(partner.introductions, partner.meetings)
        # The record moves a score by at most a third: a strong, fresh tie matters most.
        score = tie_weight(tie, today=today, half_life_days=half_life_days) * (2 + record) / 3
        offer(
            Suggestion(
                partner_id=partner_id,
                name=partner.name,
                score=score,
                direct=True,
                reasons=_reasons(tie, partner, today),
            )
        )

    # Two steps: partner P knows partner company Q, and Q knows the target.
    for via_id, via_tie in direct.items():
        via = partners.get(via_id)
        if via is None or via.company_id is None:
            continue
        via_weight = tie_weight(via_tie, today=today, half_life_days=half_life_days)
        for tie in to_company.get(via.company_id, ()):
            partner = partners.get(tie.partner_id)
            if partner is None or tie.partner_id == via_id:
                continue
            record = record_weight(partner.introductions, partner.meetings)
            first = tie_weight(tie, today=today, half_life_days=half_life_days)
            score = TWO_STEP_DISCOUNT * first * via_weight * (2 + record) / 3
            offer(
                Suggestion(
                    partner_id=partner.partner_id,
                    name=partner.name,
                    score=score,
                    direct=False,
                    reasons=(
                        Reason(
                            code="via",
                            via_partner_id=via_id,
                            via_name=via.name,
                            tie_kind=via_tie.kind,
                            strength=via_tie.strength,
                            days_ago=_days_ago(via_tie.last_interaction, today),
                        ),
                        *_reasons(tie, partner, today),
                    ),
                )
            )

    ranked = sorted(best.values(), key=lambda s: (-s.score, s.name, s.partner_id))
    return ranked[:limit]


def _reasons(tie: Tie, partner: PartnerRecord, today: date) -> tuple[Reason, ...]:
    reasons = [
        Reason(code="tie", tie_kind=tie.kind, strength=tie.strength),
        Reason(code="recency", days_ago=_days_ago(tie.last_interaction, today)),
    ]
    if partner.introductions:
        reasons.append(
            Reason(code="record", introductions=partner.introductions, meetings=partner.meetings)
        )
    return tuple(reasons)
