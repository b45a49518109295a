"""Which cases: the conditions the case list and the reports share.

A report's figure and the case list behind it must not disagree, so both build
their conditions from here: opened or closed in a period, reached a stage, left
a stage, introduced by a partner, and the values of the warm and prepared
drill-downs. Each is a condition on the case row (with at most an EXISTS), so
that the case list and a grouped report cost one query either way.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from crm.models import AcquisitionCase, CaseStageSummary, Preparation, Stage

# Warm or cold, prepared or not: the values the case list's drill-down filters take.
WARM, COLD = "warm", "cold"
PREPARED, UNPREPARED, NOT_CONTACTED = (
    Preparation.PREPARED.value,
    Preparation.UNPREPARED.value,
    Preparation.NOT_CONTACTED.value,
)


def day_start(day: date) -> datetime:
    """The first moment of a local calendar day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def opened_between_q(start: date | None, end: date | None) -> Q:
    """Opened on or after `start` and on or before `end` (local calendar days)."""
    condition = Q()
    if start is not None:
        condition &= Q(opened_at__gte=day_start(start))
    if end is not None:
        condition &= Q(opened_at__lt=day_start(end + timedelta(days=1)))
    return condition


def closed_between_q(start: date | None, end: date | None) -> Q:
    condition = Q(closed_at__isnull=False)
    if start is not None:
        condition &= Q(closed_at__gte=day_start(start))
    if end is not None:
        condition &= Q(closed_at__lt=day_start(end + timedelta(days=1)))
    return condition


def reached_ids(stage: Stage, stages: Sequence[Stage]) -> tuple[frozenset[int], frozenset[int]]:
    """A case reached `stage` when its furthest stage is in the first set or its current
    stage in the second (`stages`: all stages of the pipeline)."""
    won = frozenset(s.pk for s in stages if s.kind == Stage.Kind.WON)
    if stage.kind == Stage.Kind.WON:
        return frozenset(), frozenset({stage.pk})
    if not stage.is_open:
        raise ValueError("only open and won stages are steps of the funnel")
    at_or_after = frozenset(
        s.pk
        for s in stages
        if s.kind in (Stage.Kind.OPEN, Stage.Kind.WON) and s.position >= stage.position
    )
    return at_or_after, won


def reached_q(stage: Stage, stages: Sequence[Stage]) -> Q:
    """Cases that reached `stage`, as a condition on the case row alone (no joins)."""
    furthest, current = reached_ids(stage, stages)
    return Q(furthest_stage_id__in=furthest) | Q(stage_id__in=current)


def left_stage_q(stage: Stage) -> Q:
    """Cases that were in `stage` and are no longer: their time there is complete."""
    return Q(
        Exists(CaseStageSummary.objects.filter(case_id=OuterRef("pk"), stage_id=stage.pk))
    ) & ~Q(stage_id=stage.pk)


def introduced_by_q(partner_id: int) -> Q:
    """Cases the partner introduced us to (an introduction made, not merely requested)."""
    # Through the case's own relation: the pipeline does not import the outreach app.
    return Q(
        Exists(
            AcquisitionCase.objects.filter(
                pk=OuterRef("pk"),
                introductions__introducer_id=partner_id,
                introductions__requested=False,
            )
        )
    )
