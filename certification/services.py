"""The write actions of certification and mentoring: each one transaction, each recorded."""

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.models import Measure
from certification import reminders, selectors
from certification.models import (
    Application,
    CertificationSettings,
    Commitment,
    Participant,
    Programme,
    Review,
    Round,
    Tandem,
    TandemMeeting,
)
from companies.models import Company
from crm import services as crm_services
from crm.access import require_lead
from crm.models import Team
from crm.records import unique_or_error
from history.recording import recorded

ROUND_EXISTS = _("There is a certification round for this year already.")
PROGRAMME_EXISTS = _("There is a mentoring programme for this year already.")
OTHER_TEAM = _("This belongs to another team.")
APPLICATION_EXISTS = _("This company has applied in this round already.")
COMMITMENT_EXISTS = _("The company has committed to this measure already.")
MEASURE_INACTIVE = _("Choose an active measure of the catalogue.")
NOT_UNDER_REVIEW = _("This measure is not among the commitments of this application.")
ALREADY_DECIDED = _("The jury has decided on this application already.")
DECISION_REQUIRED = _("Choose the jury's decision.")
REVIEWS_MISSING = _(
    "The jury has not reviewed every committed measure yet: %(measures)s. Record a review "
    "for each of them first."
)
NO_COMMITMENTS = _(
    "A company is certified for measures it committed to: record its commitments and "
    "their review first."
)
CONDITIONS_REQUIRED = _("Write down the conditions of the certificate.")
OWN_MENTOR = _("A company cannot be its own mentor.")
MENTEE_TAKEN = _("This mentee is in a tandem of this programme already.")
NOT_A_MENTOR = _("This company is not a mentor of the programme.")
NOT_A_MENTEE = _("This company is not a mentee of the programme.")
MENTOR_FULL = _("This mentor has no free place left in the programme.")
PARTICIPANT_EXISTS = _("This company takes part in the programme already.")
TANDEM_FINISHED = _("This tandem has finished.")
FINISHED_BEFORE_START = _("A tandem cannot finish before it started.")
TAKEAWAYS_REQUIRED = _("Record what each side took away.")


def _same_team(team_id: int, *records: Any, field: str = "company") -> None:
    for record in records:
        if record is not None and record.team_id != team_id:
            raise ValidationError({field: ValidationError(OTHER_TEAM, code="other_team")})


# ------------------------------------------------------------------------------
# Settings and rounds (leads)
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("certification_settings_update")
def certification_settings_update(
    *, team: Team, by: AbstractBaseUser, recertification_years: int, certificate_title: str
) -> CertificationSettings:
    """Set how many years a certificate lasts, and its title."""
    require_lead(team=team, user=by)
    found, _created = CertificationSettings.objects.get_or_create(team=team)
    found.recertification_years = recertification_years
    found.certificate_title = certificate_title.strip() or found.certificate_title
    found.full_clean()
    found.save()
    return found


@transaction.atomic
@recorded("round_create")
def round_create(
    *,
    team: Team,
    by: AbstractBaseUser,
    year: int,
    jury_meets_on: date | None = None,
    notes: str = "",
) -> Round:
    """Open the certification round of `year`."""
    require_lead(team=team, user=by)
    if Round.objects.filter(team=team, year=year).exists():
        raise ValidationError({"year": ValidationError(ROUND_EXISTS, code="unique")})
    found = Round(team=team, year=year, jury_meets_on=jury_meets_on, notes=notes.strip())
    with unique_or_error("year", ROUND_EXISTS):
        found.save()
    return found


# ------------------------------------------------------------------------------
# Applications and commitments (staff)
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("application_create")
def application_create(
    *,
    round: Round,
    company: Company,
    kind: str,
    by: AbstractBaseUser | None,
    received_on: date | None = None,
) -> Application:
    """Record a company's application in a round."""
    _same_team(round.team_id, company)
    if Application.objects.filter(round=round, company=company).exists():
        raise ValidationError({"company": ValidationError(APPLICATION_EXISTS, code="unique")})
    found = Application(
        team_id=round.team_id,
        round=round,
        company=company,
        kind=kind,
        received_on=received_on or timezone.localdate(),
        created_by_id=getattr(by, "pk", None),
    )
    found.full_clean(exclude=["round", "company", "team", "created_by", "decided_by"])
    with unique_or_error("company", APPLICATION_EXISTS):
        found.save()
    return found


@transaction.atomic
@recorded("commitment_create")
def commitment_create(
    *,
    company: Company,
    measure: Measure,
    by: AbstractBaseUser | None,
    application: Application | None = None,
    target_date: date | None = None,
    notes: str = "",
) -> Commitment:
    """Record a measure the company commits to (within an application, or on its own)."""
    _same_team(company.team_id, measure, field="measure")
    if application is not None and application.company_id != company.pk:
        raise ValidationError(OTHER_TEAM, code="other_company")
    if not measure.is_active:
        raise ValidationError({"measure": ValidationError(MEASURE_INACTIVE, code="inactive")})
    if Commitment.objects.filter(company=company, measure=measure).exists():
        raise ValidationError({"measure": ValidationError(COMMITMENT_EXISTS, code="unique")})
    found = Commitment(
        team_id=company.team_id,
        company=company,
        application=application,
        measure=measure,
        target_date=target_date,
        notes=notes.strip(),
        created_by_id=getattr(by, "pk", None),
    )
    with unique_or_error("measure", COMMITMENT_EXISTS):
        found.save()
    return found


# ------------------------------------------------------------------------------
# The jury (leads)
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("review_record")
def review_record(
    *,
    application: Application,
    commitment: Commitment,
    outcome: str,
    by: AbstractBaseUser,
    notes: str = "",
) -> Review:
    """Record (or correct) the jury's finding on one committed measure."""
    require_lead(team=application.team, user=by)
    if application.decision:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    if not selectors.commitments_under_review(application).filter(pk=commitment.pk).exists():
        raise ValidationError(NOT_UNDER_REVIEW, code="not_under_review")
    if outcome not in Review.Outcome.values:
        raise ValidationError({"outcome": ValidationError(DECISION_REQUIRED, code="outcome")})
    found, _created = Review.objects.update_or_create(
        application=application,
        commitment=commitment,
        defaults={"outcome": outcome, "notes": notes.strip(), "reviewed_by_id": by.pk},
    )
    return found


@transaction.atomic
@recorded("application_decide")
def application_decide(
    *,
    application: Application,
    decision: str,
    by: AbstractBaseUser,
    decided_on: date | None = None,
    conditions: str = "",
    decision_notes: str = "",
) -> Application:
    """The jury's decision; a certificate dates the next re-certification.

    Refused until every committed measure has its review. Certifying a company that
    has a partnership also moves the partnership's re-certification date.
    """
    require_lead(team=application.team, user=by)
    locked = (
        Application.objects.select_for_update()
        .select_related("team", "round")
        .get(pk=application.pk)
    )
    if locked.decision:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    if decision not in Application.Decision.values or not decision:
        raise ValidationError({"decision": ValidationError(DECISION_REQUIRED, code="required")})
    under_review = list(selectors.commitments_under_review(locked).select_related("measure"))
    certifies = decision in {Application.Decision.CERTIFIED, Application.Decision.CONDITIONS}
    if certifies and not under_review:
        raise ValidationError({"decision": ValidationError(NO_COMMITMENTS, code="no_commitments")})
    reviewed = set(
        Review.objects.filter(application=locked).values_list("commitment_id", flat=True)
    )
    missing = [selectors.measure_name(c.measure) for c in under_review if c.pk not in reviewed]
    if missing:
        raise ValidationError(
            {
                "decision": ValidationError(
                    REVIEWS_MISSING, code="reviews_missing", params={"measures": ", ".join(missing)}
                )
            }
        )
    if decision == Application.Decision.CONDITIONS and not conditions.strip():
        raise ValidationError(
            {"conditions": ValidationError(CONDITIONS_REQUIRED, code="conditions")}
        )
    decided_on = decided_on or timezone.localdate()
    locked.decision = decision
    locked.decided_on = decided_on
    locked.decided_by_id = by.pk
    locked.conditions = conditions.strip()
    locked.decision_notes = decision_notes.strip()
    if certifies:
        locked.certified_on = decided_on
        locked.recertification_due = reminders.years_later(
            decided_on, selectors.recertification_years(locked.team_id)
        )
    locked.save()
    if certifies and locked.recertification_due is not None:
        crm_services.partnership_recertification_set(
            team=locked.team,
            company_id=locked.company_id,
            due=locked.recertification_due,
            by=by,
        )
    return locked


# ------------------------------------------------------------------------------
# Mentoring
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("programme_create")
def programme_create(
    *,
    team: Team,
    by: AbstractBaseUser,
    year: int,
    name: str,
    closing_event_on: date | None = None,
) -> Programme:
    """Open the mentoring programme of `year`."""
    require_lead(team=team, user=by)
    if Programme.objects.filter(team=team, year=year).exists():
        raise ValidationError({"year": ValidationError(PROGRAMME_EXISTS, code="unique")})
    found = Programme(team=team, year=year, name=name.strip(), closing_event_on=closing_event_on)
    found.full_clean(exclude=["team"])
    with unique_or_error("year", PROGRAMME_EXISTS):
        found.save()
    return found


@transaction.atomic
@recorded("participant_add")
def participant_add(
    *,
    programme: Programme,
    company: Company,
    role: str,
    by: AbstractBaseUser,
    capacity: int = 1,
) -> Participant:
    """Take a company into the programme as mentor or mentee."""
    require_lead(team=programme.team, user=by)
    _same_team(programme.team_id, company)
    if Participant.objects.filter(programme=programme, company=company).exists():
        raise ValidationError({"company": ValidationError(PARTICIPANT_EXISTS, code="unique")})
    found = Participant(
        programme=programme,
        company=company,
        role=role,
        capacity=capacity if role == Participant.Role.MENTOR else 1,
    )
    found.full_clean(exclude=["programme", "company"])
    with unique_or_error("company", PARTICIPANT_EXISTS):
        found.save()
    return found


@transaction.atomic
@recorded("tandem_create")
def tandem_create(
    *,
    programme: Programme,
    mentor: Company,
    mentee: Company,
    by: AbstractBaseUser,
    goals: str = "",
    explanation: str = "",
    started_on: date | None = None,
) -> Tandem:
    """Pair a mentor with a mentee of the programme."""
    require_lead(team=programme.team, user=by)
    _same_team(programme.team_id, mentor, mentee)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": ValidationError(OWN_MENTOR, code="own_mentor")})
    # The programme row is the lock: two pairings at once still respect the capacity.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    roles = dict(
        Participant.objects.filter(programme=programme, company__in=[mentor, mentee]).values_list(
            "company_id", "role"
        )
    )
    if roles.get(mentor.pk) != Participant.Role.MENTOR:
        raise ValidationError({"mentor": ValidationError(NOT_A_MENTOR, code="not_mentor")})
    if roles.get(mentee.pk) != Participant.Role.MENTEE:
        raise ValidationError({"mentee": ValidationError(NOT_A_MENTEE, code="not_mentee")})
    if Tandem.objects.filter(programme=programme, mentee=mentee).exists():
        raise ValidationError({"mentee": ValidationError(MENTEE_TAKEN, code="taken")})
    if selectors.free_places(programme=programme, mentor_id=mentor.pk) <= 0:
        raise ValidationError({"mentor": ValidationError(MENTOR_FULL, code="full")})
    found = Tandem(
        team_id=programme.team_id,
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        goals=goals.strip(),
        explanation=explanation.strip(),
        started_on=started_on or timezone.localdate(),
        created_by_id=by.pk,
    )
    with unique_or_error("mentee", MENTEE_TAKEN):
        found.save()
    return found


@transaction.atomic
@recorded("tandem_goals_update")
def tandem_goals_update(*, tandem: Tandem, goals: str, by: AbstractBaseUser | None) -> Tandem:
    """Write down what the tandem means to achieve."""
    tandem.goals = goals.strip()
    tandem.save(update_fields=["goals"])
    return tandem


@transaction.atomic
@recorded("tandem_meeting_add")
def tandem_meeting_add(
    *,
    tandem: Tandem,
    held_on: date,
    topic: str,
    by: AbstractBaseUser | None,
    notes: str = "",
) -> TandemMeeting:
    """Record a meeting of the tandem."""
    if tandem.status == Tandem.Status.FINISHED:
        raise ValidationError(TANDEM_FINISHED, code="finished")
    found = TandemMeeting(
        tandem=tandem,
        held_on=held_on,
        topic=topic.strip(),
        notes=notes.strip(),
        recorded_by_id=getattr(by, "pk", None),
    )
    found.full_clean(exclude=["tandem", "recorded_by"])
    found.save()
    return found


@transaction.atomic
@recorded("tandem_finish")
def tandem_finish(
    *,
    tandem: Tandem,
    by: AbstractBaseUser | None,
    mentor_takeaways: str,
    mentee_takeaways: str,
    finished_on: date | None = None,
) -> Tandem:
    """Close a tandem with what each side took away."""
    if tandem.status == Tandem.Status.FINISHED:
        raise ValidationError(TANDEM_FINISHED, code="finished")
    finished_on = finished_on or timezone.localdate()
    errors: dict[str, Any] = {}
    if finished_on < tandem.started_on:
        errors["finished_on"] = ValidationError(FINISHED_BEFORE_START, code="before_start")
    if not mentor_takeaways.strip():
        errors["mentor_takeaways"] = ValidationError(TAKEAWAYS_REQUIRED, code="required")
    if not mentee_takeaways.strip():
        errors["mentee_takeaways"] = ValidationError(TAKEAWAYS_REQUIRED, code="required")
    if errors:
        raise ValidationError(errors)
    tandem.status = Tandem.Status.FINISHED
    tandem.finished_on = finished_on
    tandem.mentor_takeaways = mentor_takeaways.strip()
    tandem.mentee_takeaways = mentee_takeaways.strip()
    tandem.save(update_fields=["status", "finished_on", "mentor_takeaways", "mentee_takeaways"])
    return tandem
