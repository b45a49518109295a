"""Write actions for teams and the acquisition pipeline.

Each action is one transaction and the one place its rule is enforced: views,
the admin, commands and tasks all call these. A move locks the case row, checks
the version the caller saw (optimistic locking: the second of two people moving
the same case is told so instead of overwriting the first), checks the target
stage's entry requirements, appends a `StageChange` and keeps the case summary
(`stage_entered_at`, `furthest_stage`, `CaseStageSummary`) in step.

Messages are module constants so that tests and callers can recognise them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from companies import sectors
from companies import services as company_services
from companies.models import Company, Contact, NetworkPartner, SizeClass
from crm import defaults, requirements, selectors
from crm.access import require_lead
from crm.models import (
    AcquisitionCase,
    CaseStageSummary,
    LostReason,
    Membership,
    PartnerPerson,
    Partnership,
    PartnershipStatusChange,
    Pipeline,
    Source,
    Stage,
    StageChange,
    Team,
    UserPreferences,
)
from crm.records import unique_or_error
from crm.requirements import choices as requirement_choices
from crm.signals import case_changed
from history import recording
from history.recording import recorded

CASE_CHANGED_MEANWHILE = _(
    "This case was changed meanwhile by someone else. Check its current state and try again."
)
CASE_GONE = _("This case no longer exists.")
COMPANY_OTHER_TEAM = _("Choose a company of your own team.")
PIPELINE_OTHER_TEAM = _("Choose a pipeline of your own team.")
OWNER_NOT_MEMBER = _("The owner must be a member of the team.")
PARTNER_OTHER_TEAM = _("Choose a partner of your own team.")
REFERRAL_NEEDS_PARTNER = _("A referral needs the partner who referred the company.")
SECOND_OPEN_CASE = _("%(company)s already has an open case in this pipeline.")
STAGE_OTHER_PIPELINE = _("Choose a stage of this case's pipeline.")
OPEN_STAGE_REQUIRED = _("Choose one of the open stages.")
NO_PIPELINE = _("Your team has no pipeline yet. Ask an administrator to set one up.")
NO_OPEN_STAGE = _("This pipeline has no open stage yet. Ask an administrator to add one.")
NO_STAGE_OF_KIND = _(
    "This pipeline has no stage of the kind “%(kind)s”. Ask an administrator to add one."
)
SAME_STAGE = _("The case is already in this stage.")
CASE_WON_FINAL = _(
    "This case was won and its partnership recorded; a won case stays won. "
    "Open a new case for a further programme."
)
CASE_LOST_REOPEN_FIRST = _("This case was closed as lost. Reopen it first.")
CASE_PAUSED_RESUME_FIRST = _("This case is on hold. Resume it first.")
CASE_NOT_PAUSED = _("Only a case on hold can be resumed.")
CASE_NOT_LOST = _("Only a case closed as lost can be reopened.")
CASE_CLOSED = _("This case is closed.")
REQUIREMENTS_UNMET = _("“%(stage)s” cannot be entered yet: %(missing)s")
LOST_REASON_REQUIRED = _("Choose why the company said no.")
LOST_REASON_INVALID = _("Choose one of your team's lost reasons.")
REAPPROACH_NOT_FUTURE = _("Choose a date after today for the next approach.")
PAUSE_DATE_REQUIRED = _("Choose the date on which to pick the case up again.")
PAUSE_DATE_NOT_FUTURE = _("Choose a date after today to pick the case up again.")
PARTNERSHIP_KIND_REQUIRED = _("Choose what kind of partnership was agreed.")
PARTNERSHIP_STATUS_UNKNOWN = _("Choose one of the listed statuses.")
PARTNERSHIP_STATUS_SAME = _("The membership has this status already.")
PARTNERSHIP_REASON_REQUIRED = _("Say why, in a few words.")
PARTNERSHIP_DATE_FUTURE = _("A status change cannot be dated in the future.")
PARTNERSHIP_DATE_BEFORE_START = _("A status change cannot be dated before the membership began.")
PARTNER_PERSON_OTHER_COMPANY = _("Choose a person of this partner company.")
PARTNER_PERSON_EXISTS = _("This person has this role already.")
PARTNER_ROLE_UNKNOWN = _("Choose one of the listed roles.")
MOVE_TIME_INVALID = _("A move cannot be dated before the case's last move or in the future.")
NEXT_STEP_DUE_PAST = _("Choose today or a later date.")
NEXT_STEP_DUE_WITHOUT_STEP = _("Describe the next step that is due on this date.")
NEXT_STEP_REQUIRED = _("Describe the next step.")

# Certificates of family-friendly employers are renewed every two years.
RECERTIFICATION_YEARS = 2


# ------------------------------------------------------------------------------
# Teams and their defaults
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("team_create")
def team_create(*, name: str, slug: str, region: str = "") -> Team:
    """Create a team with its default pipeline, stages and lost reasons."""
    team = Team(name=name, slug=slug, region=region)
    team.full_clean()
    team.save()
    team_defaults_ensure(team=team)
    return team


@transaction.atomic
@recorded("team_defaults_ensure")
def team_defaults_ensure(*, team: Team) -> None:
    """Give a team the default pipeline and lost reasons unless it has its own; idempotent."""
    if not Pipeline.objects.filter(team=team).exists():
        pipeline = Pipeline.objects.create(
            team=team, name=defaults.PIPELINE_NAME, position=1, is_default=True
        )
        Stage.objects.bulk_create(
            Stage(
                pipeline=pipeline,
                position=index * 10,
                name_de=spec.name_de,
                name_en=spec.name_en,
                kind=spec.kind,
                rotting_days=spec.rotting_days,
                requirements=list(spec.requirements),
            )
            for index, spec in enumerate(defaults.STAGES, start=1)
        )
        recording.tally(Stage, created=len(defaults.STAGES))
    if not LostReason.objects.filter(team=team).exists():
        LostReason.objects.bulk_create(
            LostReason(team=team, position=index * 10, name_de=de, name_en=en)
            for index, (de, en) in enumerate(defaults.LOST_REASONS, start=1)
        )
        recording.tally(LostReason, created=len(defaults.LOST_REASONS))


@transaction.atomic
@recorded("user_language_set")
def user_language_set(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the user's interface language, used for emails sent to them."""
    if language not in dict(settings.LANGUAGES):
        return
    UserPreferences.objects.update_or_create(user_id=user.pk, defaults={"language": language})


# ------------------------------------------------------------------------------
# Opening and editing cases
# ------------------------------------------------------------------------------
def _check_people(
    *, team: Team, owner: AbstractBaseUser, source: str, referred_by: NetworkPartner | None
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not Membership.objects.filter(team=team, user_id=owner.pk).exists():
        errors["owner"] = OWNER_NOT_MEMBER
    if referred_by is not None and referred_by.team_id != team.pk:
        errors["referred_by"] = PARTNER_OTHER_TEAM
    elif referred_by is None and source == Source.REFERRAL:
        errors["referred_by"] = REFERRAL_NEEDS_PARTNER
    return errors


def _check_due(due: date | None, next_step: str, *, previous: date | None = None) -> dict[str, Any]:
    if due is None:
        return {}
    if not next_step.strip():
        return {"next_step": NEXT_STEP_DUE_WITHOUT_STEP}
    # An overdue date that is kept as it is stays allowed: only new dates must lie ahead.
    if due != previous and due < timezone.localdate():
        return {"next_step_due": NEXT_STEP_DUE_PAST}
    return {}


# The services check the related rows themselves (team, pipeline, membership);
# validating the plain fields is enough and spares a query per relation.
_CASE_RELATIONS = (
    "team",
    "company",
    "pipeline",
    "stage",
    "owner",
    "referred_by",
    "furthest_stage",
    "lost_reason",
    "created_by",
)


def _second_open_case(company: Company) -> ValidationError:
    return ValidationError(
        {
            "company": ValidationError(
                SECOND_OPEN_CASE, code="second_open_case", params={"company": company}
            )
        }
    )


def _check_requirements(case: AcquisitionCase, stage: Stage) -> None:
    missing = requirements.unmet(case, stage.requirements)
    if missing:
        raise ValidationError(
            REQUIREMENTS_UNMET,
            code="requirements_unmet",
            params={"stage": stage.name, "missing": " ".join(str(m) for m in missing)},
        )


def _stage_of_kind(pipeline: Pipeline, kind: str) -> Stage:
    stage = Stage.objects.filter(pipeline=pipeline, kind=kind).order_by("position").first()
    if stage is None:
        if kind == Stage.Kind.OPEN:
            raise ValidationError(NO_OPEN_STAGE, code="no_stage")
        raise ValidationError(
            NO_STAGE_OF_KIND, code="no_stage", params={"kind": Stage.Kind(kind).label}
        )
    return stage


@transaction.atomic
@recorded("case_open")
def case_open(
    *,
    team: Team,
    company: Company,
    owner: AbstractBaseUser,
    by: AbstractBaseUser | None,
    source: str,
    pipeline: Pipeline | None = None,
    stage: Stage | None = None,
    referred_by: NetworkPartner | None = None,
    next_step: str = "",
    next_step_due: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Open a case for a company, by default in the first stage of the default pipeline."""
    pipeline = pipeline or selectors.pipeline_default(team=team)
    if pipeline is None:
        raise ValidationError(NO_PIPELINE, code="no_pipeline")
    errors = _check_people(team=team, owner=owner, source=source, referred_by=referred_by)
    errors.update(_check_due(next_step_due, next_step))
    if company.team_id != team.pk:
        errors["company"] = COMPANY_OTHER_TEAM
    if pipeline.team_id != team.pk:
        errors["pipeline"] = PIPELINE_OTHER_TEAM
    elif stage is not None and stage.pipeline_id != pipeline.pk:
        errors["stage"] = STAGE_OTHER_PIPELINE
    elif stage is not None and not stage.is_open:
        errors["stage"] = OPEN_STAGE_REQUIRED
    if errors:
        raise ValidationError(errors)
    stage = stage or _stage_of_kind(pipeline, Stage.Kind.OPEN)

    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError(MOVE_TIME_INVALID, code="move_time")
    case = AcquisitionCase(
        team=team,
        company=company,
        pipeline=pipeline,
        stage=stage,
        owner_id=owner.pk,
        source=source,
        referred_by=referred_by,
        next_step=next_step,
        next_step_due=next_step_due,
        opened_at=at,
        stage_entered_at=at,
        furthest_stage=stage,
        created_by_id=by.pk if by else None,
    )
    case.clean_fields(exclude=_CASE_RELATIONS)
    if AcquisitionCase.objects.filter(
        company=company, pipeline=pipeline, closed_at__isnull=True
    ).exists():
        raise _second_open_case(company)
    _check_requirements(case, stage)
    try:
        # A savepoint: a concurrent opening that slipped past the check above
        # hits the partial unique index and gets the same message.
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise _second_open_case(company) from exc
    StageChange.objects.create(
        case=case,
        from_stage=None,
        to_stage=stage,
        changed_at=at,
        changed_by_id=by.pk if by else None,
        note=note,
    )
    CaseStageSummary.objects.create(case=case, stage=stage, first_reached_at=at, last_reached_at=at)
    case_changed.send(sender=AcquisitionCase, case=case)
    return case


def _lock(case: AcquisitionCase, version: int) -> AcquisitionCase:
    """The case row, locked for this transaction, if nobody changed it since `version`."""
    # Lock the bare row first, then read it with its joins in a new statement. A
    # locking query with joins would, on PostgreSQL, re-check a concurrently
    # updated row against the *old* joined stage and drop it ("gone") instead of
    # returning the new version.
    if not list(AcquisitionCase.objects.select_for_update().filter(pk=case.pk).values_list("pk")):
        raise ValidationError(CASE_GONE, code="gone")
    try:
        locked = AcquisitionCase.objects.select_related(
            "stage", "pipeline", "company", "furthest_stage"
        ).get(pk=case.pk)
    except AcquisitionCase.DoesNotExist as exc:
        raise ValidationError(CASE_GONE, code="gone") from exc
    if locked.version != version:
        raise ValidationError(CASE_CHANGED_MEANWHILE, code="stale")
    return locked


def _save(case: AcquisitionCase, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
@recorded("case_update")
def case_update(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    owner: AbstractBaseUser,
    source: str,
    referred_by: NetworkPartner | None,
) -> AcquisitionCase:
    """Change who owns a case and where it came from."""
    locked = _lock(case, version)
    errors = _check_people(team=locked.team, owner=owner, source=source, referred_by=referred_by)
    if errors:
        raise ValidationError(errors)
    locked.owner_id = owner.pk
    locked.source = source
    locked.referred_by = referred_by
    locked.clean_fields(exclude=_CASE_RELATIONS)
    _save(locked, "owner", "source", "referred_by")
    case_changed.send(sender=AcquisitionCase, case=locked)
    return locked


@transaction.atomic
@recorded("case_next_step_set")
def case_next_step_set(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    next_step: str,
    next_step_due: date | None,
) -> AcquisitionCase:
    """Plan (or clear) the next step of a case that is still in play."""
    locked = _lock(case, version)
    if locked.closed_at is not None:
        raise ValidationError(CASE_CLOSED, code="closed")
    errors = _check_due(next_step_due, next_step, previous=locked.next_step_due)
    if errors:
        raise ValidationError(errors)
    locked.next_step = next_step.strip()
    locked.next_step_due = next_step_due
    locked.clean_fields(exclude=_CASE_RELATIONS)
    _save(locked, "next_step", "next_step_due")
    return locked


# ------------------------------------------------------------------------------
# Moves
# ------------------------------------------------------------------------------
def _when(case: AcquisitionCase, at: datetime | None) -> datetime:
    """The time of a move: now, or a back-dated time for imports and the demo data."""
    now = timezone.now()
    if at is None:
        return max(now, case.stage_entered_at)
    if at > now or at < case.stage_entered_at:
        raise ValidationError(MOVE_TIME_INVALID, code="move_time")
    return at


def _require_target(case: AcquisitionCase, to: Stage) -> None:
    if to.pipeline_id != case.pipeline_id:
        raise ValidationError({"to": STAGE_OTHER_PIPELINE}, code="other_pipeline")
    if to.pk == case.stage_id:
        raise ValidationError({"to": SAME_STAGE}, code="same_stage")


def _require_in_play(case: AcquisitionCase, *, allow_paused: bool = False) -> None:
    """Refuse to move a case that is won, lost, or (unless allowed) on hold."""
    kind = case.stage.kind
    if kind == Stage.Kind.WON:
        raise ValidationError(CASE_WON_FINAL, code="won")
    if kind == Stage.Kind.LOST:
        raise ValidationError(CASE_LOST_REOPEN_FIRST, code="lost")
    if kind == Stage.Kind.PAUSED and not allow_paused:
        raise ValidationError(CASE_PAUSED_RESUME_FIRST, code="paused")


def _record_move(
    case: AcquisitionCase,
    *,
    to: Stage,
    by: AbstractBaseUser | None,
    at: datetime,
    note: str = "",
    lost_reason: LostReason | None = None,
) -> None:
    """Append the history row and bring the summary up to date (the caller saves the case)."""
    stay = at - case.stage_entered_at
    StageChange.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=to,
        changed_at=at,
        changed_by_id=by.pk if by else None,
        time_in_from_stage=stay,
        lost_reason=lost_reason,
        note=note.strip(),
    )
    CaseStageSummary.objects.filter(case=case, stage=case.stage).update(
        time_spent=F("time_spent") + stay
    )
    reached = CaseStageSummary.objects.filter(case=case, stage=to).update(
        last_reached_at=at, times_reached=F("times_reached") + 1
    )
    if not reached:
        CaseStageSummary.objects.create(
            case=case, stage=to, first_reached_at=at, last_reached_at=at
        )
        # Reaching the first-meeting stage decides whether an introduction came first.
        case_changed.send(sender=AcquisitionCase, case=case)
    progress = to.kind in {Stage.Kind.OPEN, Stage.Kind.WON}
    if progress and to.position > case.furthest_stage.position:
        case.furthest_stage = to
    case.stage = to
    case.stage_entered_at = at


_MOVE_FIELDS = ("stage", "stage_entered_at", "furthest_stage")


@transaction.atomic
@recorded("case_advance")
def case_advance(
    *,
    case: AcquisitionCase,
    to: Stage,
    by: AbstractBaseUser | None,
    version: int,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Move a case in play to another open stage (forward, or back a step)."""
    locked = _lock(case, version)
    _require_in_play(locked)
    _require_target(locked, to)
    if not to.is_open:
        raise ValidationError({"to": OPEN_STAGE_REQUIRED}, code="not_open")
    at = _when(locked, at)
    _check_requirements(locked, to)
    _record_move(locked, to=to, by=by, at=at, note=note)
    _save(locked, *_MOVE_FIELDS)
    return locked


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
@recorded("case_win")
def case_win(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    kind: str,
    started_on: date | None = None,
    recertification_due: date | None = None,
    commitments: str = "",
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Close a case as won and record the partnership the company entered."""
    locked = _lock(case, version)
    _require_in_play(locked)
    to = _stage_of_kind(locked.pipeline, Stage.Kind.WON)
    _require_target(locked, to)
    if kind not in Partnership.Kind.values:
        raise ValidationError({"partnership_kind": PARTNERSHIP_KIND_REQUIRED}, code="kind")
    at = _when(locked, at)
    _check_requirements(locked, to)
    started_on = started_on or timezone.localdate(at)
    if recertification_due is None and kind == Partnership.Kind.CERTIFIED_EMPLOYER:
        recertification_due = _years_later(started_on, RECERTIFICATION_YEARS)
    partnership = Partnership(
        team=locked.team,
        company=locked.company,
        case=locked,
        kind=kind,
        started_on=started_on,
        status_on=started_on,
        recertification_due=recertification_due,
        commitments=commitments.strip(),
    )
    partnership.full_clean(exclude=["case"])
    _record_move(locked, to=to, by=by, at=at, note=note)
    locked.closed_at = at
    locked.next_step, locked.next_step_due = "", None
    _save(locked, *_MOVE_FIELDS, "closed_at", "next_step", "next_step_due")
    partnership.save()
    _partnership_status_record(partnership, from_status="", by=by)
    return locked


@transaction.atomic
@recorded("partnership_recertification_set")
def partnership_recertification_set(
    *, team: Team, company_id: int, due: date, by: AbstractBaseUser | None
) -> int:
    """Set the re-certification date of the company's partnerships in `team` (a jury
    certified it); returns how many partnerships changed. Each is saved on its own, so
    that the history records every change."""
    changed = 0
    for partnership in Partnership.objects.select_for_update().filter(
        team=team, company_id=company_id
    ):
        # A partnership begun after the due date (entered later by hand) keeps its own.
        if partnership.started_on >= due:
            continue
        if partnership.recertification_due != due:
            partnership.recertification_due = due
            partnership.save(update_fields=["recertification_due"])
            changed += 1
    return changed


@transaction.atomic
@recorded("case_lose")
def case_lose(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    reason: LostReason | None,
    reapproach_on: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Close a case (in play or on hold) as lost, with the reason and maybe a re-approach date."""
    locked = _lock(case, version)
    _require_in_play(locked, allow_paused=True)
    to = _stage_of_kind(locked.pipeline, Stage.Kind.LOST)
    _require_target(locked, to)
    errors: dict[str, Any] = {}
    if reason is None:
        errors["lost_reason"] = LOST_REASON_REQUIRED
    elif reason.team_id != locked.team_id:
        errors["lost_reason"] = LOST_REASON_INVALID
    if reapproach_on is not None and reapproach_on <= timezone.localdate():
        errors["reapproach_on"] = REAPPROACH_NOT_FUTURE
    if errors:
        raise ValidationError(errors)
    at = _when(locked, at)
    _check_requirements(locked, to)
    _record_move(locked, to=to, by=by, at=at, note=note, lost_reason=reason)
    locked.closed_at = at
    locked.lost_reason = reason
    locked.reapproach_on = reapproach_on
    locked.paused_until = None
    locked.next_step, locked.next_step_due = "", None
    _save(
        locked,
        *_MOVE_FIELDS,
        "closed_at",
        "lost_reason",
        "reapproach_on",
        "paused_until",
        "next_step",
        "next_step_due",
    )
    return locked


@transaction.atomic
@recorded("case_pause")
def case_pause(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    until: date | None,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Put a case on hold until a date (the company asked to be approached later)."""
    locked = _lock(case, version)
    _require_in_play(locked)
    to = _stage_of_kind(locked.pipeline, Stage.Kind.PAUSED)
    _require_target(locked, to)
    if until is None:
        raise ValidationError({"paused_until": PAUSE_DATE_REQUIRED}, code="required")
    if until <= timezone.localdate():
        raise ValidationError({"paused_until": PAUSE_DATE_NOT_FUTURE}, code="past")
    at = _when(locked, at)
    _check_requirements(locked, to)
    _record_move(locked, to=to, by=by, at=at, note=note)
    locked.paused_until = until
    _save(locked, *_MOVE_FIELDS, "paused_until")
    return locked


def _resolve_open_target(case: AcquisitionCase, to: Stage | None) -> Stage:
    target = to or selectors.case_last_open_stage(case=case)
    if target is None:
        raise ValidationError(NO_OPEN_STAGE, code="no_stage")
    _require_target(case, target)
    if not target.is_open:
        raise ValidationError({"to": OPEN_STAGE_REQUIRED}, code="not_open")
    return target


@transaction.atomic
@recorded("case_resume")
def case_resume(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    to: Stage | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Pick up a case on hold, in the stage it was paused from unless another is given."""
    locked = _lock(case, version)
    if locked.stage.kind != Stage.Kind.PAUSED:
        raise ValidationError(CASE_NOT_PAUSED, code="not_paused")
    target = _resolve_open_target(locked, to)
    at = _when(locked, at)
    _check_requirements(locked, target)
    _record_move(locked, to=target, by=by, at=at, note=note)
    locked.paused_until = None
    _save(locked, *_MOVE_FIELDS, "paused_until")
    return locked


@transaction.atomic
@recorded("case_reopen")
def case_reopen(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser | None,
    version: int,
    to: Stage | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AcquisitionCase:
    """Take up a lost case again, in the stage it was lost from unless another is given."""
    locked = _lock(case, version)
    if locked.stage.kind == Stage.Kind.WON:
        raise ValidationError(CASE_WON_FINAL, code="won")
    if locked.stage.kind != Stage.Kind.LOST:
        raise ValidationError(CASE_NOT_LOST, code="not_lost")
    target = _resolve_open_target(locked, to)
    if (
        AcquisitionCase.objects.filter(
            company_id=locked.company_id, pipeline_id=locked.pipeline_id, closed_at__isnull=True
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise _second_open_case(locked.company)
    at = _when(locked, at)
    _check_requirements(locked, target)
    _record_move(locked, to=target, by=by, at=at, note=note)
    locked.closed_at = None
    locked.lost_reason = None
    locked.reapproach_on = None
    try:
        with transaction.atomic():
            _save(locked, *_MOVE_FIELDS, "closed_at", "lost_reason", "reapproach_on")
    except IntegrityError as exc:
        raise _second_open_case(locked.company) from exc
    return locked


@dataclass(frozen=True, slots=True)
class MoveDetails:
    """What some moves need besides the target: why lost, until when paused, what was won."""

    note: str = ""
    lost_reason: LostReason | None = None
    reapproach_on: date | None = None
    paused_until: date | None = None
    partnership_kind: str = ""
    started_on: date | None = None
    commitments: str = ""


@transaction.atomic
@recorded("case_move")
def case_move(
    *,
    case: AcquisitionCase,
    to: Stage,
    by: AbstractBaseUser | None,
    version: int,
    details: MoveDetails | None = None,
    at: datetime | None = None,
) -> AcquisitionCase:
    """Move a case to any stage of its pipeline: the board's single entry point.

    The case's state and the target's kind decide which action applies: a lost
    case dropped on an open stage is reopened there, a case on hold is resumed.
    """
    details = details or MoveDetails()
    current = case.stage.kind
    if to.kind == Stage.Kind.OPEN:
        if current == Stage.Kind.LOST:
            return case_reopen(case=case, to=to, by=by, version=version, note=details.note, at=at)
        if current == Stage.Kind.PAUSED:
            return case_resume(case=case, to=to, by=by, version=version, note=details.note, at=at)
        return case_advance(case=case, to=to, by=by, version=version, note=details.note, at=at)
    if to.pipeline_id != case.pipeline_id:
        raise ValidationError({"to": STAGE_OTHER_PIPELINE}, code="other_pipeline")
    if to.kind == Stage.Kind.WON:
        return case_win(
            case=case,
            by=by,
            version=version,
            kind=details.partnership_kind,
            started_on=details.started_on,
            commitments=details.commitments,
            note=details.note,
            at=at,
        )
    if to.kind == Stage.Kind.LOST:
        return case_lose(
            case=case,
            by=by,
            version=version,
            reason=details.lost_reason,
            reapproach_on=details.reapproach_on,
            note=details.note,
            at=at,
        )
    return case_pause(
        case=case, by=by, version=version, until=details.paused_until, note=details.note, at=at
    )


# ------------------------------------------------------------------------------
# The daily digest
# ------------------------------------------------------------------------------
@recorded("digest_send")
def digest_send(*, user_id: int, today: date) -> bool:
    """Email one owner their overdue and stale cases; False when nothing was sent.

    Idempotent per day: a retried task finds `digest_sent_on` set and sends
    nothing. The mail goes out inside the transaction, so a failed send leaves
    the day unmarked and the retry tries again (at least once, rarely twice).
    """
    with transaction.atomic():
        preferences, _created = UserPreferences.objects.select_for_update().get_or_create(
            user_id=user_id
        )
        user = preferences.user
        if not (preferences.digest_enabled and user.is_active and user.email):
            return False
        if preferences.digest_sent_on == today:
            return False
        digest = selectors.digest_for_owner(user=user, today=today, now=timezone.now())
        if not digest.sections:
            return False
        with translation.override(preferences.language):
            context = {"user": user, "digest": digest, "base_url": settings.TANDEM_BASE_URL}
            subject = render_to_string("crm/email/digest_subject.txt", context).strip()
            body = render_to_string("crm/email/digest.txt", context)
            html = render_to_string("crm/email/digest.html", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
        message.attach_alternative(html, "text/html")
        message.send()
        preferences.digest_sent_on = today
        preferences.save(update_fields=["digest_sent_on"])
        return True


PIPELINE_TARGET_UNKNOWN = _("Choose from the listed values.")


@transaction.atomic
@recorded("pipeline_targets_set")
def pipeline_targets_set(
    *,
    pipeline: Pipeline,
    by: AbstractBaseUser,
    size_classes: Iterable[str],
    districts: Iterable[str],
    sections: Iterable[str],
) -> Pipeline:
    """Set a pipeline's target group (leads only); outreach outside it is flagged as poor fit.

    Empty lists admit every company. Districts are kept as typed, without repeats.
    """
    require_lead(team=pipeline.team, user=by)
    size_classes = list(dict.fromkeys(size_classes))
    sections = list(dict.fromkeys(sections))
    errors: dict[str, ValidationError] = {}
    if not set(size_classes) <= set(SizeClass.values):
        errors["size_classes"] = ValidationError(PIPELINE_TARGET_UNKNOWN, code="invalid_choice")
    if not set(sections) <= {section.code for section in sectors.SECTIONS}:
        errors["sections"] = ValidationError(PIPELINE_TARGET_UNKNOWN, code="invalid_choice")
    if errors:
        raise ValidationError(errors)
    seen: dict[str, str] = {}
    for district in districts:
        name = " ".join(district.split())
        if name:
            seen.setdefault(name.casefold(), name)
    pipeline = Pipeline.objects.select_for_update().get(pk=pipeline.pk)
    pipeline.target_size_classes = size_classes
    pipeline.target_districts = list(seen.values())
    pipeline.target_sections = sections
    pipeline.save(update_fields=["target_size_classes", "target_districts", "target_sections"])
    return pipeline


# ------------------------------------------------------------------------------
# Pipeline setup by the team's leads: stages and lost reasons
# ------------------------------------------------------------------------------
STAGE_NAME_TAKEN = _("This pipeline already has a stage of that name.")
STAGE_IN_USE = _(
    "Cases have been in this stage, so it stays (their history needs it). Rename it instead."
)
STAGE_NOT_OPEN = _("Only open stages can be added or removed; won, lost and paused always exist.")
STAGE_LAST_OPEN = _("A pipeline needs at least one open stage.")
REQUIREMENT_UNKNOWN = _("Choose from the listed requirements.")
LOST_REASON_NAME_TAKEN = _("Your team already has a lost reason of that name.")


def _stage_fields_check(
    *,
    pipeline: Pipeline,
    name_de: str,
    requirement_codes: Iterable[str],
    exclude: int | None,
    kept_codes: Iterable[str] = (),
) -> None:
    errors: dict[str, ValidationError] = {}
    # Compared in Python: SQLite's case-insensitive match knows ASCII only ("Ä" vs "ä").
    names = Stage.objects.filter(pipeline=pipeline)
    if exclude is not None:
        names = names.exclude(pk=exclude)
    if name_de.strip().casefold() in {
        name.casefold() for name in names.values_list("name_de", flat=True)
    }:
        errors["name_de"] = ValidationError(STAGE_NAME_TAKEN, code="unique")
    known = {code for code, _label in requirement_choices()} | set(kept_codes)
    if not set(requirement_codes) <= known:
        errors["requirements"] = ValidationError(REQUIREMENT_UNKNOWN, code="invalid_choice")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@recorded("stage_update")
def stage_update(
    *,
    stage: Stage,
    by: AbstractBaseUser,
    name_de: str,
    name_en: str,
    rotting_days: int | None,
    requirements: Iterable[str],
) -> Stage:
    """Rename a stage, set when its cases rot and what entering it requires (leads only).

    A code whose check is not installed (yet) may stay on the stage it is on;
    new codes must name a registered check.
    """
    require_lead(team=stage.pipeline.team, user=by)
    stage = Stage.objects.select_for_update().select_related("pipeline").get(pk=stage.pk)
    codes = list(dict.fromkeys(requirements))
    _stage_fields_check(
        pipeline=stage.pipeline,
        name_de=name_de,
        requirement_codes=codes,
        exclude=stage.pk,
        kept_codes=stage.requirements,
    )
    stage.name_de = name_de.strip()
    stage.name_en = name_en.strip()
    stage.rotting_days = rotting_days
    stage.requirements = codes
    stage.save(update_fields=["name_de", "name_en", "rotting_days", "requirements"])
    return stage


@transaction.atomic
@recorded("stage_add")
def stage_add(
    *,
    pipeline: Pipeline,
    by: AbstractBaseUser,
    name_de: str,
    name_en: str,
    rotting_days: int | None,
    requirements: Iterable[str],
) -> Stage:
    """Add an open stage after the last open one; won, lost and paused move one place down."""
    require_lead(team=pipeline.team, user=by)
    pipeline = Pipeline.objects.select_for_update().get(pk=pipeline.pk)
    codes = list(dict.fromkeys(requirements))
    _stage_fields_check(pipeline=pipeline, name_de=name_de, requirement_codes=codes, exclude=None)
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("position", "id"))
    open_positions = [stage.position for stage in stages if stage.is_open]
    position = (max(open_positions) + 1) if open_positions else 0
    # Make room from the end, one row at a time, so the unique position never clashes.
    for later in sorted(
        (stage for stage in stages if stage.position >= position),
        key=lambda stage: stage.position,
        reverse=True,
    ):
        later.position += 1
        later.save(update_fields=["position"])
    return Stage.objects.create(
        pipeline=pipeline,
        kind=Stage.Kind.OPEN,
        position=position,
        name_de=name_de.strip(),
        name_en=name_en.strip(),
        rotting_days=rotting_days,
        requirements=codes,
    )


@transaction.atomic
@recorded("stage_remove")
def stage_remove(*, stage: Stage, by: AbstractBaseUser) -> None:
    """Remove an open stage no case has ever been in (leads only)."""
    require_lead(team=stage.pipeline.team, user=by)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if not stage.is_open:
        raise ValidationError(STAGE_NOT_OPEN, code="not_open")
    if Stage.objects.filter(pipeline_id=stage.pipeline_id, kind=Stage.Kind.OPEN).count() <= 1:
        raise ValidationError(STAGE_LAST_OPEN, code="last_open")
    in_use = (
        AcquisitionCase.objects.filter(stage=stage).exists()
        or AcquisitionCase.objects.filter(furthest_stage=stage).exists()
        or StageChange.objects.filter(to_stage=stage).exists()
        or StageChange.objects.filter(from_stage=stage).exists()
        or CaseStageSummary.objects.filter(stage=stage).exists()
    )
    if in_use:
        raise ValidationError(STAGE_IN_USE, code="in_use")
    stage.delete()


def _lost_reason_save(reason: LostReason) -> LostReason:
    others = LostReason.objects.filter(team_id=reason.team_id).exclude(pk=reason.pk)
    if reason.name_de.casefold() in {
        name.casefold() for name in others.values_list("name_de", flat=True)
    }:
        raise ValidationError({"name_de": ValidationError(LOST_REASON_NAME_TAKEN, code="unique")})
    try:
        with transaction.atomic():
            reason.save()
    except IntegrityError as exc:  # a concurrent save of the same name
        raise ValidationError(
            {"name_de": ValidationError(LOST_REASON_NAME_TAKEN, code="unique")}
        ) from exc
    return reason


@transaction.atomic
@recorded("lost_reason_create")
def lost_reason_create(
    *, team: Team, by: AbstractBaseUser, name_de: str, name_en: str
) -> LostReason:
    """A new lost reason at the end of the team's list (leads only)."""
    require_lead(team=team, user=by)
    last = LostReason.objects.filter(team=team).order_by("-position").first()
    reason = LostReason(
        team=team,
        name_de=name_de.strip(),
        name_en=name_en.strip(),
        position=(last.position + 1) if last else 0,
    )
    return _lost_reason_save(reason)


@transaction.atomic
@recorded("lost_reason_update")
def lost_reason_update(
    *,
    reason: LostReason,
    by: AbstractBaseUser,
    name_de: str,
    name_en: str,
    position: int,
    is_active: bool,
) -> LostReason:
    """Rename, reorder or retire a lost reason; closed cases keep the reason they had."""
    require_lead(team=reason.team, user=by)
    reason = LostReason.objects.select_for_update().get(pk=reason.pk)
    reason.name_de = name_de.strip()
    reason.name_en = name_en.strip()
    reason.position = position
    reason.is_active = is_active
    return _lost_reason_save(reason)


# ------------------------------------------------------------------------------
# Bulk actions from the case list
# ------------------------------------------------------------------------------
BULK_MAX_CASES = 200
BULK_NONE = _("Choose at least one case.")
BULK_TOO_MANY = _("Choose at most %(max)s cases at once.")
BULK_CASE_REFUSED = _("%(company)s: %(reason)s Nothing was changed.")


def _bulk_cases(*, team: Team, case_ids: Iterable[int]) -> list[AcquisitionCase]:
    ids = sorted(set(case_ids))
    if not ids:
        raise ValidationError(BULK_NONE, code="none")
    if len(ids) > BULK_MAX_CASES:
        raise ValidationError(BULK_TOO_MANY, code="too_many", params={"max": BULK_MAX_CASES})
    # Another team's ids are not found here, so they are never touched.
    return list(
        AcquisitionCase.objects.filter(team=team, pk__in=ids)
        .select_related("company")
        .order_by("pk")
    )


def _bulk_apply(
    cases: list[AcquisitionCase], action: Callable[[AcquisitionCase], AcquisitionCase]
) -> int:
    """Apply a single-case service to each case; the first refusal undoes them all."""
    if not cases:
        raise ValidationError(BULK_NONE, code="none")
    for case in cases:
        try:
            action(case)
        except ValidationError as exc:
            raise ValidationError(
                BULK_CASE_REFUSED,
                code=getattr(exc, "code", None) or "refused",
                params={"company": case.company.full_name, "reason": " ".join(exc.messages)},
            ) from exc
    return len(cases)


@transaction.atomic
@recorded("cases_reassign")
def cases_reassign(
    *, team: Team, by: AbstractBaseUser, case_ids: Iterable[int], owner: AbstractBaseUser
) -> int:
    """Give the chosen cases to another member of the team; returns how many changed."""
    cases = _bulk_cases(team=team, case_ids=case_ids)
    if not Membership.objects.filter(team=team, user_id=owner.pk).exists():
        raise ValidationError({"owner": OWNER_NOT_MEMBER}, code="not_member")
    return _bulk_apply(
        cases,
        lambda case: case_update(
            case=case,
            by=by,
            version=case.version,
            owner=owner,
            source=case.source,
            referred_by=case.referred_by,
        ),
    )


@transaction.atomic
@recorded("cases_next_step_set")
def cases_next_step_set(
    *,
    team: Team,
    by: AbstractBaseUser,
    case_ids: Iterable[int],
    next_step: str,
    next_step_due: date | None,
) -> int:
    """Plan the same next step for the chosen open cases; returns how many changed."""
    cases = _bulk_cases(team=team, case_ids=case_ids)
    if not next_step.strip():
        raise ValidationError({"next_step": NEXT_STEP_REQUIRED}, code="required")
    return _bulk_apply(
        cases,
        lambda case: case_next_step_set(
            case=case,
            by=by,
            version=case.version,
            next_step=next_step,
            next_step_due=next_step_due,
        ),
    )


@transaction.atomic
@recorded("cases_pause")
def cases_pause(
    *,
    team: Team,
    by: AbstractBaseUser,
    case_ids: Iterable[int],
    until: date | None,
    note: str = "",
) -> int:
    """Put the chosen cases on hold until a date; returns how many changed."""
    cases = _bulk_cases(team=team, case_ids=case_ids)
    if until is None:
        raise ValidationError({"paused_until": PAUSE_DATE_REQUIRED}, code="required")
    return _bulk_apply(
        cases,
        lambda case: case_pause(case=case, by=by, version=case.version, until=until, note=note),
    )


# ------------------------------------------------------------------------------
# Partners after the win: membership status, people, the partner as an introducer
# ------------------------------------------------------------------------------
def _partnership_status_record(
    partnership: Partnership, *, from_status: str, by: AbstractBaseUser | None
) -> PartnershipStatusChange:
    return PartnershipStatusChange.objects.create(
        partnership=partnership,
        from_status=from_status,
        to_status=partnership.status,
        on=partnership.status_on or partnership.started_on,
        reason=partnership.status_reason,
        changed_by_id=by.pk if by else None,
    )


@transaction.atomic
@recorded("partnership_status_change")
def partnership_status_change(
    *,
    partnership: Partnership,
    by: AbstractBaseUser | None,
    status: str,
    on: date | None = None,
    reason: str = "",
) -> Partnership:
    """Mark a membership active, dormant or left, with the date and the reason (kept as history).

    Going dormant or leaving needs a reason: the report of lost members reads it.
    """
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    on = on or timezone.localdate()
    reason = reason.strip()
    errors: dict[str, Any] = {}
    if status not in Partnership.Status.values:
        errors["status"] = PARTNERSHIP_STATUS_UNKNOWN
    elif status == locked.status:
        errors["status"] = PARTNERSHIP_STATUS_SAME
    elif status != Partnership.Status.ACTIVE and not reason:
        errors["reason"] = PARTNERSHIP_REASON_REQUIRED
    if on > timezone.localdate():
        errors["on"] = PARTNERSHIP_DATE_FUTURE
    elif on < locked.started_on:
        errors["on"] = PARTNERSHIP_DATE_BEFORE_START
    if errors:
        raise ValidationError(errors)
    from_status = locked.status
    locked.status, locked.status_on, locked.status_reason = status, on, reason[:300]
    locked.save(update_fields=["status", "status_on", "status_reason"])
    _partnership_status_record(locked, from_status=from_status, by=by)
    return locked


@transaction.atomic
@recorded("partnership_introducer_ensure")
def partnership_introducer_ensure(
    *, partnership: Partnership, by: AbstractBaseUser | None
) -> NetworkPartner:
    """The partner company as a network partner, so its ties and introductions feed the pipeline.

    Returns the existing record when the company has one already.
    """
    company = partnership.company
    found = (
        NetworkPartner.objects.filter(team_id=partnership.team_id, company=company)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    return company_services.partner_create(
        team=partnership.team,
        by=by,
        kind=NetworkPartner.Kind.PARTNER_COMPANY,
        name=company.full_name[:200],
        company=company,
        street=company.street,
        postal_code=company.postal_code,
        city=company.city,
        district=company.district,
        website=company.website,
    )


@transaction.atomic
@recorded("partner_person_add")
def partner_person_add(
    *, partnership: Partnership, contact: Contact, role: str, by: AbstractBaseUser | None
) -> PartnerPerson:
    """Name a person of the partner company as its contact person, expert or mentor."""
    if contact.company_id != partnership.company_id:
        raise ValidationError({"contact": PARTNER_PERSON_OTHER_COMPANY}, code="other_company")
    if role not in PartnerPerson.Role.values:
        raise ValidationError({"role": PARTNER_ROLE_UNKNOWN}, code="invalid_choice")
    if PartnerPerson.objects.filter(partnership=partnership, contact=contact, role=role).exists():
        raise ValidationError({"role": PARTNER_PERSON_EXISTS}, code="exists")
    with unique_or_error("role", PARTNER_PERSON_EXISTS):
        return PartnerPerson.objects.create(partnership=partnership, contact=contact, role=role)


@transaction.atomic
@recorded("partner_person_remove")
def partner_person_remove(*, person: PartnerPerson, by: AbstractBaseUser | None) -> None:
    """Take a role from a person of a partner company."""
    person.delete()
