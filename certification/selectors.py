"""Read queries of certification and mentoring, with their query counts fixed."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from benefits.models import Measure, NeedsProfile
from certification import matching, reminders
from certification.models import (
    Application,
    CertificationSettings,
    Commitment,
    Participant,
    Programme,
    Review,
    Round,
    Tandem,
)
from certification.reminders import Quarter
from companies.models import Company
from crm.languages import german_active
from crm.models import Membership, Team

CERTIFYING = (Application.Decision.CERTIFIED, Application.Decision.CONDITIONS)


def measure_name(measure: Measure) -> str:
    """The measure's name in the active language."""
    return (measure.name_de if german_active() else measure.name_en) or measure.name_de


# ------------------------------------------------------------------------------
# Settings, rounds, applications
# ------------------------------------------------------------------------------
def settings_for_team(*, team: Team) -> CertificationSettings:
    """The team's settings; an unsaved default (two years) until a lead sets them."""
    return CertificationSettings.objects.filter(team=team).first() or CertificationSettings(
        team=team
    )


def recertification_years(team_id: int) -> int:
    found = CertificationSettings.objects.filter(team_id=team_id).values_list(
        "recertification_years", flat=True
    )
    return next(iter(found), CertificationSettings._meta.get_field("recertification_years").default)


def rounds_for_team(*, team: Team) -> QuerySet[Round]:
    return Round.objects.filter(team=team).annotate(
        application_count=Count("applications", distinct=True),
        decided_count=Count("applications", filter=~Q(applications__decision=""), distinct=True),
    )


def round_get(*, team: Team, pk: int) -> Round:
    return get_object_or_404(Round, team=team, pk=pk)


def applications_for_round(*, round: Round) -> QuerySet[Application]:
    return (
        Application.objects.filter(round=round)
        .select_related("company")
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            review_count=Count("reviews", distinct=True),
        )
    )


def application_get(*, team: Team, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round", "company", "decided_by", "team"),
        team=team,
        pk=pk,
    )


def commitments_under_review(application: Application) -> QuerySet[Commitment]:
    """The measures the jury reviews in an application: the company's commitments made
    in it, outside any application, or in an earlier round (for a re-certification)."""
    return Commitment.objects.filter(company_id=application.company_id).filter(
        Q(application_id=application.pk)
        | Q(application__isnull=True)
        | Q(application__round__year__lt=application.round.year)
    )


@dataclass(frozen=True, slots=True)
class ReviewRow:
    commitment: Commitment
    review: Review | None


def review_rows(*, application: Application) -> list[ReviewRow]:
    """Each committed measure with the jury's review in this application (two queries)."""
    reviews = {
        review.commitment_id: review
        for review in Review.objects.filter(application=application).select_related("reviewed_by")
    }
    commitments = commitments_under_review(application).select_related(
        "measure", "application__round"
    )
    return [ReviewRow(commitment=c, review=reviews.get(c.pk)) for c in commitments]


def commitment_get(*, application: Application, pk: int) -> Commitment:
    return get_object_or_404(commitments_under_review(application), pk=pk)


def measures_for_team(*, team: Team) -> QuerySet[Measure]:
    return Measure.objects.filter(team=team, is_active=True).order_by("name_de")


def companies_for_team(*, team: Team) -> QuerySet[Company]:
    return Company.objects.filter(team=team).order_by("legal_name", "id")


# ------------------------------------------------------------------------------
# Re-certifications due
# ------------------------------------------------------------------------------
def current_certifications(*, team: Team) -> QuerySet[Application]:
    """Each company's latest certificate, unless a later application followed it."""
    later = Application.objects.filter(
        company_id=OuterRef("company_id"), round__year__gt=OuterRef("round__year")
    )
    return (
        Application.objects.filter(team=team, decision__in=CERTIFYING)
        .exclude(recertification_due__isnull=True)
        .filter(~Exists(later))
        .select_related("company", "round")
        .order_by("recertification_due", "company__legal_name", "id")
    )


@dataclass(frozen=True, slots=True)
class QuarterDue:
    quarter: Quarter | None  # None: overdue
    applications: list[Application]


def recertifications_due(*, team: Team, today: date, quarters: int = 4) -> list[QuarterDue]:
    """The re-certifications due, overdue first, then by quarter for `quarters` quarters
    (empty quarters included); one query."""
    current = Quarter.of(today)
    shown = [current]
    for _index in range(quarters - 1):
        shown.append(shown[-1].next())
    until = shown[-1].end
    by_quarter: dict[Quarter | None, list[Application]] = defaultdict(list)
    for application in current_certifications(team=team).filter(recertification_due__lte=until):
        due = application.recertification_due
        assert due is not None  # noqa: S101 - excluded in the query
        by_quarter[None if due < today else Quarter.of(due)].append(application)
    rows = [QuarterDue(quarter=None, applications=by_quarter[None])] if by_quarter[None] else []
    return rows + [QuarterDue(quarter=q, applications=by_quarter[q]) for q in shown]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """Certificates due in a quarter, and what became of them."""

    quarter: Quarter
    due: int
    outcomes: dict[str, int] = field(default_factory=dict)  # decision or "pending"/"none"


def recertification_outcomes(*, team: Team) -> list[OutcomeRow]:
    """Per quarter of the due date: how many certificates fell due, and the decision on
    the company's next application ("pending" undecided, "none" none yet); one query."""
    applications = list(
        Application.objects.filter(team=team)
        .order_by("company_id", "round__year")
        .values("company_id", "round__year", "decision", "recertification_due")
    )
    rows: dict[Quarter, Counter[str]] = defaultdict(Counter)
    for index, application in enumerate(applications):
        due = application["recertification_due"]
        if application["decision"] not in CERTIFYING or due is None:
            continue
        following = next(
            (
                later
                for later in applications[index + 1 :]
                if later["company_id"] == application["company_id"]
            ),
            None,
        )
        outcome = "none" if following is None else following["decision"] or "pending"
        rows[Quarter.of(due)][outcome] += 1
    return [
        OutcomeRow(quarter=quarter, due=sum(counts.values()), outcomes=dict(counts))
        for quarter, counts in sorted(rows.items())
    ]


# ------------------------------------------------------------------------------
# Reminders in the daily digest (crm.digest_sections)
# ------------------------------------------------------------------------------
def _reminder_candidates(today: date) -> QuerySet[Application]:
    return (
        Application.objects.filter(
            decision__in=CERTIFYING,
            recertification_due__gt=today,
            recertification_due__lte=today + reminders.LOOKAHEAD,
        )
        .filter(
            ~Exists(
                Application.objects.filter(
                    company_id=OuterRef("company_id"), round__year__gt=OuterRef("round__year")
                )
            )
        )
        .select_related("company")
        .order_by("recertification_due", "company__legal_name", "id")
    )


def _reminders_today(
    today: date, team_ids: set[int] | None = None
) -> list[tuple[Application, str]]:
    candidates = _reminder_candidates(today)
    if team_ids is not None:
        candidates = candidates.filter(team_id__in=team_ids)
    found = []
    for application in candidates:
        due = application.recertification_due
        milestone = reminders.milestone_today(due, today) if due else None
        if milestone:
            found.append((application, milestone))
    return found


def reminder_recipient_ids(today: date) -> set[int]:
    """The active leads of every team with a re-certification reminder today (two queries)."""
    team_ids = {application.team_id for application, _m in _reminders_today(today)}
    if not team_ids:
        return set()
    return set(
        Membership.objects.filter(
            team_id__in=team_ids,
            role__in=[Membership.Role.LEAD, Membership.Role.ADMIN],
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def reminders_for_lead(user_id: int, today: date) -> list[tuple[Application, str]]:
    """The reminders of today in the teams `user_id` leads (two queries)."""
    team_ids = set(
        Membership.objects.filter(
            user_id=user_id, role__in=[Membership.Role.LEAD, Membership.Role.ADMIN]
        ).values_list("team_id", flat=True)
    )
    if not team_ids:
        return []
    return _reminders_today(today, team_ids)


# ------------------------------------------------------------------------------
# Mentoring
# ------------------------------------------------------------------------------
def programmes_for_team(*, team: Team) -> QuerySet[Programme]:
    return Programme.objects.filter(team=team).annotate(
        mentor_count=Count(
            "participants", filter=Q(participants__role=Participant.Role.MENTOR), distinct=True
        ),
        mentee_count=Count(
            "participants", filter=Q(participants__role=Participant.Role.MENTEE), distinct=True
        ),
        tandem_count=Count("tandems", distinct=True),
    )


def programme_get(*, team: Team, pk: int) -> Programme:
    return get_object_or_404(Programme, team=team, pk=pk)


def participants_for_programme(*, programme: Programme) -> list[Participant]:
    return list(programme.participants.select_related("company"))


def tandems_for_programme(*, programme: Programme) -> list[Tandem]:
    return list(
        programme.tandems.select_related("mentor", "mentee").annotate(
            meeting_count=Count("meetings")
        )
    )


def tandem_get(*, team: Team, pk: int) -> Tandem:
    return get_object_or_404(
        Tandem.objects.select_related("programme", "mentor", "mentee", "created_by"),
        team=team,
        pk=pk,
    )


def free_places(*, programme: Programme, mentor_id: int) -> int:
    capacity = (
        Participant.objects.filter(
            programme=programme, company_id=mentor_id, role=Participant.Role.MENTOR
        )
        .values_list("capacity", flat=True)
        .first()
    ) or 0
    return capacity - Tandem.objects.filter(programme=programme, mentor_id=mentor_id).count()


def _candidates(
    participants: list[Participant], taken: Counter[int]
) -> dict[int, matching.Candidate]:
    """The participants as the matching sees them (three queries for any number)."""
    company_ids = [p.company_id for p in participants]
    profiles = {
        profile.company_id: profile
        for profile in NeedsProfile.objects.filter(company_id__in=company_ids).prefetch_related(
            Prefetch("measures_offered", queryset=Measure.objects.only("id", "name_de", "name_en"))
        )
    }
    committed: dict[int, set[str]] = defaultdict(set)
    for commitment in Commitment.objects.filter(company_id__in=company_ids).select_related(
        "measure"
    ):
        committed[commitment.company_id].add(measure_name(commitment.measure))
    found = {}
    for participant in participants:
        company = participant.company
        profile = profiles.get(company.pk)
        measures = set(committed[company.pk])
        challenges: frozenset[str] = frozenset()
        if profile is not None:
            measures |= {measure_name(m) for m in profile.measures_offered.all()}
            challenges = frozenset(profile.challenges)
        found[company.pk] = matching.Candidate(
            company_id=company.pk,
            name=company.full_name,
            challenges=challenges,
            measures=frozenset(measures),
            sector_section=company.sector_section,
            size_class=company.size_class,
            postal_code=company.postal_code,
            city=company.city,
            district=company.district,
            free_places=participant.capacity - taken[company.pk],
        )
    return found


@dataclass(frozen=True, slots=True)
class MenteeSuggestions:
    mentee: Participant
    tandem: Tandem | None
    suggestions: list[matching.Suggestion]


def mentoring_suggestions(*, programme: Programme) -> list[MenteeSuggestions]:
    """Each mentee of the programme with its tandem, or the mentors that fit it best."""
    participants = participants_for_programme(programme=programme)
    tandems = {t.mentee_id: t for t in programme.tandems.select_related("mentor", "mentee")}
    taken = Counter(t.mentor_id for t in tandems.values())
    candidates = _candidates(participants, taken)
    mentors = [candidates[p.company_id] for p in participants if p.role == Participant.Role.MENTOR]
    rows = []
    for participant in participants:
        if participant.role != Participant.Role.MENTEE:
            continue
        tandem = tandems.get(participant.company_id)
        suggestions = (
            [] if tandem else matching.rank_mentors(candidates[participant.company_id], mentors)
        )
        rows.append(MenteeSuggestions(mentee=participant, tandem=tandem, suggestions=suggestions))
    return rows


@dataclass(frozen=True, slots=True)
class TandemCounts:
    programme: Programme
    running: int
    finished: int


def tandem_counts(*, team: Team) -> list[TandemCounts]:
    """Per programme, how many tandems are running and how many finished (one query)."""
    programmes = Programme.objects.filter(team=team).annotate(
        running=Count("tandems", filter=Q(tandems__status=Tandem.Status.RUNNING)),
        finished=Count("tandems", filter=Q(tandems__status=Tandem.Status.FINISHED)),
    )
    return [
        TandemCounts(programme=p, running=p.running, finished=p.finished)  # type: ignore[attr-defined]
        for p in programmes
    ]


# ------------------------------------------------------------------------------
# The company page
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompanyPanel:
    commitments: list[Commitment]
    applications: list[Application]
    current: Application | None  # the latest certificate
    tandems: list[Tandem]

    @property
    def is_empty(self) -> bool:
        return not (self.commitments or self.applications or self.tandems)


def company_panel(*, company: Company) -> CompanyPanel:
    """Commitments, certification and tandems of a company: three queries, always."""
    commitments = list(
        Commitment.objects.filter(company=company).select_related("measure", "application__round")
    )
    applications = list(
        Application.objects.filter(company=company)
        .select_related("round")
        .order_by("-round__year", "-id")
    )
    current = next((a for a in applications if a.decision in CERTIFYING), None)
    tandems = list(
        Tandem.objects.filter(Q(mentor=company) | Q(mentee=company))
        .select_related("programme", "mentor", "mentee")
        .order_by("-programme__year", "id")
    )
    return CompanyPanel(
        commitments=commitments, applications=applications, current=current, tandems=tandems
    )
