"""Funnel and team-lead reports, computed from the per-case stage summary.

The services keep on every case its furthest stage (open stages and won only),
its current stage and when it entered it, and per stage a `CaseStageSummary`
(first reached, how often, completed time spent). The reports read those, never
the whole stage history or touchpoint table:

- a case *reached* an open stage when its furthest stage lies at or after it
  (reaching a later stage counts as having passed the earlier ones, a skipped
  stage included; going back a step or being lost and reopened takes nothing
  away); it reached "won" when it is won;
- the cases of a report are the *cohort* opened in the period; what became of
  them is counted up to now.

Each report is one plain function with keyword arguments that returns a
dataclass and costs a fixed number of queries, whatever the number of cases.
The same Q objects drive the case list's drill-down filters (`crm.filters`),
so a figure and the list behind it cannot disagree.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from benefits.models import NeedsProfile
from companies.models import NetworkPartner, SizeClass, section_choices
from crm.models import (
    AcquisitionCase,
    CaseStageSummary,
    LostReason,
    Pipeline,
    Preparation,
    Source,
    Stage,
    Team,
)
from outreach import quality
from outreach import selectors as outreach_selectors
from outreach.models import Introduction, OutreachFlag, Touchpoint

# The paused cases list shows this many, soonest resume date first; the count links to all.
PAUSED_ROWS = 100


# ------------------------------------------------------------------------------
# Scope: which cases a report counts
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReportFilters:
    """The cohort: cases of one pipeline opened in a period, optionally narrowed down."""

    pipeline: Pipeline
    start: date | None = None
    end: date | None = None
    owner_id: int | None = None
    district: str = ""
    sector: str = ""
    source: str = ""

    def case_list_params(self) -> dict[str, str]:
        """The same cohort as query parameters of the case list (`cases:list`)."""
        params = {"pipeline": str(self.pipeline.pk)}
        if self.start:
            params["opened_from"] = self.start.isoformat()
        if self.end:
            params["opened_to"] = self.end.isoformat()
        if self.owner_id:
            params["owner"] = str(self.owner_id)
        for name in ("district", "sector", "source"):
            if value := getattr(self, name):
                params[name] = value
        return params


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


def cases_in_scope(*, team: Team, filters: ReportFilters) -> QuerySet[AcquisitionCase]:
    """The team's cases a report counts (no joins unless a company filter asks for one)."""
    cases = AcquisitionCase.objects.filter(team=team, pipeline=filters.pipeline).filter(
        opened_between_q(filters.start, filters.end)
    )
    if filters.owner_id:
        cases = cases.filter(owner_id=filters.owner_id)
    if filters.district:
        cases = cases.filter(company__district=filters.district)
    if filters.sector:
        cases = cases.filter(company__sector_section=filters.sector)
    if filters.source:
        cases = cases.filter(source=filters.source)
    return cases.order_by()


# ------------------------------------------------------------------------------
# Stages of a pipeline, in funnel order
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PipelineStages:
    """The funnel's steps (open stages by position, then won) and the terminal stages."""

    funnel: list[Stage]
    won: Stage | None
    lost: Stage | None
    paused: Stage | None
    all: list[Stage]

    @property
    def open(self) -> list[Stage]:
        return [stage for stage in self.funnel if stage.is_open]

    def meeting(self) -> Stage | None:
        """The first-meeting stage: the open stage after the one that needs an introduction."""
        stages = self.open
        for index, stage in enumerate(stages[:-1]):
            if outreach_selectors.INTRODUCTION_REQUIREMENT in (stage.requirements or []):
                return stages[index + 1]
        # Without that marker: the last open stage before the offer, or the only one.
        return stages[-2] if len(stages) > 1 else (stages[0] if stages else None)


def pipeline_stages(*, pipeline: Pipeline) -> PipelineStages:
    """One query."""
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("position", "id"))
    by_kind = {stage.kind: stage for stage in stages if not stage.is_open}
    won = by_kind.get(Stage.Kind.WON)
    funnel = [stage for stage in stages if stage.is_open] + ([won] if won else [])
    return PipelineStages(
        funnel=funnel,
        won=won,
        lost=by_kind.get(Stage.Kind.LOST),
        paused=by_kind.get(Stage.Kind.PAUSED),
        all=stages,
    )


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


# ------------------------------------------------------------------------------
# The counts every funnel figure is made of
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FunnelCounts:
    """How many cases were opened, reached each funnel step, and are lost or paused now."""

    opened: int
    reached: tuple[int, ...]  # per `PipelineStages.funnel`
    lost: int
    paused: int

    @property
    def won(self) -> int:
        return self.reached[-1] if self.reached else 0

    @property
    def in_play(self) -> int:
        """Neither won nor lost (open or on hold)."""
        return self.opened - self.won - self.lost

    @property
    def won_rate(self) -> float | None:
        return share(self.won, self.opened)


def share(part: int, whole: int) -> float | None:
    """`part` as a fraction of `whole`; None when there is nothing to divide."""
    return part / whole if whole else None


# How many cases sit at each (furthest stage, current stage) pair: every funnel
# figure is a sum over these few dozen cells, so the database groups the case rows
# once and never evaluates a condition per figure.
Histogram = Counter[tuple[int, int]]


def histograms(
    cases: QuerySet[AcquisitionCase],
    *,
    group: str | Sequence[str] | None = None,
    distinct: bool = False,
) -> dict[Any, Histogram]:
    """Per value of `group` (a field path, or a tuple of them for a tuple of values;
    None: one for all), the cases per (furthest stage, current stage); one grouped query."""
    names = [group] if isinstance(group, str) else list(group or [])
    rows = (
        cases.values(*names, "furthest_stage_id", "stage_id")
        .annotate(n=Count("pk", distinct=distinct))
        .order_by()
    )
    found: dict[Any, Histogram] = defaultdict(Counter)
    for row in rows:
        if isinstance(group, str):
            key = row[group]
        else:
            key = tuple(row[name] for name in names) if names else None
        found[key][(row["furthest_stage_id"], row["stage_id"])] += row["n"]
    return found


def fold(histogram: Histogram, stages: PipelineStages) -> FunnelCounts:
    """The funnel's counts from a histogram (see `reached_q` for what "reached" means)."""
    reached = []
    for stage in stages.funnel:
        furthest, current = reached_ids(stage, stages.all)
        reached.append(sum(n for (f, s), n in histogram.items() if f in furthest or s in current))
    lost = stages.lost.pk if stages.lost else None
    paused = stages.paused.pk if stages.paused else None
    return FunnelCounts(
        opened=sum(histogram.values()),
        reached=tuple(reached),
        lost=sum(n for (_f, s), n in histogram.items() if s == lost),
        paused=sum(n for (_f, s), n in histogram.items() if s == paused),
    )


def funnel_counts_by(
    cases: QuerySet[AcquisitionCase],
    *,
    group: str,
    stages: PipelineStages,
    distinct: bool = False,
) -> dict[Any, FunnelCounts]:
    """The funnel's counts per value of `group` (a field path), in one grouped query."""
    found = histograms(cases, group=group, distinct=distinct)
    return {key: fold(histogram, stages) for key, histogram in found.items()}


# ------------------------------------------------------------------------------
# The funnel
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: Stage
    reached: int
    # Of the cases that reached the step before, the share that reached this one.
    conversion: float | None
    # Reached the step before but not this one.
    dropped: int
    share_of_opened: float | None
    # Of the cases that got no further than this step: lost, on hold, still open now.
    stopped_lost: int = 0
    stopped_paused: int = 0
    stopped_open: int = 0


@dataclass(frozen=True, slots=True)
class Funnel:
    filters: ReportFilters
    stages: PipelineStages
    counts: FunnelCounts
    steps: list[FunnelStep]

    @property
    def opened(self) -> int:
        return self.counts.opened


def _steps(
    counts: FunnelCounts, stages: PipelineStages, stopped: dict[str, int]
) -> list[FunnelStep]:
    steps = []
    previous: int | None = None
    for index, stage in enumerate(stages.funnel):
        reached = counts.reached[index]
        steps.append(
            FunnelStep(
                stage=stage,
                reached=reached,
                conversion=None if previous is None else share(reached, previous),
                dropped=0 if previous is None else previous - reached,
                share_of_opened=share(reached, counts.opened),
                stopped_lost=stopped.get(f"lost_{index}", 0),
                stopped_paused=stopped.get(f"paused_{index}", 0),
                stopped_open=stopped.get(f"open_{index}", 0),
            )
        )
        previous = reached
    return steps


def funnel_report(*, team: Team, filters: ReportFilters) -> Funnel:
    """How many of the cohort reached each stage, converted, dropped off, ended lost or paused.

    Two queries: the pipeline's stages and one grouped count of the cases.
    """
    stages = pipeline_stages(pipeline=filters.pipeline)
    histogram = histograms(cases_in_scope(team=team, filters=filters)).get(None, Counter())
    open_ids = {stage.pk for stage in stages.open}
    stopped: dict[str, int] = {}
    for index, stage in enumerate(stages.open):
        at = {s: n for (f, s), n in histogram.items() if f == stage.pk}
        stopped[f"lost_{index}"] = at.get(stages.lost.pk, 0) if stages.lost else 0
        stopped[f"paused_{index}"] = at.get(stages.paused.pk, 0) if stages.paused else 0
        stopped[f"open_{index}"] = sum(n for s, n in at.items() if s in open_ids)
    counts = fold(histogram, stages)
    return Funnel(
        filters=filters, stages=stages, counts=counts, steps=_steps(counts, stages, stopped)
    )


# ------------------------------------------------------------------------------
# Breakdowns: by source, warm or cold, prepared or not, person, district, sector, size
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GroupRow:
    key: Any  # the value the case list filters on
    label: str
    counts: FunnelCounts


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The funnel's figures per group of cases."""

    dimension: str
    filters: ReportFilters
    stages: PipelineStages
    rows: list[GroupRow]
    total: FunnelCounts


def _empty(stages: PipelineStages) -> FunnelCounts:
    return FunnelCounts(opened=0, reached=(0,) * len(stages.funnel), lost=0, paused=0)


def _total(rows: Iterable[FunnelCounts], stages: PipelineStages) -> FunnelCounts:
    rows = list(rows)
    return FunnelCounts(
        opened=sum(r.opened for r in rows),
        reached=tuple(sum(r.reached[i] for r in rows) for i in range(len(stages.funnel))),
        lost=sum(r.lost for r in rows),
        paused=sum(r.paused for r in rows),
    )


# The dimensions a breakdown can group by: the field path and how to label its values.
DIMENSIONS = ("owner", "district", "sector", "size_class")
_DIMENSION_FIELDS = {
    "owner": "owner_id",
    "district": "company__district",
    "sector": "company__sector_section",
    "size_class": "company__size_class",
}


def _labels(dimension: str, keys: Iterable[Any]) -> dict[Any, str]:
    keys = list(keys)
    if dimension == "owner":
        users = get_user_model().objects.in_bulk([k for k in keys if k is not None])
        return {pk: user.get_full_name() or user.get_username() for pk, user in users.items()}
    if dimension == "sector":
        return dict(section_choices())
    if dimension == "size_class":
        return {value: str(label) for value, label in SizeClass.choices}
    return {key: key for key in keys}


def breakdown_report(*, team: Team, filters: ReportFilters, dimension: str) -> Breakdown:
    """The funnel per person, district, sector or size class (two or three queries)."""
    if dimension not in _DIMENSION_FIELDS:
        raise ValueError(f"unknown dimension {dimension!r}")
    stages = pipeline_stages(pipeline=filters.pipeline)
    grouped = funnel_counts_by(
        cases_in_scope(team=team, filters=filters),
        group=_DIMENSION_FIELDS[dimension],
        stages=stages,
    )
    labels = _labels(dimension, grouped)
    unknown = _("(not recorded)")
    rows = [
        GroupRow(key=key or "", label=labels.get(key, key) or unknown, counts=counts)
        for key, counts in grouped.items()
    ]
    rows.sort(key=lambda row: (row.key == "", -row.counts.opened, row.label.casefold()))
    return Breakdown(
        dimension=dimension,
        filters=filters,
        stages=stages,
        rows=rows,
        total=_total(grouped.values(), stages),
    )


# Warm or cold, prepared or not: the values the case list's drill-down filters take.
WARM, COLD = "warm", "cold"
PREPARED, UNPREPARED, NOT_CONTACTED = (
    Preparation.PREPARED.value,
    Preparation.UNPREPARED.value,
    Preparation.NOT_CONTACTED.value,
)


def with_preparation(cases: QuerySet[AcquisitionCase]) -> QuerySet[AcquisitionCase]:
    """`cases` annotated with `first_contact_preparation`: was the company's needs profile
    captured before (or on the day of) its first outbound touchpoint? Stored on the case
    as `preparation` (`crm.services.case_report_fields_refresh`)."""
    first_contact = (
        Touchpoint.objects.filter(
            company_id=OuterRef("company_id"), is_first_outbound=True, direction="out"
        )
        .order_by()
        .values("occurred_on")[:1]
    )
    profile_before = (
        NeedsProfile.objects.filter(company_id=OuterRef("company_id"))
        .annotate(day=TruncDate("captured_at"))
        .filter(day__lte=Subquery(first_contact, output_field=DateField()))
    )
    return cases.annotate(
        first_contact_preparation=Case(
            When(~Exists(first_contact), then=Value(NOT_CONTACTED)),
            When(Exists(profile_before), then=Value(PREPARED)),
            default=Value(UNPREPARED),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True, slots=True)
class SourceSplit:
    filters: ReportFilters
    stages: PipelineStages
    meeting_index: int | None  # which funnel step is the first meeting
    by_source: list[GroupRow]
    by_warmth: list[GroupRow]
    by_preparation: list[GroupRow]
    total: FunnelCounts

    def meetings(self, counts: FunnelCounts) -> int:
        return 0 if self.meeting_index is None else counts.reached[self.meeting_index]


def source_report(*, team: Team, filters: ReportFilters) -> SourceSplit:
    """Cases opened, meetings, partnerships and conversion per source, warm or cold, and
    prepared before first contact or not (two queries: the stages and one grouped count).

    Warm and prepared are read from the case (`warm_path`, `preparation`), which the
    services keep from `cases_with_warmth` and `with_preparation`."""
    stages = pipeline_stages(pipeline=filters.pipeline)
    cases = cases_in_scope(team=team, filters=filters)
    # One pass over the cases; the three splits are sums over its groups.
    grouped = histograms(cases, group=("source", "warm_path", "preparation"))
    split: dict[int, dict[Any, Histogram]] = {0: defaultdict(Counter), 1: {}, 2: {}}
    for position in range(3):
        merged: dict[Any, Histogram] = defaultdict(Counter)
        for key, histogram in grouped.items():
            merged[key[position]].update(histogram)
        split[position] = merged
    by_source = {k: fold(h, stages) for k, h in split[0].items()}
    by_warmth = {k: fold(h, stages) for k, h in split[1].items()}
    by_preparation = {k: fold(h, stages) for k, h in split[2].items()}
    meeting = stages.meeting()
    empty = _empty(stages)
    return SourceSplit(
        filters=filters,
        stages=stages,
        meeting_index=stages.funnel.index(meeting) if meeting else None,
        by_source=[
            GroupRow(key=value, label=str(label), counts=by_source.get(value, empty))
            for value, label in Source.choices
        ],
        by_warmth=[
            GroupRow(
                key=WARM,
                label=_("Warm (referral or introduction)"),
                counts=by_warmth.get(True, empty),
            ),
            GroupRow(key=COLD, label=_("Cold"), counts=by_warmth.get(False, empty)),
        ],
        by_preparation=[
            GroupRow(
                key=PREPARED,
                label=_("Needs profile before the first contact"),
                counts=by_preparation.get(PREPARED, empty),
            ),
            GroupRow(
                key=UNPREPARED,
                label=_("No needs profile before the first contact"),
                counts=by_preparation.get(UNPREPARED, empty),
            ),
            GroupRow(
                key=NOT_CONTACTED,
                label=_("No outbound contact recorded"),
                counts=by_preparation.get(NOT_CONTACTED, empty),
            ),
        ],
        total=_total(by_source.values(), stages),
    )


# ------------------------------------------------------------------------------
# Time in stage and cohorts
# ------------------------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` percentile with linear interpolation (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def left_stage_q(stage: Stage) -> Q:
    """Cases that were in `stage` and are no longer: their time there is complete."""
    return Q(
        Exists(CaseStageSummary.objects.filter(case_id=OuterRef("pk"), stage_id=stage.pk))
    ) & ~Q(stage_id=stage.pk)


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


# ------------------------------------------------------------------------------
# Lost reasons and paused cases
# ------------------------------------------------------------------------------
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


# ------------------------------------------------------------------------------
# Outreach quality
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FlagRow:
    user_id: int | None
    person: str
    rule: str
    rule_title: str
    open: int
    acknowledged: int


@dataclass(frozen=True, slots=True)
class FirstContactRow:
    user_id: int | None
    person: str
    first_contacts: int
    cold: int

    @property
    def cold_share(self) -> float | None:
        return share(self.cold, self.first_contacts)


@dataclass(frozen=True, slots=True)
class OutreachReport:
    filters: ReportFilters
    flags: list[FlagRow]
    by_person: list[outreach_selectors.ScoreRow]
    by_campaign: list[outreach_selectors.ScoreRow]
    first_contacts: list[FirstContactRow]
    total_first: int
    total_cold: int

    @property
    def cold_share(self) -> float | None:
        return share(self.total_cold, self.total_first)


def _person(users: dict[Any, Any], pk: int | None) -> str:
    user = users.get(pk)
    if user is None:
        return _("(nobody)")
    return user.get_full_name() or user.get_username()


def outreach_report(*, team: Team, filters: ReportFilters) -> OutreachReport:
    """Open and acknowledged flags per person and rule, targeting scores, cold first contacts.

    Flags count when raised in the period, first contacts when made in it; the
    person filter applies, the company filters do not. Seven queries.
    """
    flags = OutreachFlag.objects.filter(
        team=team, state__in=[OutreachFlag.State.OPEN, OutreachFlag.State.ACKNOWLEDGED]
    )
    contacts = Touchpoint.objects.filter(team=team, direction="out", is_first_outbound=True)
    if filters.start:
        flags = flags.filter(created_at__gte=day_start(filters.start))
        contacts = contacts.filter(occurred_on__gte=filters.start)
    if filters.end:
        flags = flags.filter(created_at__lt=day_start(filters.end + timedelta(days=1)))
        contacts = contacts.filter(occurred_on__lte=filters.end)
    if filters.owner_id:
        flags = flags.filter(user_id=filters.owner_id)
        contacts = contacts.filter(by_id=filters.owner_id)
    flag_rows = list(
        flags.values("user_id", "rule")
        .annotate(
            open=Count("pk", filter=Q(state=OutreachFlag.State.OPEN)),
            acknowledged=Count("pk", filter=Q(state=OutreachFlag.State.ACKNOWLEDGED)),
        )
        .order_by("user_id", "rule")
    )
    contact_rows = list(
        contacts.values("by_id")
        .annotate(n=Count("pk"), cold=Count("pk", filter=Q(warm=False)))
        .order_by("by_id")
    )
    users = get_user_model().objects.in_bulk(
        {r["user_id"] for r in flag_rows} | {r["by_id"] for r in contact_rows} - {None}
    )
    language = get_language() or "de"

    def rule_title(rule: str) -> str:
        known = quality.RULES.get(rule)
        return known.title(language) if known else rule

    by_person = outreach_selectors.targeting_scores(
        team=team, by="user", start=filters.start, end=filters.end
    )
    if filters.owner_id:
        by_person = [row for row in by_person if row.key == filters.owner_id]
    first = [
        FirstContactRow(
            user_id=r["by_id"],
            person=_person(users, r["by_id"]),
            first_contacts=r["n"],
            cold=r["cold"],
        )
        for r in contact_rows
    ]
    return OutreachReport(
        filters=filters,
        flags=sorted(
            (
                FlagRow(
                    user_id=r["user_id"],
                    person=_person(users, r["user_id"]),
                    rule=r["rule"],
                    rule_title=rule_title(r["rule"]),
                    open=r["open"],
                    acknowledged=r["acknowledged"],
                )
                for r in flag_rows
            ),
            key=lambda row: (row.person.casefold(), row.rule_title.casefold()),
        ),
        by_person=by_person,
        by_campaign=outreach_selectors.targeting_scores(
            team=team, by="campaign", start=filters.start, end=filters.end
        ),
        first_contacts=sorted(first, key=lambda row: row.person.casefold()),
        total_first=sum(row.first_contacts for row in first),
        total_cold=sum(row.cold for row in first),
    )


# ------------------------------------------------------------------------------
# Partners
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PartnerRow:
    partner: NetworkPartner
    referred: FunnelCounts  # the cohort's cases the partner referred
    introductions: int  # introductions made (not merely asked for) into the cohort's cases
    meetings: int  # of those, the ones that led to a meeting
    introduced: FunnelCounts  # the cohort's cases the partner introduced us to


@dataclass(frozen=True, slots=True)
class PartnerReport:
    filters: ReportFilters
    stages: PipelineStages
    rows: list[PartnerRow] = field(default_factory=list)


def introduced_by_q(partner_id: int) -> Q:
    """Cases the partner introduced us to (an introduction made, not merely requested)."""
    return Q(
        Exists(
            Introduction.objects.filter(
                case_id=OuterRef("pk"), introducer_id=partner_id, requested=False
            )
        )
    )


def partner_report(*, team: Team, filters: ReportFilters) -> PartnerReport:
    """Referrals and introductions per partner and what became of the cases (five queries)."""
    stages = pipeline_stages(pipeline=filters.pipeline)
    cases = cases_in_scope(team=team, filters=filters)
    referred = funnel_counts_by(
        cases.filter(referred_by__isnull=False), group="referred_by_id", stages=stages
    )
    made = Introduction.objects.filter(case__in=cases.values("pk"), requested=False)
    intro_counts: dict[int, dict[str, int]] = {
        row["introducer_id"]: {"n": row["n"], "meetings": row["meetings"]}
        for row in made.values("introducer_id")
        .annotate(
            n=Count("pk"),
            meetings=Count("pk", filter=Q(outcome=Introduction.Outcome.MEETING_AGREED)),
        )
        .order_by()
    }
    # Grouped over the join to the introductions: a case introduced twice by the
    # same partner counts once (distinct case ids).
    introduced = funnel_counts_by(
        cases.filter(introductions__requested=False),
        group="introductions__introducer_id",
        stages=stages,
        distinct=True,
    )
    partners = NetworkPartner.objects.filter(team=team, pk__in=set(referred) | set(intro_counts))
    empty = _empty(stages)
    rows = [
        PartnerRow(
            partner=partner,
            referred=referred.get(partner.pk, empty),
            introductions=intro_counts.get(partner.pk, {}).get("n", 0),
            meetings=intro_counts.get(partner.pk, {}).get("meetings", 0),
            introduced=introduced.get(partner.pk, empty),
        )
        for partner in partners
    ]
    rows.sort(key=lambda r: (-(r.referred.opened + r.introduced.opened), str(r.partner).casefold()))
    return PartnerReport(filters=filters, stages=stages, rows=rows)
