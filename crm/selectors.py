"""Read queries for teams, memberships and the pipeline.

Every selector costs a fixed number of queries, whatever the number of cases.
"""

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import cohorts, digest_sections, navigation, requirements, team_figures, timeline
from crm.models import (
    AcquisitionCase,
    CaseStageSummary,
    LostReason,
    Membership,
    Partnership,
    Pipeline,
    Stage,
    StageChange,
    Team,
)

# A column shows this many cards and links to the list for the rest.
BOARD_COLUMN_SIZE = 12
# Won and lost columns show the cases closed within these many days.
BOARD_CLOSED_DAYS = 30


# ------------------------------------------------------------------------------
# Teams and memberships
# ------------------------------------------------------------------------------
def memberships_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    """The user's memberships with their teams, in a stable order."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("team").order_by("team__name")


def membership_active(
    *, user: AbstractBaseUser | AnonymousUser, team_id: int | None
) -> Membership | None:
    """The membership for the team chosen in the session, else the user's first one."""
    memberships = memberships_for_user(user=user)
    if team_id is not None:
        chosen = memberships.filter(team_id=team_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()


def team_members(*, team: Team) -> QuerySet[AbstractBaseUser]:
    """The users of a team, for owner choices."""
    return (
        get_user_model()
        .objects.filter(memberships__team=team)
        .order_by("first_name", "last_name", "username")
    )


# ------------------------------------------------------------------------------
# Pipelines and stages
# ------------------------------------------------------------------------------
def pipelines_for_team(*, team: Team) -> QuerySet[Pipeline]:
    return Pipeline.objects.filter(team=team).order_by("-is_default", "position", "id")


def pipeline_default(*, team: Team) -> Pipeline | None:
    """The team's default pipeline (or its first one)."""
    return pipelines_for_team(team=team).first()


def pipeline_get(*, team: Team, pk: int) -> Pipeline:
    """One of the team's pipelines, or 404."""
    return get_object_or_404(pipelines_for_team(team=team), pk=pk)


def stages_for_pipeline(*, pipeline_id: int) -> QuerySet[Stage]:
    return Stage.objects.filter(pipeline_id=pipeline_id).order_by("position", "id")


def stages_for_team(*, team: Team) -> QuerySet[Stage]:
    return (
        Stage.objects.filter(pipeline__team=team)
        .select_related("pipeline")
        .order_by("pipeline__position", "pipeline_id", "position")
    )


# ------------------------------------------------------------------------------
# Cards: a case with what the pages show about its time in stage
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Card:
    case: AcquisitionCase
    days_in_stage: int
    rotting: bool
    overdue: bool
    due_today: bool


def card_for(case: AcquisitionCase, *, now: datetime, today: date) -> Card:
    """`case.stage` must be loaded (select_related or assigned)."""
    stage = case.stage
    in_stage = now - case.stage_entered_at
    if stage.kind == Stage.Kind.OPEN:
        rotting = stage.rotting_days is not None and in_stage > timedelta(days=stage.rotting_days)
    else:
        # A case on hold is stale once the day to pick it up again has come.
        rotting = stage.kind == Stage.Kind.PAUSED and (
            case.paused_until is not None and case.paused_until <= today
        )
    due = case.next_step_due
    in_play = case.closed_at is None
    return Card(
        case=case,
        days_in_stage=max(in_stage.days, 0),
        rotting=rotting,
        overdue=in_play and due is not None and due < today,
        due_today=in_play and due == today,
    )


def rotting_q(stages: Iterable[Stage], *, now: datetime, today: date) -> Q:
    """Cases that stayed longer than their stage allows, or whose pause has run out."""
    by_days: dict[int, list[int]] = defaultdict(list)
    for stage in stages:
        if stage.kind == Stage.Kind.OPEN and stage.rotting_days is not None:
            by_days[stage.rotting_days].append(stage.pk)
    condition = Q(stage__kind=Stage.Kind.PAUSED, paused_until__lte=today)
    for days, stage_ids in by_days.items():
        condition |= Q(stage_id__in=stage_ids, stage_entered_at__lt=now - timedelta(days=days))
    return condition


# ------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------
def cases_for_team(*, team: Team) -> QuerySet[AcquisitionCase]:
    """The team's cases with what lists show about them.

    A case's company is always of the case's team (the services create cases only for
    the team's companies), so the company's team is not asked here: that join cost
    every count and every board or dashboard query a pass over the team's companies
    (9 ms of 10 for the case list's count at 20,000 companies). A list ordered by
    company name asks it (`cases_by_company_name`).
    """
    return AcquisitionCase.objects.filter(team=team).select_related(
        "company", "stage", "owner", "referred_by", "pipeline"
    )


def cases_by_company_name(
    cases: QuerySet[AcquisitionCase], *, team: Team, descending: bool = False
) -> QuerySet[AcquisitionCase]:
    """`cases` ordered by their company's name.

    Naming the company's team (always the case's) lets PostgreSQL walk the index
    `company_team_name_idx` and stop at the page instead of sorting every case of the
    team (151 ms against 4 ms at 8,000 cases).
    """
    name = F("company__legal_name")
    return cases.filter(company__team=team).order_by(
        name.desc() if descending else name.asc(), "-id" if descending else "id"
    )


def case_get(*, team: Team, pk: int) -> AcquisitionCase:
    """One of the team's cases with everything its page shows, or 404."""
    return get_object_or_404(
        cases_for_team(team=team).select_related(
            "lost_reason", "furthest_stage", "partnership", "created_by"
        ),
        pk=pk,
    )


@dataclass(slots=True)
class BoardColumn:
    stage: Stage
    count: int
    cards: list[Card] = field(default_factory=list)
    shown: int | None = None  # cards shown so far, with those loaded before these

    @property
    def hidden(self) -> int:
        shown = len(self.cards) if self.shown is None else self.shown
        return max(self.count - shown, 0)

    @property
    def next_offset(self) -> int:
        return len(self.cards) if self.shown is None else self.shown


@dataclass(slots=True)
class Board:
    pipeline: Pipeline
    columns: list[BoardColumn]

    @property
    def total(self) -> int:
        return sum(column.count for column in self.columns)


def board_build(
    *,
    pipeline: Pipeline,
    cases: QuerySet[AcquisitionCase],
    now: datetime | None = None,
    per_column: int = BOARD_COLUMN_SIZE,
) -> Board:
    """One column per stage with its count and its first cards (three queries).

    `cases` is the team's (filtered) case queryset. Cards are ordered by due
    date, then by how long they have waited; each column is cut at `per_column`
    in the database, so thousands of cases cost what a few hundred do.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    stages = list(stages_for_pipeline(pipeline_id=pipeline.pk))
    visible = cases.filter(pipeline=pipeline).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=now - timedelta(days=BOARD_CLOSED_DAYS))
    )
    counts = dict(
        visible.order_by()
        .values_list("stage_id")
        .annotate(n=Count("id"))
        .values_list("stage_id", "n")
    )
    order = [
        F("next_step_due").asc(nulls_last=True),
        F("stage_entered_at").asc(),
        F("id").asc(),
    ]
    # Each column's first cards by a limited subquery of its own, which walks the index
    # `case_board_idx` and stops after them (numbering every visible case of the
    # pipeline in a window sorted them all: 14 ms against 5 ms at 5,000 open cases);
    # only these cards are fetched with their joins. One query on either database.
    firsts = [
        visible.select_related(None)
        .filter(stage_id=stage.pk)
        .order_by(*order)
        .values("pk")[:per_column]
        for stage in stages
    ]
    if not firsts:
        shown = Q(pk__in=[])
    elif connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL
        shown = Q(pk__in=firsts[0].union(*firsts[1:], all=True))
    else:  # SQLite limits no part of a UNION; an OR of the limited subqueries does
        shown = functools.reduce(operator.or_, (Q(pk__in=first) for first in firsts))
    rows = (
        AcquisitionCase.objects.filter(shown)
        .select_related("company", "owner", "referred_by")
        .order_by(*order)
    )
    columns = {
        stage.pk: BoardColumn(stage=stage, count=counts.get(stage.pk, 0)) for stage in stages
    }
    for case in rows:
        column = columns[case.stage_id]
        case.stage = column.stage  # from the list above: no query per card
        case.pipeline = pipeline
        column.cards.append(card_for(case, now=now, today=today))
    return Board(pipeline=pipeline, columns=list(columns.values()))


def _due_q(today: date) -> Q:
    return Q(closed_at__isnull=True, next_step_due__lte=today)


def board_column_cards(
    *,
    pipeline: Pipeline,
    stage: Stage,
    cases: QuerySet[AcquisitionCase],
    offset: int,
    now: datetime | None = None,
    limit: int = BOARD_COLUMN_SIZE,
) -> BoardColumn:
    """A column's next cards after the first `offset`, for "show more" (two queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    visible = cases.filter(pipeline=pipeline, stage=stage).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=now - timedelta(days=BOARD_CLOSED_DAYS))
    )
    count = visible.order_by().count()
    rows = visible.select_related("company", "owner", "referred_by").order_by(
        F("next_step_due").asc(nulls_last=True), F("stage_entered_at").asc(), F("id").asc()
    )[offset : offset + limit]
    column = BoardColumn(stage=stage, count=count)
    for case in rows:
        case.stage = stage
        case.pipeline = pipeline
        column.cards.append(card_for(case, now=now, today=today))
    column.shown = offset + len(column.cards)
    return column


def cases_due(
    *, team: Team, owner: AbstractBaseUser, today: date | None = None, limit: int | None = None
) -> list[Card]:
    """The owner's cases in play whose next step is due today or overdue, oldest first.

    `limit` cuts the list in the database (the dashboard shows a few).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    cases = cases_for_team(team=team).filter(_due_q(today), owner_id=owner.pk)
    cases = cases.order_by("next_step_due", "company__legal_name", "id")
    if limit is not None:
        cases = cases[:limit]
    return [card_for(case, now=now, today=today) for case in cases]


def cases_rotting(
    *,
    team: Team,
    owner: AbstractBaseUser,
    now: datetime | None = None,
    limit: int | None = None,
    stages: list[Stage] | None = None,
) -> list[Card]:
    """The owner's cases that have not moved for longer than their stage allows.

    `limit` cuts the list in the database (the dashboard shows a few); `stages`, the
    team's (`stages_for_team`), saves a query where the caller has them.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if stages is None:
        stages = list(stages_for_team(team=team))
    condition = rotting_q(stages, now=now, today=today)
    cases = cases_for_team(team=team).filter(condition, owner_id=owner.pk, closed_at__isnull=True)
    cases = cases.order_by("stage_entered_at", "id")
    if limit is not None:
        cases = cases[:limit]
    return [card_for(case, now=now, today=today) for case in cases]


@dataclass(frozen=True, slots=True)
class AttentionCounts:
    due: int
    rotting: int
    either: int  # cases that are due, stale or both


def attention_counts(
    *, team: Team, owner: AbstractBaseUser, now: datetime | None = None
) -> AttentionCounts:
    """How many of the owner's cases are due and how many stale, counted in one query."""
    return owner_figures(team=team, owner=owner, now=now)[0]


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: Stage
    count: int


def stage_counts(*, team: Team, owner: AbstractBaseUser) -> list[StageCount]:
    """How many of the owner's cases sit in each in-play stage of the team's pipelines."""
    return owner_figures(team=team, owner=owner)[1]


def owner_figures(
    *,
    team: Team,
    owner: AbstractBaseUser,
    now: datetime | None = None,
    stages: list[Stage] | None = None,
) -> tuple[AttentionCounts, list[StageCount]]:
    """The owner's cases due and stale, and in play per stage (one query; two without
    `stages`, the team's stages in order)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if stages is None:
        stages = list(stages_for_team(team=team))
    due = _due_q(today)
    rotting = rotting_q(stages, now=now, today=today) & Q(closed_at__isnull=True)
    rows = (
        AcquisitionCase.objects.filter(team=team, owner_id=owner.pk)
        .order_by()
        .values_list("stage_id")
        .annotate(
            in_play=Count("pk", filter=Q(closed_at__isnull=True)),
            due=Count("pk", filter=due),
            rotting=Count("pk", filter=rotting),
            either=Count("pk", filter=due | rotting),
        )
        .values_list("stage_id", "in_play", "due", "rotting", "either")
    )
    in_play: dict[int, int] = {}
    attention = [0, 0, 0]
    for stage_id, playing, *counted in rows:
        in_play[stage_id] = playing
        attention = [a + b for a, b in zip(attention, counted, strict=True)]
    counts = [
        StageCount(stage=stage, count=in_play.get(stage.pk, 0))
        for stage in stages
        if stage.kind in (Stage.Kind.OPEN, Stage.Kind.PAUSED)
    ]
    return AttentionCounts(*attention), counts


# ------------------------------------------------------------------------------
# The lead's team view
# ------------------------------------------------------------------------------
# Re-certifications due within this many months count as due on the team view.
RECERTIFICATION_MONTHS = 6


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


@dataclass(slots=True)
class TeamRow:
    """One person's figures (or, without a person, the whole team's)."""

    person: AbstractBaseUser | None
    stages: list[int] = field(default_factory=list)  # in the order of `TeamView.stages`
    in_play: int = 0
    overdue: int = 0
    won: int = 0
    lost: int = 0
    recertifications: int = 0
    # (label, count, list url) of each figure another app registered (`crm.team_figures`).
    extra: list[tuple[str, int, str]] = field(default_factory=list)
    cells: list[tuple[Stage, int]] = field(default_factory=list)  # stages with their counts

    @property
    def name(self) -> str:
        return _person(self.person) if self.person is not None else ""


@dataclass(frozen=True, slots=True)
class TeamView:
    stages: list[Stage]
    rows: list[TeamRow]
    total: TeamRow
    month_start: date
    month_end: date
    recertification_by: date
    figures: list[team_figures.Figure]
    several_pipelines: bool


def team_view(
    *, team: Team, today: date | None = None, stages: list[Stage] | None = None
) -> TeamView:
    """Cases per person and stage, overdue next steps, this month's wins and losses,
    re-certifications due and the other apps' figures, per person and in total.

    A fixed number of queries (one per registered figure, plus five), whatever the
    number of cases and people.
    """
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    month_end = months_later(month_start, 1) - timedelta(days=1)
    recertification_by = months_later(today, RECERTIFICATION_MONTHS)
    if stages is None:
        stages = list(stages_for_team(team=team))
    kinds = {stage.pk: stage.kind for stage in stages}
    stages = [stage for stage in stages if stage.kind in (Stage.Kind.OPEN, Stage.Kind.PAUSED)]
    # One pass over the team's cases, per person and stage; the stage's kind tells a
    # month's closed case won or lost.
    per_stage = (
        AcquisitionCase.objects.filter(team=team)
        .order_by()
        .values_list("owner_id", "stage_id")
        .annotate(
            in_play=Count("id", filter=Q(closed_at__isnull=True)),
            overdue=Count("id", filter=Q(closed_at__isnull=True, next_step_due__lt=today)),
            closed=Count("id", filter=cohorts.closed_between_q(month_start, month_end)),
        )
        .values_list("owner_id", "stage_id", "in_play", "overdue", "closed")
    )
    owner_rows: dict[int, dict[str, int]] = {}
    stage_rows = []
    for owner_id, stage_id, in_play, overdue, closed in per_stage:
        counted = owner_rows.setdefault(owner_id, {"in_play": 0, "overdue": 0, "won": 0, "lost": 0})
        counted["in_play"] += in_play
        counted["overdue"] += overdue
        if kinds.get(stage_id) == Stage.Kind.WON:
            counted["won"] += closed
        elif kinds.get(stage_id) == Stage.Kind.LOST:
            counted["lost"] += closed
        if in_play:
            stage_rows.append((owner_id, stage_id, in_play))
    recertifications = dict(
        Partnership.objects.filter(
            team=team,
            case__team=team,
            recertification_due__lte=recertification_by,
        )
        .order_by()
        .values_list("case__owner_id")
        .annotate(n=Count("id"))
        .values_list("case__owner_id", "n")
    )
    figures = team_figures.registered()
    extra_counts = [(figure, figure.counts(team)) for figure in figures]

    people = {user.pk: user for user in team_members(team=team)}
    former = set(owner_rows) - set(people)
    if former:  # cases of someone who left the team still count, under their name
        people.update({user.pk: user for user in get_user_model().objects.filter(pk__in=former)})
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    rows = {pk: TeamRow(person=user, stages=[0] * len(stages)) for pk, user in people.items()}
    total = TeamRow(person=None, stages=[0] * len(stages))
    for owner_id, stage_id, count in stage_rows:
        if stage_id in stage_index:
            rows[owner_id].stages[stage_index[stage_id]] += count
            total.stages[stage_index[stage_id]] += count
    for owner_id, counted in owner_rows.items():
        for name in ("in_play", "overdue", "won", "lost"):
            setattr(rows[owner_id], name, counted[name])
            setattr(total, name, getattr(total, name) + counted[name])
    for owner_id, count in recertifications.items():
        rows[owner_id].recertifications = count
        total.recertifications += count
    for figure, counts in extra_counts:
        label = str(figure.label)
        for pk, person_row in rows.items():
            person_row.extra.append((label, counts.get(pk, 0), figure.url(pk)))
        total.extra.append((label, sum(counts.values()), figure.url(None)))
    for team_row in [*rows.values(), total]:
        team_row.cells = list(zip(stages, team_row.stages, strict=True))
    ordered = sorted(rows.values(), key=lambda row: row.name.casefold())
    return TeamView(
        stages=stages,
        rows=ordered,
        total=total,
        month_start=month_start,
        month_end=month_end,
        recertification_by=recertification_by,
        figures=figures,
        several_pipelines=len({stage.pipeline_id for stage in stages}) > 1,
    )


# ------------------------------------------------------------------------------
# The case page
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RequirementStatus:
    label: str
    missing: str  # empty when met
    fix_url: str = ""  # where to make it good (returning to the case), when missing

    @property
    def met(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class NextStage:
    stage: Stage
    requirements: list[RequirementStatus]

    @property
    def ready(self) -> bool:
        return all(status.met for status in self.requirements)


def case_next_stage(*, case: AcquisitionCase) -> NextStage | None:
    """The stage a case in play would normally enter next, and what that stage requires."""
    if case.stage.kind != Stage.Kind.OPEN:
        return None
    later = Stage.objects.filter(pipeline_id=case.pipeline_id, position__gt=case.stage.position)
    stage = (
        later.filter(kind=Stage.Kind.OPEN).order_by("position").first()
        or later.filter(kind=Stage.Kind.WON).first()
    )
    if stage is None:
        return None
    return NextStage(stage=stage, requirements=stage_requirements(case=case, stage=stage))


def stage_requirements(*, case: AcquisitionCase, stage: Stage) -> list[RequirementStatus]:
    """What `stage` requires of the case, met or missing; a missing one links to its fix,
    which returns to the case page."""
    statuses = []
    for code in stage.requirements:
        requirement = requirements.get(code)
        if requirement is None:
            continue  # not enforced until an app registers its check
        missing = requirement.check(case)
        fix_url = ""
        if missing and requirement.fix is not None:
            fix_url = navigation.url_with_next(requirement.fix(case), case.get_absolute_url())
        statuses.append(
            RequirementStatus(
                label=str(requirement.label), missing=str(missing or ""), fix_url=fix_url
            )
        )
    return statuses


def case_last_open_stage(*, case: AcquisitionCase) -> Stage | None:
    """The open stage the case was last in: where it continues when resumed or reopened."""
    change = (
        StageChange.objects.filter(case=case, from_stage__kind=Stage.Kind.OPEN)
        .select_related("from_stage")
        .order_by("-changed_at", "-id")
        .first()
    )
    if change is not None:
        return change.from_stage
    return (
        Stage.objects.filter(pipeline_id=case.pipeline_id, kind=Stage.Kind.OPEN)
        .order_by("position")
        .first()
    )


@dataclass(frozen=True, slots=True)
class StageStay:
    stage: Stage
    first_reached_at: datetime
    times_reached: int
    time_spent: timedelta
    current: bool


def case_stage_stays(*, case: AcquisitionCase, now: datetime | None = None) -> list[StageStay]:
    """Per stage the case reached: when first, how often, and how long in all."""
    now = now or timezone.now()
    summaries = CaseStageSummary.objects.filter(case=case).select_related("stage")
    stays = []
    for summary in summaries.order_by("first_reached_at", "id"):
        current = summary.stage_id == case.stage_id
        spent = summary.time_spent + (now - case.stage_entered_at if current else timedelta())
        stays.append(
            StageStay(
                stage=summary.stage,
                first_reached_at=summary.first_reached_at,
                times_reached=summary.times_reached,
                time_spent=spent,
                current=current,
            )
        )
    return stays


def stage_changes_for_case(*, case: AcquisitionCase) -> QuerySet[StageChange]:
    return (
        StageChange.objects.filter(case=case)
        .select_related("from_stage", "to_stage", "changed_by", "lost_reason")
        .order_by("changed_at", "id")
    )


def _person(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def stage_change_entries(case: AcquisitionCase) -> list[timeline.Entry]:
    """The pipeline's own contribution to a case's timeline (registered in CrmConfig)."""
    entries = []
    for change in stage_changes_for_case(case=case):
        to = change.to_stage
        if change.from_stage is None:
            title = _("Opened in “%(stage)s”") % {"stage": to.name}
            icon = "flag"
        else:
            title = _("Moved from “%(from)s” to “%(to)s”") % {
                "from": change.from_stage.name,
                "to": to.name,
            }
            icons: dict[str, str] = {
                Stage.Kind.WON: "trophy",
                Stage.Kind.LOST: "x-circle",
                Stage.Kind.PAUSED: "pause-circle",
            }
            icon = icons.get(to.kind, "arrow-right-circle")
        details = []
        if change.time_in_from_stage is not None and change.from_stage is not None:
            details.append(
                _("after %(days)s days in “%(stage)s”")
                % {"days": change.time_in_from_stage.days, "stage": change.from_stage.name}
            )
        if change.lost_reason is not None:
            details.append(_("Reason: %(reason)s") % {"reason": change.lost_reason.name})
        entries.append(
            timeline.Entry(
                at=change.changed_at,
                icon=icon,
                title=title,
                detail=" · ".join(details),
                note=change.note,
                by=_person(change.changed_by),
            )
        )
    return entries


def case_timeline(*, case: AcquisitionCase) -> list[timeline.Entry]:
    """Everything that happened to the case, newest first, from every registered source."""
    return timeline.entries(case)


# ------------------------------------------------------------------------------
# The daily digest
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DigestSection:
    team: Team
    due: list[Card]
    rotting: list[Card]
    # Lines from other apps (crm.digest_sections), e.g. re-certifications coming due.
    notes: list[digest_sections.Note] = field(default_factory=list)

    @property
    def note_groups(self) -> list[tuple[str, list[digest_sections.Note]]]:
        """The notes under their headings, in the order the headings first appear."""
        groups: dict[str, list[digest_sections.Note]] = {}
        for note in self.notes:
            groups.setdefault(note.heading, []).append(note)
        return list(groups.items())


@dataclass(frozen=True, slots=True)
class Digest:
    sections: list[DigestSection]

    @property
    def due_count(self) -> int:
        return sum(len(section.due) for section in self.sections)

    @property
    def rotting_count(self) -> int:
        return sum(len(section.rotting) for section in self.sections)

    @property
    def note_count(self) -> int:
        return sum(len(section.notes) for section in self.sections)


def _attention_q(*, now: datetime, today: date) -> Q:
    """Cases in play whose next step is due, or that have gone stale."""
    stages = Stage.objects.filter(kind=Stage.Kind.OPEN, rotting_days__isnull=False).only(
        "id", "kind", "rotting_days"
    )
    return Q(closed_at__isnull=True) & (
        Q(next_step_due__lte=today) | rotting_q(stages, now=now, today=today)
    )


def digest_owner_ids(*, today: date, now: datetime) -> list[int]:
    """Owners (in every team) with at least one case that needs their attention, and
    the people other apps have digest lines for (crm.digest_sections)."""
    owners = set(
        AcquisitionCase.objects.filter(_attention_q(now=now, today=today))
        .filter(owner__is_active=True)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()
    )
    return sorted(owners | digest_sections.recipient_ids(today))


def digest_for_owner(*, user: AbstractBaseUser, today: date, now: datetime) -> Digest:
    """An owner's due and stale cases, per team they still belong to (one query)."""
    cases = (
        AcquisitionCase.objects.filter(_attention_q(now=now, today=today))
        .filter(owner_id=user.pk, team__memberships__user_id=user.pk)
        .select_related("team", "company", "stage")
        .order_by("team__name", "team_id", "next_step_due", "stage_entered_at", "id")
    )
    sections: dict[int, DigestSection] = {}
    for case in cases:
        section = sections.setdefault(
            case.team_id, DigestSection(team=case.team, due=[], rotting=[])
        )
        card = card_for(case, now=now, today=today)
        if card.overdue or card.due_today:
            section.due.append(card)
        if card.rotting:
            section.rotting.append(card)
    notes = digest_sections.notes_for(user.pk, today)
    if notes:
        teams = Team.objects.in_bulk({note.team_id for note in notes} - set(sections))
        for note in notes:
            if note.team_id not in sections:
                sections[note.team_id] = DigestSection(team=teams[note.team_id], due=[], rotting=[])
            sections[note.team_id].notes.append(note)
    return Digest(sections=list(sections.values()))


# ------------------------------------------------------------------------------
# Pipeline setup (leads)
# ------------------------------------------------------------------------------
def stage_get(*, team: Team, pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("pipeline"), pipeline__team=team, pk=pk)


def lost_reasons_for_team(*, team: Team) -> QuerySet[LostReason]:
    return LostReason.objects.filter(team=team).order_by("position", "id")


def lost_reason_get(*, team: Team, pk: int) -> LostReason:
    return get_object_or_404(LostReason, team=team, pk=pk)


def stages_in_use(*, team: Team) -> set[int]:
    """Ids of the team's stages a case is or has been in (they cannot be removed)."""
    used = set(
        AcquisitionCase.objects.filter(team=team).values_list("stage_id", flat=True).distinct()
    )
    used |= set(
        StageChange.objects.filter(case__team=team).values_list("to_stage_id", flat=True).distinct()
    )
    return used
