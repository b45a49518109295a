"""The funnel, and its figures per source, warmth, preparation, person, district, sector
and size class."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from companies.models import SizeClass, section_choices
from crm.cohorts import (
    COLD,
    NOT_CONTACTED,
    PREPARED,
    UNPREPARED,
    WARM,
)
from crm.models import (
    Source,
    Stage,
    Team,
)
from crm.reports.scope import (
    FunnelCounts,
    GroupRow,
    Histogram,
    PipelineStages,
    ReportFilters,
    cases_in_scope,
    empty_counts,
    fold,
    funnel_counts_by,
    histograms,
    pipeline_stages,
    share,
    total_counts,
)


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


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The funnel's figures per group of cases."""

    dimension: str
    filters: ReportFilters
    stages: PipelineStages
    rows: list[GroupRow]
    total: FunnelCounts


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
        total=total_counts(grouped.values(), stages),
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
    empty = empty_counts(stages)
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
        total=total_counts(by_source.values(), stages),
    )
