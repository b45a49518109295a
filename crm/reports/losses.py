"""Why cases were lost, and the cases on hold with their resume dates."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    F,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import (
    AcquisitionCase,
    LostReason,
    Team,
)
from crm.reports.scope import (
    ReportFilters,
    cases_in_scope,
    pipeline_stages,
    share,
)

# The paused cases list shows this many, soonest resume date first; the count links to all.
PAUSED_ROWS = 100


@dataclass(frozen=True, slots=True)
class ReasonRow:
    reason: LostReason | None
    label: str
    count: int
    share: float | None


@dataclass(frozen=True, slots=True)
class LossReport:
    filters: ReportFilters
    lost: int
    reasons: list[ReasonRow]
    paused: int
    paused_overdue: int  # the resume date has come
    paused_cases: list[AcquisitionCase]


def loss_report(*, team: Team, filters: ReportFilters, today: date | None = None) -> LossReport:
    """Why the cohort's lost cases were lost; its cases on hold with their resume dates.

    Five queries: stages, reasons counted, the reasons' names, paused counts, paused rows.
    """
    today = today or timezone.localdate()
    stages = pipeline_stages(pipeline=filters.pipeline)
    cases = cases_in_scope(team=team, filters=filters)
    lost = Q(stage_id=stages.lost.pk) if stages.lost else Q(pk__in=[])
    paused_q = Q(stage_id=stages.paused.pk) if stages.paused else Q(pk__in=[])
    counted: dict[int | None, int] = dict(
        cases.filter(lost)
        .values_list("lost_reason_id")
        .annotate(n=Count("pk"))
        .values_list("lost_reason_id", "n")
    )
    lost_count = sum(counted.values())
    reasons = LostReason.objects.filter(team=team).order_by("position", "id")
    rows = [
        ReasonRow(
            reason=r,
            label=r.name,
            count=counted.get(r.pk, 0),
            share=share(counted.get(r.pk, 0), lost_count),
        )
        for r in reasons
        if r.is_active or counted.get(r.pk)
    ]
    if counted.get(None):
        rows.append(
            ReasonRow(
                reason=None,
                label=_("(no reason recorded)"),
                count=counted[None],
                share=share(counted[None], lost_count),
            )
        )
    paused = cases.filter(paused_q)
    paused_counts = paused.aggregate(
        n=Count("pk"), overdue=Count("pk", filter=Q(paused_until__lte=today))
    )
    paused_cases = list(
        paused.select_related("company", "owner").order_by(
            F("paused_until").asc(nulls_last=True), "id"
        )[:PAUSED_ROWS]
    )
    return LossReport(
        filters=filters,
        lost=lost_count,
        reasons=rows,
        paused=paused_counts["n"] or 0,
        paused_overdue=paused_counts["overdue"] or 0,
        paused_cases=paused_cases,
    )
