"""Read queries for introductions, introducer suggestions and warm/cold cases.

Each fixes its query count: a case page or a report costs the same for ten
partners as for ten thousand.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from companies.models import NetworkPartner, Tie
from crm import timeline
from crm.models import AcquisitionCase, CaseStageSummary, Source, Stage, Team
from outreach import introductions, quality
from outreach.explanations import explain
from outreach.models import Campaign, CampaignItem, Introduction, OutreachFlag, Touchpoint

SUGGESTION_LIMIT = 5
# The stage a case enters once it is introduced; the open stage after it is the first meeting.
INTRODUCTION_REQUIREMENT = "introduction"
WARM_BY_SOURCE = (Source.REFERRAL, Source.INTRODUCTION)


# ------------------------------------------------------------------------------
# Introductions of a case
# ------------------------------------------------------------------------------
def introductions_for_case(*, case: AcquisitionCase) -> QuerySet[Introduction]:
    """A case's introductions and requests, newest first (one query)."""
    return case.introductions.select_related("introducer", "contact", "created_by")


def introduction_get(*, team: Team, pk: int) -> Introduction:
    """One introduction of the team's cases, or 404."""
    return get_object_or_404(
        Introduction.objects.filter(case__team=team).select_related("case__company", "introducer"),
        pk=pk,
    )


def case_has_introduction(*, case_id: int) -> bool:
    """True once an introduction happened for the case (a mere request does not count)."""
    return Introduction.objects.filter(case_id=case_id, requested=False).exists()


RECORD_OUTCOME = _lazy("Record the outcome")


def introduction_entries(case: Any) -> list[timeline.Entry]:
    """The case timeline's introductions (registered in OutreachConfig; one query)."""
    entries = []
    for introduction in introductions_for_case(case=case):
        open_request = introduction.requested and case.closed_at is None
        if introduction.requested:
            title = _("Asked %(partner)s for an introduction") % {
                "partner": introduction.introducer
            }
            details = []
        else:
            title = _("Introduced by %(partner)s") % {"partner": introduction.introducer}
            details = [introduction.get_channel_display(), introduction.get_outcome_display()]
            if introduction.contact:
                details.insert(0, _("to %(contact)s") % {"contact": introduction.contact})
        created_by = introduction.created_by
        entries.append(
            timeline.Entry.dated(
                on=introduction.date,
                recorded_at=introduction.created_at,
                icon="person-raised-hand" if introduction.requested else "people",
                title=title,
                detail=" · ".join(str(d) for d in details),
                note=introduction.note,
                by=(created_by.get_full_name() or created_by.get_username()) if created_by else "",
                url=(
                    introduction.introducer.get_absolute_url()
                    if introduction.requested
                    else reverse("outreach:introduction_outcome", args=[introduction.pk])
                ),
                # A request waits for its outcome: the introduction form records it
                # (and turns the request into the introduction).
                action=str(RECORD_OUTCOME) if open_request else "",
                action_url=(
                    f"{reverse('outreach:introduction_create', args=[case.pk])}"
                    f"?partner={introduction.introducer_id}"
                    if open_request
                    else ""
                ),
            )
        )
    return entries


# ------------------------------------------------------------------------------
# Who can introduce
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IntroducerSuggestion:
    partner_id: int
    name: str
    score: float
    direct: bool
    explanation: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _partner_name(name: str, person_name: str) -> str:
    return f"{person_name} ({name})" if person_name else name


def introducer_suggestions(
    *,
    case: AcquisitionCase,
    today: date | None = None,
    limit: int = SUGGESTION_LIMIT,
    half_life_days: float = introductions.DEFAULT_HALF_LIFE_DAYS,
) -> list[IntroducerSuggestion]:
    """The partners best placed to introduce us to the case's company, explained.

    Three queries whatever the network's size: the ties into the company (with
    whether each partner is itself a partner company), the ties into those
    partner companies (two-step paths), and the partners' records, counted in
    the database.
    """
    today = today or timezone.localdate()
    target = case.company_id
    direct = list(
        Tie.objects.filter(company_id=target, partner__team_id=case.team_id).values_list(
            "partner_id",
            "company_id",
            "kind",
            "strength",
            "last_interaction",
            "partner__company_id",
        )
    )
    if not direct:
        return []
    via_companies = {row[5] for row in direct if row[5] is not None and row[5] != target}
    # By company alone: the services keep both ends of a tie in one team, and a join
    # on the partner here makes SQLite scan the team's partners first.
    two_step = (
        list(
            Tie.objects.filter(company_id__in=via_companies).values_list(
                "partner_id", "company_id", "kind", "strength", "last_interaction"
            )
        )
        if via_companies
        else []
    )
    ties = [introductions.Tie(*row[:5]) for row in direct] + [
        introductions.Tie(*row) for row in two_step
    ]
    done = Q(introductions__requested=False)
    partners = {
        pk: introductions.PartnerRecord(
            partner_id=pk,
            name=_partner_name(name, person),
            introductions=made,
            meetings=meetings,
            company_id=company_id,
        )
        for pk, name, person, company_id, made, meetings in NetworkPartner.objects.filter(
            pk__in={tie.partner_id for tie in ties}
        )
        .annotate(
            made=Count("introductions", filter=done),
            meetings=Count(
                "introductions",
                filter=done & Q(introductions__outcome=Introduction.Outcome.MEETING_AGREED),
            ),
        )
        .values_list("pk", "name", "person_name", "company_id", "made", "meetings")
        .order_by()
    }
    # A partner company is not asked to introduce us to itself.
    ties = [tie for tie in ties if partners[tie.partner_id].company_id != target]
    ranked = introductions.rank_introducers(
        target_company_id=target,
        ties=ties,
        partners=partners,
        today=today,
        half_life_days=half_life_days,
        limit=limit,
    )
    return [
        IntroducerSuggestion(
            partner_id=s.partner_id,
            name=s.name,
            score=s.score,
            direct=s.direct,
            explanation=explain(s),
        )
        for s in ranked
    ]


# ------------------------------------------------------------------------------
# Warm or cold, for reports
# ------------------------------------------------------------------------------
def _meeting_stage_ids(cases: QuerySet[AcquisitionCase]) -> list[int]:
    """Per pipeline, the open stage after the one that requires an introduction."""
    stages = Stage.objects.filter(
        kind=Stage.Kind.OPEN, pipeline__in=cases.order_by().values("pipeline_id")
    ).order_by("pipeline_id", "position")
    meeting: list[int] = []
    introduced: set[int] = set()
    for stage in stages:
        if stage.pipeline_id in introduced:
            meeting.append(stage.pk)
            introduced.discard(stage.pipeline_id)
        elif INTRODUCTION_REQUIREMENT in (stage.requirements or []):
            introduced.add(stage.pipeline_id)
    return meeting


def cases_with_warmth(cases: QuerySet[AcquisitionCase]) -> QuerySet[AcquisitionCase]:
    """`cases` annotated with `warm`: came by referral or introduction, or was introduced
    (not merely asked for) no later than the day it first reached the first-meeting stage.

    One extra query (the pipelines' stages); the rest is subqueries.
    """
    # Unordered: the summary's default ordering would join the case and the stage per row.
    first_meeting = (
        CaseStageSummary.objects.filter(
            case=OuterRef(OuterRef("pk")), stage_id__in=_meeting_stage_ids(cases)
        )
        .order_by()
        .values(day=TruncDate("first_reached_at"))[:1]
    )
    introduced_before = Introduction.objects.filter(case=OuterRef("pk"), requested=False).filter(
        Q(date__lte=Subquery(first_meeting)) | ~Exists(first_meeting)
    )
    return cases.annotate(
        warm=Case(
            When(source__in=WARM_BY_SOURCE, then=Value(True)),
            When(Exists(introduced_before), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def case_is_warm(case: AcquisitionCase) -> bool:
    """Whether one case counts as warm in reports (see `cases_with_warmth`)."""
    annotated = cases_with_warmth(AcquisitionCase.objects.filter(pk=case.pk))
    return bool(annotated.values_list("warm", flat=True).get())  # type: ignore[misc]


# ------------------------------------------------------------------------------
# A partner's record
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PartnerRecordPage:
    introductions: list[Introduction]
    referrals: list[AcquisitionCase]
    made: int
    meetings: int
    won: int
    thanks_due: list[Introduction]


# An introduction that led to a meeting deserves a thank-you within this many days.
THANKS_WINDOW_DAYS = 30


def partner_record(*, partner: NetworkPartner, today: date | None = None) -> PartnerRecordPage:
    """What a partner did for the network and what became of it (two queries)."""
    today = today or timezone.localdate()
    intros = list(
        partner.introductions.select_related("case__company", "case__stage", "contact").order_by(
            "-date", "-id"
        )
    )
    referrals = list(
        partner.referred_cases.select_related("company", "stage").order_by("-opened_at")
    )
    done = [i for i in intros if not i.requested]
    cases = {i.case_id: i.case for i in done} | {c.pk: c for c in referrals}
    return PartnerRecordPage(
        introductions=intros,
        referrals=referrals,
        made=len(done),
        meetings=sum(i.outcome == Introduction.Outcome.MEETING_AGREED for i in done),
        won=sum(c.stage.kind == Stage.Kind.WON for c in cases.values()),
        thanks_due=[
            i
            for i in done
            if i.outcome == Introduction.Outcome.MEETING_AGREED
            and (today - i.date).days <= THANKS_WINDOW_DAYS
        ],
    )


# --- Targeting scores ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """How targeted one person's (or campaign's) first contacts were in a period."""

    key: int | None  # the user or campaign id
    label: str
    score: quality.TargetingScore


def _first_contacts(*, team: Team, start: date | None, end: date | None) -> QuerySet[Touchpoint]:
    found = Touchpoint.objects.filter(team=team, direction="out", is_first_outbound=True)
    if start is not None:
        found = found.filter(occurred_on__gte=start)
    if end is not None:
        found = found.filter(occurred_on__lte=end)
    return found


def _flagged(rule: str) -> Exists:
    # A dismissed flag was judged wrong by a lead: the contact counts as targeted.
    return Exists(
        OutreachFlag.objects.filter(touchpoint=OuterRef("pk"), rule=rule).exclude(
            state=OutreachFlag.State.DISMISSED
        )
    )


# Letters built from a campaign's common text: never tailored, whatever their flags say.
_COMMON_TEXT = Q(campaign_item__isnull=False, campaign_item__statement__isnull=True)


def _score_rows(
    *, team: Team, field: str, start: date | None, end: date | None, campaign_ids: Any = None
) -> dict[int, quality.TargetingScore]:
    """Per person or campaign, the score of its sent first contacts (one query)."""
    unprepared = Q(unprepared=True)
    generic = Q(generic=True)
    found = _first_contacts(team=team, start=start, end=end).exclude(**{f"{field}__isnull": True})
    if campaign_ids is not None:
        found = found.filter(campaign_id__in=campaign_ids)
    rows = (
        found.annotate(
            unprepared=_flagged(quality.UNPREPARED_FIRST_CONTACT),
            generic=_flagged(quality.GENERIC_TEXT),
        )
        .values(field)
        .annotate(
            first=Count("pk"),
            prepared=Count("pk", filter=~unprepared),
            warm_count=Count("pk", filter=Q(warm=True)),
            tailored=Count("pk", filter=~generic & ~_COMMON_TEXT),
            targeted=Count("pk", filter=~unprepared & ~generic & ~_COMMON_TEXT & Q(warm=True)),
        )
        .order_by(field)
    )
    return {
        row[field]: quality.TargetingScore(
            first_contacts=row["first"],
            prepared=row["prepared"],
            warm=row["warm_count"],
            tailored=row["tailored"],
            targeted=row["targeted"],
        )
        for row in rows
    }


def campaign_scores(*, team: Team, campaign_ids: Any = None) -> dict[int, quality.TargetingScore]:
    """The targeting score of each campaign, the one figure every page shows (two queries).

    A campaign that has sent first contacts is scored on them, as touchpoints with
    their flags; one that has sent none yet, on its items as its last check judged
    them (`campaign_check` stores that).
    """
    scores = _score_rows(
        team=team, field="campaign", start=None, end=None, campaign_ids=campaign_ids
    )
    unsent = Campaign.objects.filter(team=team).exclude(pk__in=list(scores))
    if campaign_ids is not None:
        unsent = unsent.filter(pk__in=campaign_ids)
    for pk, details in unsent.values_list("pk", "score_details"):
        if details and details.get("first_contacts"):
            scores[pk] = quality.TargetingScore(
                **{name: int(details.get(name, 0)) for name in _SCORE_FIELDS}
            )
    return scores


_SCORE_FIELDS = ("first_contacts", "prepared", "warm", "tailored", "targeted")


def targeting_scores(
    *, team: Team, by: str, start: date | None = None, end: date | None = None
) -> list[ScoreRow]:
    """Targeting score per person (`by="user"`) or per campaign (`by="campaign"`).

    Counts first outbound contacts that were prepared (no unprepared-first-contact
    flag), warm, and tailored (the company's own text, no generic-text flag), the
    way `quality.targeting_score` counts them for a campaign being checked. Without
    a period, campaigns not sent yet count as `campaign_scores` scores them.
    """
    if by not in ("user", "campaign"):
        raise ValueError(f"unknown grouping {by!r}")
    if by == "campaign" and start is None and end is None:
        scores = campaign_scores(team=team)
    else:
        field = "by" if by == "user" else "campaign"
        scores = _score_rows(team=team, field=field, start=start, end=end)
    ids = list(scores)
    if by == "user":
        users = get_user_model().objects.in_bulk(ids)
        labels = {pk: (u.get_full_name() or u.get_username()) for pk, u in users.items()}
    else:
        labels = dict(Campaign.objects.filter(team=team, pk__in=ids).values_list("pk", "name"))
    return sorted(
        (
            ScoreRow(key=key, label=labels.get(key, "?"), score=score)
            for key, score in scores.items()
        ),
        key=lambda row: row.label.casefold(),
    )


# --- Touchpoints -------------------------------------------------------------------


def touchpoints_for_case(*, case: AcquisitionCase) -> QuerySet[Touchpoint]:
    return (
        Touchpoint.objects.filter(case=case)
        .select_related("by", "contact", "campaign", "company")
        .order_by("-occurred_on", "-pk")
    )


def touchpoints_for_case_flagged(*, case: AcquisitionCase) -> QuerySet[Touchpoint]:
    """The case's touchpoints, each with `open_flags`, the number of its open flags.

    Counted by a small subquery per row: a join with GROUP BY grouped the wide joined
    rows (sorting them by five keys) and gave the planner one more table to order.
    """
    open_flags = (
        OutreachFlag.objects.filter(touchpoint=OuterRef("pk"), state=OutreachFlag.State.OPEN)
        .order_by()
        .values("touchpoint")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return touchpoints_for_case(case=case).annotate(
        open_flags=Coalesce(Subquery(open_flags), Value(0))
    )


def touchpoint_get(*, team: Team, pk: int) -> Touchpoint:
    return get_object_or_404(
        Touchpoint.objects.select_related("case", "company", "contact"), team=team, pk=pk
    )


_CHANNEL_ICONS = {
    "letter": "envelope-paper",
    "email": "envelope-at",
    "phone": "telephone",
    "meeting": "people",
    "event": "calendar-event",
    "other": "chat-left-text",
}


def touchpoint_entries(case: Any) -> list[timeline.Entry]:
    """The case's touchpoints as timeline entries (one query), with their open flags counted."""
    entries = []
    touchpoints = touchpoints_for_case_flagged(case=case)
    for touchpoint in touchpoints:
        # Whole phrases, so that each language picks its own preposition ("Brief an …").
        heading = (
            _("%(channel)s to %(who)s") if touchpoint.outbound else _("%(channel)s from %(who)s")
        )
        who = str(touchpoint.contact) if touchpoint.contact else str(touchpoint.company)
        detail = [touchpoint.get_direction_display()]
        detail.append(_("warm") if touchpoint.warm else _("cold"))
        if touchpoint.outcome:
            detail.append(touchpoint.get_outcome_display())
        if touchpoint.campaign:
            detail.append(_("campaign “%(name)s”") % {"name": touchpoint.campaign.name})
        if touchpoint.open_flags:  # type: ignore[attr-defined]
            detail.append(_("%(count)s open flag(s)") % {"count": touchpoint.open_flags})  # type: ignore[attr-defined]
        entries.append(
            timeline.Entry.dated(
                on=touchpoint.occurred_on,
                recorded_at=touchpoint.recorded_at,
                icon=_CHANNEL_ICONS.get(touchpoint.channel, "chat-left-text"),
                title=heading % {"channel": touchpoint.get_channel_display(), "who": who}
                + (f": {touchpoint.subject}" if touchpoint.subject else ""),
                detail=" · ".join(str(part) for part in detail),
                note=touchpoint.text[:300] + ("…" if len(touchpoint.text) > 300 else ""),
                by=_person_name(touchpoint.by),
            )
        )
    return entries


def _person_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- Campaigns ----------------------------------------------------------------------


def campaigns_for_team(*, team: Team) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(team=team)
        .select_related("created_by", "approved_by", "template")
        .annotate(
            item_count=Count("items", distinct=True),
            open_blocks=Count(
                "flags",
                filter=Q(
                    flags__state=OutreachFlag.State.OPEN,
                    flags__severity=OutreachFlag.Severity.BLOCK,
                ),
                distinct=True,
            ),
            open_warnings=Count(
                "flags",
                filter=Q(
                    flags__state=OutreachFlag.State.OPEN,
                    flags__severity=OutreachFlag.Severity.WARNING,
                ),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def campaigns_in_draft(*, team: Team) -> QuerySet[Campaign]:
    """The team's campaigns that still take cases, newest first."""
    return Campaign.objects.filter(team=team, status=Campaign.Status.DRAFT).order_by(
        "-created_at", "-pk"
    )


def campaign_get(*, team: Team, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("created_by", "approved_by", "template", "team"),
        team=team,
        pk=pk,
    )


def campaign_items(*, campaign: Campaign) -> QuerySet[CampaignItem]:
    return (
        CampaignItem.objects.filter(campaign=campaign)
        .select_related("case__company", "case__stage", "contact", "statement", "touchpoint")
        .order_by("case__company__legal_name", "pk")
    )


def campaign_item_get(*, team: Team, pk: int) -> CampaignItem:
    return get_object_or_404(
        CampaignItem.objects.select_related("campaign", "case__company", "contact"),
        campaign__team=team,
        pk=pk,
    )


def campaign_flags(*, campaign: Campaign) -> QuerySet[OutreachFlag]:
    return (
        OutreachFlag.objects.filter(campaign=campaign)
        .select_related("company", "user", "resolved_by", "campaign_item")
        .order_by("-severity", "state", "rule", "pk")
    )


def campaign_blocking_flags(*, campaign: Campaign) -> QuerySet[OutreachFlag]:
    return campaign_flags(campaign=campaign).filter(
        state=OutreachFlag.State.OPEN, severity=OutreachFlag.Severity.BLOCK
    )


def cases_for_campaign_choice(*, campaign: Campaign) -> QuerySet[AcquisitionCase]:
    """Open cases of the team not yet in the campaign, to choose from."""
    return (
        AcquisitionCase.objects.filter(team_id=campaign.team_id, closed_at__isnull=True)
        .exclude(campaign_items__campaign=campaign)
        .select_related("company", "stage", "owner")
        .order_by("stage__position", "company__legal_name", "pk")
    )


# --- Flags: review queue ----------------------------------------------------------------


def flag_get(*, team: Team, pk: int) -> OutreachFlag:
    return get_object_or_404(
        OutreachFlag.objects.select_related("team", "company", "touchpoint", "campaign"),
        team=team,
        pk=pk,
    )


def flags_for_review(
    *,
    team: Team,
    state: str | None = OutreachFlag.State.OPEN,
    rule: str = "",
    user_id: int | None = None,
    after: OutreachFlag | None = None,
) -> QuerySet[OutreachFlag]:
    """A team's flags in review order; `after` continues behind that flag (a keyset page).

    The order is that of the index `flag_review_idx` (and `flag_review_rule_idx`
    with a rule), so a page is read from the index and never sorts all flags.
    `state=None` leaves the state to the caller (the queue's filters).
    """
    found = OutreachFlag.objects.filter(team=team)
    if state is not None:
        found = found.filter(state=state)
    if rule:
        found = found.filter(rule=rule)
    if user_id is not None:
        found = found.filter(user_id=user_id)
    if after is not None:
        found = found.filter(
            Q(severity__lt=after.severity)
            | Q(severity=after.severity, created_at__lt=after.created_at)
            | Q(severity=after.severity, created_at=after.created_at, pk__lt=after.pk)
        )
    # The case a flag is about (its contact's, else its letter's) by two small subqueries:
    # joining the touchpoint and the campaign item as well left PostgreSQL eight joins
    # to order, 10–20 ms of planning for a query that runs in 1.5 ms.
    return (
        found.select_related("company", "user", "campaign", "resolved_by")
        .annotate(
            case_ref=Coalesce(
                Subquery(Touchpoint.objects.filter(pk=OuterRef("touchpoint_id")).values("case_id")),
                Subquery(
                    CampaignItem.objects.filter(pk=OuterRef("campaign_item_id")).values("case_id")
                ),
            )
        )
        .order_by("-severity", "-created_at", "-pk")
    )


def open_flags_per_person(*, team: Team) -> dict[int | None, int]:
    """How many flags wait for review, per person they are about.

    Counting reads every open flag of the team (tens of thousands at a big team), so the
    counts are kept in the cache until a flag of the team changes (one index lookup of
    the latest change, `flag_team_updated_idx`), at most REVIEW_FIGURES_SECONDS."""
    last = OutreachFlag.objects.filter(team=team).aggregate(last=Max("updated_at"))["last"]
    key = f"outreach:open-flags:{team.pk}:{last.isoformat() if last else ''}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            OutreachFlag.objects.filter(team=team, state=OutreachFlag.State.OPEN)
            .order_by()
            .values_list("user_id")
            .annotate(n=Count("pk"))
            .values_list("user_id", "n")
        )
        counts = dict(rows)
        cache.set(key, counts, REVIEW_FIGURES_SECONDS)
    return counts


def flag_for_review_get(*, team: Team, pk: int) -> OutreachFlag | None:
    """The flag a review page continues after, if it is the team's."""
    return (
        OutreachFlag.objects.filter(team=team, pk=pk)
        .only("pk", "severity", "created_at", "team_id")
        .first()
    )


@dataclass(frozen=True, slots=True)
class ReviewFigures:
    """What the review queue shows beside the flags, computed once per change of outreach."""

    person_scores: list[ScoreRow]
    campaign_scores: list[ScoreRow]
    counts: list["FlagCount"]


# The figures are kept until the team's outreach changes (see _outreach_revision),
# and at most this long: a deletion (which the stamp does not see) or a renamed
# person or campaign shows after two minutes at the latest.
REVIEW_FIGURES_SECONDS = 120


def _outreach_revision(team: Team) -> str:
    """A stamp that changes when the team's flags change or its outreach grows.

    The latest change of a flag (every change sets `updated_at`), the highest ids
    of touchpoints, campaigns and items: each one index lookup (`flag_team_updated_idx`,
    `tp_team_id_idx`), where counting would read every row of the history.
    """
    flags = OutreachFlag.objects.filter(team=team).aggregate(last=Max("updated_at"))
    touchpoints = Touchpoint.objects.filter(team=team).aggregate(last=Max("pk"))
    campaigns = Campaign.objects.filter(team=team).aggregate(
        last=Max("pk"), item_last=Max("items__pk")
    )
    last = flags["last"].isoformat() if flags["last"] else ""
    return f"{last}.{touchpoints['last']}.{campaigns['last']}.{campaigns['item_last']}"


def review_figures(*, team: Team) -> ReviewFigures:
    """The targeting scores per person and campaign and the flag counts, from the cache.

    Computing them joins every first contact with its flags (hundreds of
    milliseconds at a big team); they change only when the outreach does.
    """
    key = f"outreach:review-figures:{team.pk}:{_outreach_revision(team)}"
    figures = cache.get(key)
    if figures is None:
        figures = ReviewFigures(
            person_scores=targeting_scores(team=team, by="user"),
            campaign_scores=targeting_scores(team=team, by="campaign"),
            counts=flag_counts(team=team),
        )
        cache.set(key, figures, REVIEW_FIGURES_SECONDS)
    return figures


@dataclass(frozen=True, slots=True)
class FlagCount:
    user_id: int | None
    person: str
    rule: str
    open: int
    acknowledged: int
    dismissed: int
    rule_title: str = ""


def flag_counts(
    *, team: Team, start: date | None = None, end: date | None = None
) -> list[FlagCount]:
    """Flags per person and rule, by state (one query)."""
    found = OutreachFlag.objects.filter(team=team)
    if start is not None:
        found = found.filter(created_at__date__gte=start)
    if end is not None:
        found = found.filter(created_at__date__lte=end)
    rows = (
        found.values("user_id", "user__username", "user__first_name", "user__last_name", "rule")
        .annotate(
            open=Count("pk", filter=Q(state=OutreachFlag.State.OPEN)),
            acknowledged=Count("pk", filter=Q(state=OutreachFlag.State.ACKNOWLEDGED)),
            dismissed=Count("pk", filter=Q(state=OutreachFlag.State.DISMISSED)),
        )
        .order_by("user__username", "rule")
    )
    return [
        FlagCount(
            user_id=row["user_id"],
            person=(
                f"{row['user__first_name']} {row['user__last_name']}".strip()
                or row["user__username"]
                or "—"
            ),
            rule=row["rule"],
            open=row["open"],
            acknowledged=row["acknowledged"],
            dismissed=row["dismissed"],
        )
        for row in rows
    ]
