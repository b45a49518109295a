"""The reports as sheets: titled tables whose figures link to the cases behind them.

One shape for the page (table and Chart.js chart), the CSV and the XLSX, so the
three always show the same numbers. Built from the dataclasses of the report modules.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from crm.exports import Percent, Table, number_text, percent_text
from crm.models import Stage
from crm.reports.funnel import Breakdown, Funnel, SourceSplit
from crm.reports.losses import LossReport
from crm.reports.partners import PartnerReport
from crm.reports.scope import FunnelCounts, GroupRow, ReportFilters, share
from crm.reports.targeting import OutreachReport
from crm.reports.timing import TimeReport


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any  # text, a whole number, a Percent, days as a float, or None (no figure)
    url: str = ""

    @property
    def is_percent(self) -> bool:
        return isinstance(self.value, Percent)

    @property
    def display(self) -> str:
        """The value as the page shows it, in the active language's number format."""
        if isinstance(self.value, Percent):
            return percent_text(self.value)
        if isinstance(self.value, float):
            return number_text(self.value)
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: list[float | int | None]


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # "bar" or "line" (Chart.js types)
    labels: list[str]
    series: list[Series]
    horizontal: bool = False
    percent: bool = False

    def config(self) -> dict[str, Any]:
        """The data the page hands to static/js/reports.js."""
        return {
            "kind": self.kind,
            "labels": self.labels,
            "series": [{"label": s.label, "values": s.values} for s in self.series],
            "horizontal": self.horizontal,
            "percent": self.percent,
        }


@dataclass(slots=True)
class Sheet:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""

    def table(self) -> Table:
        return self.title, self.columns, ([cell.value for cell in row] for row in self.rows)


# ------------------------------------------------------------------------------
# Links to the case list
# ------------------------------------------------------------------------------
class Links:
    """Case-list URLs for the report's cohort narrowed down by a figure's own filters."""

    def __init__(self, filters: ReportFilters) -> None:
        self.base = filters.case_list_params()
        self.list_url = reverse("cases:list")

    def __call__(self, value: Any, **params: Any) -> Cell:
        """A figure, linked unless it is zero or empty (nothing to list)."""
        if not value or any(v in ("", None) for v in params.values()):
            return Cell(value)
        query = {**self.base, **{k: str(v) for k, v in params.items()}}
        return Cell(value, f"{self.list_url}?{urlencode(query)}")

    def period(self, value: Any, start: date, end: date, **params: Any) -> Cell:
        """A figure for a part of the period (a month), clipped to the period itself."""
        low, high = self.base.get("opened_from"), self.base.get("opened_to")
        start = max(start, date.fromisoformat(low)) if low else start
        end = min(end, date.fromisoformat(high)) if high else end
        return self(value, opened_from=start.isoformat(), opened_to=end.isoformat(), **params)


def _pct(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ------------------------------------------------------------------------------
# The funnel
# ------------------------------------------------------------------------------
def funnel_sheets(funnel: Funnel) -> list[Sheet]:
    link = Links(funnel.filters)
    counts = funnel.counts
    steps = Sheet(
        key="funnel",
        title=_("Funnel"),
        columns=[
            _("Stage"),
            _("Reached"),
            _("Share of cases opened"),
            _("Conversion from the stage before"),
            _("Dropped off before"),
            _("Got no further: lost"),
            _("Got no further: on hold"),
            _("Got no further: still open"),
        ],
        note=_(
            "A case that reached a later stage counts as having passed the earlier ones, "
            "also when it skipped one."
        ),
    )
    previous: Stage | None = None
    for step in funnel.steps:
        stage = step.stage
        steps.rows.append(
            [
                Cell(stage.name),
                link(step.reached, reached=stage.pk),
                Cell(_pct(step.share_of_opened)),
                Cell(_pct(step.conversion)),
                link(step.dropped, furthest=previous.pk) if previous else Cell(None),
                link(step.stopped_lost, furthest=stage.pk, state="lost")
                if stage.is_open
                else Cell(None),
                link(step.stopped_paused, furthest=stage.pk, state="paused")
                if stage.is_open
                else Cell(None),
                link(step.stopped_open, furthest=stage.pk, state="open")
                if stage.is_open
                else Cell(None),
            ]
        )
        previous = stage
    steps.chart = Chart(
        kind="bar",
        labels=[step.stage.name for step in funnel.steps],
        series=[Series(_("Reached"), [step.reached for step in funnel.steps])],
        horizontal=True,
    )
    outcome = Sheet(
        key="outcome",
        title=_("What became of the cases"),
        columns=[_("Cases"), _("Number"), _("Share")],
        rows=[
            [Cell(_("Opened")), link(counts.opened), Cell(_pct(1.0 if counts.opened else None))],
            [Cell(_("Won")), link(counts.won, state="won"), Cell(_pct(counts.won_rate))],
            [
                Cell(_("Lost")),
                link(counts.lost, state="lost"),
                Cell(_pct(share(counts.lost, counts.opened))),
            ],
            [
                Cell(_("On hold")),
                link(counts.paused, state="paused"),
                Cell(_pct(share(counts.paused, counts.opened))),
            ],
            [
                Cell(_("Still open")),
                link(counts.in_play - counts.paused, state="open"),
                Cell(_pct(share(counts.in_play - counts.paused, counts.opened))),
            ],
        ],
        note=_("Won, lost, on hold and still open add up to the cases opened."),
    )
    return [steps, outcome]


# ------------------------------------------------------------------------------
# Sources, warm or cold, prepared or not
# ------------------------------------------------------------------------------
def _source_rows(
    split: SourceSplit, rows: Iterable[GroupRow], link: Links, param: str
) -> list[list[Cell]]:
    meeting = split.stages.meeting()
    out = []
    for row in rows:
        counts = row.counts
        key = {param: row.key}
        out.append(
            [
                Cell(row.label),
                link(counts.opened, **key),
                link(split.meetings(counts), reached=meeting.pk if meeting else "", **key),
                link(counts.won, state="won", **key),
                Cell(_pct(counts.won_rate)),
                link(counts.lost, state="lost", **key),
                link(counts.paused, state="paused", **key),
            ]
        )
    return out


def source_sheets(split: SourceSplit) -> list[Sheet]:
    link = Links(split.filters)
    meeting = split.stages.meeting()
    columns = [
        "",
        _("Cases opened"),
        _("Meetings (reached “%(stage)s”)") % {"stage": meeting.name} if meeting else _("Meetings"),
        _("Partnerships"),
        _("Conversion to partnership"),
        _("Lost"),
        _("On hold"),
    ]

    def sheet(key: str, title: str, first: str, rows: list[list[Cell]], note: str = "") -> Sheet:
        sheet = Sheet(key=key, title=title, columns=[first, *columns[1:]], rows=rows, note=note)
        sheet.chart = Chart(
            kind="bar",
            labels=[str(r[0].value) for r in rows],
            series=[
                Series(columns[1], [r[1].value for r in rows]),
                Series(columns[2], [r[2].value for r in rows]),
                Series(columns[3], [r[3].value for r in rows]),
            ],
        )
        return sheet

    return [
        sheet(
            "sources",
            _("By source"),
            _("Source"),
            _source_rows(split, split.by_source, link, "source"),
        ),
        sheet(
            "warmth",
            _("Warm or cold"),
            _("Path"),
            _source_rows(split, split.by_warmth, link, "warm_path"),
            note=_(
                "Warm: came by referral or introduction, or was introduced by a partner "
                "before the first meeting."
            ),
        ),
        sheet(
            "preparation",
            _("Prepared before the first contact"),
            _("Preparation"),
            _source_rows(split, split.by_preparation, link, "preparation"),
            note=_(
                "Prepared: the company's needs profile was captured before (or on the day of) "
                "the first outbound contact."
            ),
        ),
    ]


# ------------------------------------------------------------------------------
# Person, district, sector, size class
# ------------------------------------------------------------------------------
DIMENSION_TITLES = {
    "owner": (_("By person"), _("Person"), "owner"),
    "district": (_("By district"), _("District"), "district"),
    "sector": (_("By sector"), _("Sector"), "sector"),
    "size_class": (_("By size class"), _("Size class"), "size_class"),
}


def breakdown_sheets(breakdown: Breakdown) -> list[Sheet]:
    link = Links(breakdown.filters)
    title, first, param = DIMENSION_TITLES[breakdown.dimension]
    title, first = str(title), str(first)
    stages = breakdown.stages.funnel
    sheet = Sheet(
        key=breakdown.dimension,
        title=title,
        # The last funnel step is the won stage: its column is the partnerships.
        columns=[
            first,
            _("Cases opened"),
            *[_("Reached “%(stage)s”") % {"stage": s.name} for s in stages[1:-1]],
            _("Partnerships"),
            _("Conversion to partnership"),
            _("Lost"),
            _("On hold"),
            _("Still open"),
        ],
    )

    def cells(label: str, key: Any, counts: FunnelCounts) -> list[Cell]:
        narrow = {param: key} if key is not None else {}
        return [
            Cell(label),
            link(counts.opened, **narrow),
            *[
                link(counts.reached[i], reached=s.pk, **narrow)
                for i, s in enumerate(stages)
                if 0 < i < len(stages) - 1
            ],
            link(counts.won, state="won", **narrow),
            Cell(_pct(counts.won_rate)),
            link(counts.lost, state="lost", **narrow),
            link(counts.paused, state="paused", **narrow),
            link(counts.in_play - counts.paused, state="open", **narrow),
        ]

    for row in breakdown.rows:
        sheet.rows.append(cells(row.label, row.key, row.counts))
    sheet.rows.append(cells(_("All"), None, breakdown.total))
    sheet.chart = Chart(
        kind="bar",
        labels=[row.label for row in breakdown.rows],
        series=[
            Series(_("Cases opened"), [row.counts.opened for row in breakdown.rows]),
            Series(_("Partnerships"), [row.counts.won for row in breakdown.rows]),
        ],
        horizontal=True,
    )
    return [sheet]


# ------------------------------------------------------------------------------
# Time in stage and cohorts
# ------------------------------------------------------------------------------
def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def time_sheets(report: TimeReport) -> list[Sheet]:
    link = Links(report.filters)
    stays = Sheet(
        key="time",
        title=_("Days in stage"),
        columns=[
            _("Stage"),
            _("Cases that moved on"),
            _("Median days"),
            _("75th percentile days"),
            _("In the stage now"),
        ],
        note=_(
            "Counted once a case has left the stage: all its stays there together. "
            "Cases still in the stage are counted apart."
        ),
    )
    for row in report.stages:
        stays.rows.append(
            [
                Cell(row.stage.name),
                link(row.moved_on, left_stage=row.stage.pk),
                Cell(_days(row.median_days)),
                Cell(_days(row.p75_days)),
                link(row.there_now, stage=row.stage.pk),
            ]
        )
    stays.chart = Chart(
        kind="bar",
        labels=[row.stage.name for row in report.stages],
        series=[
            Series(_("Median days"), [_days(row.median_days) for row in report.stages]),
            Series(_("75th percentile days"), [_days(row.p75_days) for row in report.stages]),
        ],
    )
    cohorts = Sheet(
        key="cohorts",
        title=_("Cases per month"),
        columns=[
            _("Month"),
            _("Cases opened"),
            _("Of these, won so far"),
            _("Conversion to partnership"),
            _("Won in the month"),
        ],
        note=_("Each month's cases opened, what became of them so far, and the wins it brought."),
    )
    for month in report.months:
        label = formats.date_format(month.month, "YEAR_MONTH_FORMAT")
        end = _month_end(month.month)
        cohorts.rows.append(
            [
                Cell(label),
                link.period(month.opened, month.month, end),
                link.period(month.won, month.month, end, state="won"),
                Cell(_pct(month.won_rate)),
                link(
                    month.won_in_month,
                    closed_from=month.month.isoformat(),
                    closed_to=end.isoformat(),
                    state="won",
                ),
            ]
        )
    cohorts.chart = Chart(
        kind="line",
        labels=[str(row[0].value) for row in cohorts.rows],
        series=[
            Series(_("Cases opened"), [m.opened for m in report.months]),
            Series(_("Won in the month"), [m.won_in_month for m in report.months]),
        ],
    )
    return [stays, cohorts]


# ------------------------------------------------------------------------------
# Lost reasons and paused cases
# ------------------------------------------------------------------------------
def loss_sheets(report: LossReport) -> list[Sheet]:
    link = Links(report.filters)
    reasons = Sheet(
        key="lost",
        title=_("Lost reasons"),
        columns=[_("Reason"), _("Cases lost"), _("Share")],
    )
    for row in report.reasons:
        reasons.rows.append(
            [
                Cell(row.label),
                link(row.count, lost_reason=row.reason.pk)
                if row.reason
                else link(row.count, state="lost"),
                Cell(_pct(row.share)),
            ]
        )
    reasons.rows.append([Cell(_("All")), link(report.lost, state="lost"), Cell(None)])
    reasons.chart = Chart(
        kind="bar",
        labels=[row.label for row in report.reasons],
        series=[Series(_("Cases lost"), [row.count for row in report.reasons])],
        horizontal=True,
    )
    paused = Sheet(
        key="paused",
        title=_("Cases on hold"),
        columns=[_("Company"), _("Owner"), _("Resume on"), _("Resume date reached")],
        note=_("%(count)s cases on hold, %(overdue)s of them due to be picked up again.")
        % {"count": report.paused, "overdue": report.paused_overdue},
    )
    today = timezone.localdate()
    for case in report.paused_cases:
        owner = case.owner.get_full_name() or case.owner.get_username()
        due = case.paused_until
        paused.rows.append(
            [
                Cell(case.company.full_name, case.get_absolute_url()),
                Cell(owner),
                Cell(formats.date_format(due, "SHORT_DATE_FORMAT") if due else ""),
                Cell(_("yes") if due and due <= today else _("no")),
            ]
        )
    return [reasons, paused]


# ------------------------------------------------------------------------------
# Outreach quality
# ------------------------------------------------------------------------------
def _of_100(percent: float | None) -> Percent | None:
    return None if percent is None else Percent(percent / 100)


def _review(value: int, **params: Any) -> Cell:
    """A flag count, linked to the flags behind it in the leads' review queue."""
    if not value or params.get("person") is None:
        return Cell(value)
    return Cell(value, f"{reverse('outreach:review')}?{urlencode(params)}")


def _score_rows(rows: list[Any], *, by: str) -> list[list[Cell]]:
    def label(row: Any) -> Cell:
        if row.key is None:
            return Cell(row.label)
        if by == "campaign":
            return Cell(row.label, reverse("outreach:campaign_detail", args=[row.key]))
        return Cell(row.label, f"{reverse('outreach:review')}?{urlencode({'person': row.key})}")

    return [
        [
            label(row),
            Cell(row.score.first_contacts),
            Cell(_of_100(row.score.prepared_percent)),
            Cell(_of_100(row.score.warm_percent)),
            Cell(_of_100(row.score.tailored_percent)),
            Cell(_of_100(row.score.score)),
        ]
        for row in rows
    ]


def outreach_sheets(report: OutreachReport) -> list[Sheet]:
    flags = Sheet(
        key="flags",
        title=_("Outreach flags"),
        columns=[_("Person"), _("Rule"), _("Open"), _("Acknowledged")],
        rows=[
            [
                Cell(r.person),
                Cell(r.rule_title),
                _review(r.open, rule=r.rule, person=r.user_id, state="open"),
                _review(r.acknowledged, rule=r.rule, person=r.user_id, state="acknowledged"),
            ]
            for r in report.flags
        ],
        note=_(
            "Flags raised in the period that nobody dismissed; each figure opens them in the "
            "review queue."
        ),
    )
    by_rule: dict[str, int] = {}
    for r in report.flags:
        by_rule[r.rule_title] = by_rule.get(r.rule_title, 0) + r.open + r.acknowledged
    flags.chart = Chart(
        kind="bar",
        labels=list(by_rule),
        series=[Series(_("Open or acknowledged"), list(by_rule.values()))],
        horizontal=True,
    )
    score_columns = [
        _("First contacts"),
        _("Prepared"),
        _("Warm"),
        _("Tailored"),
        _("Targeting score"),
    ]
    people = Sheet(
        key="score_person",
        title=_("Targeting score per person"),
        columns=[_("Person"), *score_columns],
        rows=_score_rows(report.by_person, by="user"),
    )
    people.chart = Chart(
        kind="bar",
        labels=[row.label for row in report.by_person],
        series=[
            Series(
                _("Targeting score"),
                [
                    None if row.score.score is None else round(row.score.score, 1)
                    for row in report.by_person
                ],
            )
        ],
        horizontal=True,
        percent=True,
    )
    campaigns = Sheet(
        key="score_campaign",
        title=_("Targeting score per campaign"),
        columns=[_("Campaign"), *score_columns],
        rows=_score_rows(report.by_campaign, by="campaign"),
    )
    cold = Sheet(
        key="cold",
        title=_("Cold first contacts"),
        columns=[_("Person"), _("First contacts"), _("Of these cold"), _("Share cold")],
        rows=[
            [Cell(r.person), Cell(r.first_contacts), Cell(r.cold), Cell(_pct(r.cold_share))]
            for r in report.first_contacts
        ]
        + [
            [
                Cell(_("All")),
                Cell(report.total_first),
                Cell(report.total_cold),
                Cell(_pct(report.cold_share)),
            ]
        ],
        note=_("First outbound contacts with a company in the period that no introduction opened."),
    )
    cold.chart = Chart(
        kind="bar",
        labels=[r.person for r in report.first_contacts],
        series=[
            Series(_("Warm"), [r.first_contacts - r.cold for r in report.first_contacts]),
            Series(_("Cold"), [r.cold for r in report.first_contacts]),
        ],
        horizontal=True,
    )
    return [flags, people, campaigns, cold]


# ------------------------------------------------------------------------------
# Partners
# ------------------------------------------------------------------------------
def partner_sheets(report: PartnerReport) -> list[Sheet]:
    link = Links(report.filters)
    sheet = Sheet(
        key="partners",
        title=_("Partners"),
        columns=[
            _("Partner"),
            _("Cases referred"),
            _("Referred and won"),
            _("Referred and lost"),
            _("Introductions made"),
            _("Meetings agreed"),
            _("Cases introduced"),
            _("Introduced and won"),
            _("Introduced and lost"),
        ],
        note=_("Referrals and introductions into the cases opened in the period."),
    )
    for row in report.rows:
        pk = row.partner.pk
        page = row.partner.get_absolute_url()
        sheet.rows.append(
            [
                Cell(str(row.partner), page),
                link(row.referred.opened, referred_by=pk),
                link(row.referred.won, referred_by=pk, state="won"),
                link(row.referred.lost, referred_by=pk, state="lost"),
                Cell(row.introductions, page if row.introductions else ""),
                Cell(row.meetings, page if row.meetings else ""),
                link(row.introduced.opened, introduced_by=pk),
                link(row.introduced.won, introduced_by=pk, state="won"),
                link(row.introduced.lost, introduced_by=pk, state="lost"),
            ]
        )
    sheet.chart = Chart(
        kind="bar",
        labels=[str(row.partner) for row in report.rows[:15]],
        series=[
            Series(_("Cases referred"), [row.referred.opened for row in report.rows[:15]]),
            Series(_("Cases introduced"), [row.introduced.opened for row in report.rows[:15]]),
        ],
        horizontal=True,
    )
    return [sheet]
