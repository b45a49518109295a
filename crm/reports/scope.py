"""What every report counts: the cohort of cases, the pipeline's stages in funnel order,
and the funnel counts, grouped once by (furthest stage, current stage)."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
)

from crm import requirements
from crm.cohorts import (
    opened_between_q,
    reached_ids,
)
from crm.models import (
    AcquisitionCase,
    Pipeline,
    Stage,
    Team,
)


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
            if requirements.INTRODUCTION in (stage.requirements or []):
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


@dataclass(frozen=True, slots=True)
class GroupRow:
    key: Any  # the value the case list filters on
    label: str
    counts: FunnelCounts


def empty_counts(stages: PipelineStages) -> FunnelCounts:
    return FunnelCounts(opened=0, reached=(0,) * len(stages.funnel), lost=0, paused=0)


def total_counts(rows: Iterable[FunnelCounts], stages: PipelineStages) -> FunnelCounts:
    rows = list(rows)
    return FunnelCounts(
        opened=sum(r.opened for r in rows),
        reached=tuple(sum(r.reached[i] for r in rows) for i in range(len(stages.funnel))),
        lost=sum(r.lost for r in rows),
        paused=sum(r.paused for r in rows),
    )
