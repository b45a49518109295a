"""How long cases stay in each stage, and the cohorts opened and won per month."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    F,
    Q,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from crm.models import (
    CaseStageSummary,
    Stage,
    Team,
)
from crm.reports.scope import (
    ReportFilters,
    cases_in_scope,
    pipeline_stages,
    share,
)


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` percentile with linear interpolation (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True, slots=True)
class StageTime:
    stage: Stage
    # Cases that reached the stage and have left it: their total days in it.
    moved_on: int
    median_days: float | None
    p75_days: float | None
    # Cases in the stage now (their stay is still running).
    there_now: int


@dataclass(frozen=True, slots=True)
class CohortMonth:
    month: date  # the first of the month
    opened: int
    won: int  # of the cases opened this month, won so far
    won_in_month: int  # of the cohort, won this month

    @property
    def won_rate(self) -> float | None:
        return share(self.won, self.opened)


@dataclass(frozen=True, slots=True)
class TimeReport:
    filters: ReportFilters
    stages: list[StageTime]
    months: list[CohortMonth]


_DAY = 86400.0


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def time_report(*, team: Team, filters: ReportFilters) -> TimeReport:
    """Median and 75th percentile days per stage; cases opened and won per month (five queries).

    A stay counts once the case has left the stage (the summary's completed time,
    all stays together when the case came back); cases still in the stage are
    counted apart, so that running stays do not pull the figures down.
    """
    stages = pipeline_stages(pipeline=filters.pipeline)
    cases = cases_in_scope(team=team, filters=filters)
    timed = [s for s in stages.all if s.kind in (Stage.Kind.OPEN, Stage.Kind.PAUSED)]
    spent: dict[int, list[float]] = {stage.pk: [] for stage in timed}
    rows = (
        CaseStageSummary.objects.filter(case__in=cases.values("pk"), stage_id__in=spent)
        .exclude(case__stage_id=F("stage_id"))
        .values_list("stage_id", "time_spent")
    )
    for stage_id, time_spent in rows:
        spent[stage_id].append(time_spent.total_seconds() / _DAY)
    there_now = dict(
        cases.filter(stage_id__in=spent)
        .values_list("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
    stage_times = [
        StageTime(
            stage=stage,
            moved_on=len(spent[stage.pk]),
            median_days=percentile(spent[stage.pk], 0.5),
            p75_days=percentile(spent[stage.pk], 0.75),
            there_now=there_now.get(stage.pk, 0),
        )
        for stage in timed
    ]

    won = Q(stage_id=stages.won.pk) if stages.won else Q(pk__in=[])
    tz = timezone.get_current_timezone()

    def month_of(value: datetime | date) -> date:
        if isinstance(value, datetime):
            return (
                timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
            )
        return value

    opened: dict[date, dict[str, Any]] = {
        month_of(row["month"]): dict(row)
        for row in cases.annotate(month=TruncMonth("opened_at", tzinfo=tz))
        .values("month")
        .annotate(opened=Count("pk"), won=Count("pk", filter=won))
        .order_by("month")
    }
    won_in = {
        month_of(row["month"]): row["n"]
        for row in cases.filter(won)
        .annotate(month=TruncMonth("closed_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    }
    months: list[CohortMonth] = []
    present = sorted(set(opened) | set(won_in))
    if present:
        today = timezone.localdate()
        first = filters.start.replace(day=1) if filters.start else present[0]
        until = min(filters.end, today) if filters.end else today
        for month in _months(first, max(present[-1], until.replace(day=1))):
            row = opened.get(month, {})
            months.append(
                CohortMonth(
                    month=month,
                    opened=row.get("opened", 0),
                    won=row.get("won", 0),
                    won_in_month=won_in.get(month, 0),
                )
            )
    return TimeReport(filters=filters, stages=stage_times, months=months)
