"""Pipeline services: every legal move recorded, every illegal one refused with nothing changed."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections
from django.utils import timezone

from crm import services
from crm.models import (
    AcquisitionCase,
    CaseStageSummary,
    LostReason,
    Partnership,
    Stage,
    StageChange,
    UserPreferences,
)
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    MembershipFactory,
    NetworkPartnerFactory,
    UserFactory,
)

TODAY = timezone.localdate


def snapshot(case: AcquisitionCase) -> tuple:
    fresh = AcquisitionCase.objects.get(pk=case.pk)
    return (
        fresh.version,
        fresh.stage_id,
        fresh.closed_at,
        fresh.next_step,
        StageChange.objects.filter(case=case).count(),
        list(CaseStageSummary.objects.filter(case=case).values_list("stage_id", "times_reached")),
    )


def refused(action, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        action(**kwargs)
    return error.value


# -- opening ------------------------------------------------------------------------
def test_case_open_records_the_opening_and_the_summary(team, staff, stage):
    company = CompanyFactory(team=team)
    partner = NetworkPartnerFactory(team=team)

    case = services.case_open(
        team=team,
        company=company,
        owner=staff.user,
        by=staff.user,
        source="referral",
        referred_by=partner,
        next_step="Termin mit der Geschäftsführung",
        next_step_due=TODAY() + timedelta(days=3),
        note="Empfehlung beim Unternehmerfrühstück",
    )

    assert case.stage == stage("Hinweis/Empfehlung")
    assert case.furthest_stage == case.stage
    assert case.version == 1
    assert case.closed_at is None
    opening = StageChange.objects.get(case=case)
    assert opening.from_stage is None
    assert opening.to_stage == case.stage
    assert opening.changed_by == staff.user
    assert opening.note == "Empfehlung beim Unternehmerfrühstück"
    summary = CaseStageSummary.objects.get(case=case)
    assert summary.first_reached_at == case.opened_at == case.stage_entered_at


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("foreign_company", "company", services.COMPANY_OTHER_TEAM),
        ("foreign_owner", "owner", services.OWNER_NOT_MEMBER),
        ("foreign_partner", "referred_by", services.PARTNER_OTHER_TEAM),
        ("referral_without_partner", "referred_by", services.REFERRAL_NEEDS_PARTNER),
        ("due_in_the_past", "next_step_due", services.NEXT_STEP_DUE_PAST),
        ("due_without_step", "next_step", services.NEXT_STEP_DUE_WITHOUT_STEP),
        ("closed_stage", "stage", services.OPEN_STAGE_REQUIRED),
        ("foreign_stage", "stage", services.STAGE_OTHER_PIPELINE),
    ],
)
def test_case_open_refuses_bad_input_at_the_field(
    team, other_team, staff, stage, change, field, message
):
    kwargs = {
        "team": team,
        "company": CompanyFactory(team=team),
        "owner": staff.user,
        "by": staff.user,
        "source": "own_research",
    }
    if change == "foreign_company":
        kwargs["company"] = CompanyFactory(team=other_team)
    elif change == "foreign_owner":
        kwargs["owner"] = MembershipFactory(team=other_team).user
    elif change == "foreign_partner":
        kwargs["referred_by"] = NetworkPartnerFactory(team=other_team)
    elif change == "referral_without_partner":
        kwargs["source"] = "referral"
    elif change == "due_in_the_past":
        kwargs.update(next_step="Anrufen", next_step_due=TODAY() - timedelta(days=1))
    elif change == "due_without_step":
        kwargs["next_step_due"] = TODAY()
    elif change == "closed_stage":
        kwargs["stage"] = stage("Partnerschaft")
    elif change == "foreign_stage":
        kwargs["stage"] = stage("Vorbereitet", team=other_team)

    error = refused(services.case_open, **kwargs)

    assert error.message_dict[field] == [str(message)]
    assert not AcquisitionCase.objects.exists()
    assert not StageChange.objects.exists()


def test_a_company_has_one_open_case_per_pipeline(team, staff, case):
    error = refused(
        services.case_open,
        team=team,
        company=case.company,
        owner=staff.user,
        by=staff.user,
        source="inbound",
    )
    assert error.message_dict["company"] == [
        str(services.SECOND_OPEN_CASE) % {"company": case.company}
    ]
    assert AcquisitionCase.objects.count() == 1


def test_a_lost_company_may_get_a_new_case(team, staff, case, reason):
    services.case_lose(case=case, by=staff.user, version=case.version, reason=reason)
    again = services.case_open(
        team=team, company=case.company, owner=staff.user, by=staff.user, source="event"
    )
    assert again.pk != case.pk


def test_opening_in_a_later_stage_checks_its_requirements(team, staff, stage, introduction_check):
    kwargs = {
        "team": team,
        "company": CompanyFactory(team=team),
        "owner": staff.user,
        "by": staff.user,
        "source": "introduction",
        "stage": stage("Vorgestellt"),
    }
    error = refused(services.case_open, **kwargs)
    assert "Record the introduction first." in error.messages[0]
    assert not AcquisitionCase.objects.exists()

    introduction_check["met"] = True
    assert services.case_open(**kwargs).stage == stage("Vorgestellt")


# -- advancing ----------------------------------------------------------------------
def test_case_advance_records_the_move_and_keeps_the_summary(case, staff, stage):
    moved = services.case_advance(
        case=case, to=stage("Vorbereitet"), by=staff.user, version=1, note="Recherche fertig"
    )

    assert moved.stage == stage("Vorbereitet")
    assert moved.version == 2
    assert moved.furthest_stage == stage("Vorbereitet")
    change = StageChange.objects.filter(case=case).last()
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        stage("Hinweis/Empfehlung"),
        stage("Vorbereitet"),
        staff.user,
        "Recherche fertig",
    )
    assert change.time_in_from_stage >= timedelta(0)
    reached = dict(
        CaseStageSummary.objects.filter(case=case).values_list("stage__name_de", "times_reached")
    )
    assert reached == {"Hinweis/Empfehlung": 1, "Vorbereitet": 1}


def test_moving_back_keeps_the_furthest_stage_and_counts_the_return(case, staff, stage):
    case = services.case_advance(case=case, to=stage("Im Gespräch"), by=staff.user, version=1)
    case = services.case_advance(case=case, to=stage("Vorbereitet"), by=staff.user, version=2)
    case = services.case_advance(case=case, to=stage("Im Gespräch"), by=staff.user, version=3)

    assert case.furthest_stage == stage("Im Gespräch")
    summary = CaseStageSummary.objects.get(case=case, stage=stage("Im Gespräch"))
    assert summary.times_reached == 2
    assert summary.last_reached_at == case.stage_entered_at
    assert summary.first_reached_at < summary.last_reached_at


def test_time_in_stage_adds_up_over_back_dated_moves(team, staff, stage):
    start = timezone.now() - timedelta(days=30)
    case = AcquisitionCaseFactory(team=team, owner=staff.user, at=start)
    lead, prepared = stage("Hinweis/Empfehlung"), stage("Vorbereitet")

    case = services.case_advance(
        case=case, to=prepared, by=staff.user, version=1, at=start + timedelta(days=3)
    )
    case = services.case_advance(
        case=case, to=lead, by=staff.user, version=2, at=start + timedelta(days=5)
    )
    case = services.case_advance(
        case=case, to=prepared, by=staff.user, version=3, at=start + timedelta(days=9)
    )

    spent = dict(CaseStageSummary.objects.filter(case=case).values_list("stage_id", "time_spent"))
    assert spent[lead.pk] == timedelta(days=3 + 4)
    assert spent[prepared.pk] == timedelta(days=2)  # the current stay is not counted yet
    assert [c.time_in_from_stage for c in StageChange.objects.filter(case=case)][1:] == [
        timedelta(days=3),
        timedelta(days=2),
        timedelta(days=4),
    ]


@pytest.mark.parametrize(
    "at", [lambda case: case.stage_entered_at - timedelta(seconds=1), lambda case: None]
)
def test_a_move_cannot_be_dated_before_the_last_one_or_in_the_future(case, staff, stage, at):
    when = at(case) or timezone.now() + timedelta(hours=1)
    before = snapshot(case)
    error = refused(
        services.case_advance, case=case, to=stage("Vorbereitet"), by=staff.user, version=1, at=when
    )
    assert error.messages == [str(services.MOVE_TIME_INVALID)]
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("Hinweis/Empfehlung", services.SAME_STAGE),
        ("Partnerschaft", services.OPEN_STAGE_REQUIRED),
        ("foreign", services.STAGE_OTHER_PIPELINE),
    ],
)
def test_case_advance_refuses_illegal_targets(case, staff, stage, other_team, target, message):
    to = stage("Vorbereitet", team=other_team) if target == "foreign" else stage(target)
    before = snapshot(case)
    error = refused(services.case_advance, case=case, to=to, by=staff.user, version=1)
    assert error.message_dict["to"] == [str(message)]
    assert snapshot(case) == before


def test_a_stage_requirement_refuses_the_move_with_its_message(
    case, staff, stage, introduction_check
):
    before = snapshot(case)
    error = refused(
        services.case_advance, case=case, to=stage("Vorgestellt"), by=staff.user, version=1
    )
    assert error.code == "requirements_unmet"
    assert error.messages == [
        str(services.REQUIREMENTS_UNMET)
        % {"stage": "Vorgestellt", "missing": "Record the introduction first."}
    ]
    assert snapshot(case) == before
    assert introduction_check["seen"][0].pk == case.pk

    introduction_check["met"] = True
    moved = services.case_advance(case=case, to=stage("Vorgestellt"), by=staff.user, version=1)
    assert moved.stage == stage("Vorgestellt")


def test_unregistered_requirements_are_not_enforced(case, staff, stage):
    # "Angebot" lists benefit_statement, whose check arrives with the benefits app.
    assert stage("Angebot").requirements == ["benefit_statement"]
    moved = services.case_advance(case=case, to=stage("Angebot"), by=staff.user, version=1)
    assert moved.stage == stage("Angebot")


# -- concurrency ----------------------------------------------------------------------
def test_the_second_of_two_movers_is_told_the_case_changed(case, staff, lead, stage):
    seen_by_both = case.version
    services.case_advance(case=case, to=stage("Vorbereitet"), by=staff.user, version=seen_by_both)
    before = snapshot(case)

    error = refused(
        services.case_advance,
        case=case,
        to=stage("Im Gespräch"),
        by=lead.user,
        version=seen_by_both,
    )

    assert error.messages == [str(services.CASE_CHANGED_MEANWHILE)]
    assert error.code == "stale"
    assert snapshot(case) == before


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_one_wins_and_no_change_is_lost(team, staff, lead, stage):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    targets = {staff.user: stage("Vorbereitet"), lead.user: stage("Im Gespräch")}
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def move(user):
        try:
            barrier.wait(timeout=5)
            for _attempt in range(200):
                try:
                    services.case_advance(case=case, to=targets[user], by=user, version=1)
                    break
                except OperationalError as exc:
                    # The in-memory SQLite test database answers "table is locked" at
                    # once instead of waiting like a file database or PostgreSQL does.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.02)
            outcomes[user.username] = "moved"
        except ValidationError as exc:
            outcomes[user.username] = exc.code
        finally:
            close_old_connections()

    threads = [threading.Thread(target=move, args=(user,)) for user in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["moved", "stale"]
    case.refresh_from_db()
    winner = next(user for user in targets if outcomes[user.username] == "moved")
    assert case.stage == targets[winner]
    assert case.version == 2
    moves = StageChange.objects.filter(case=case, from_stage__isnull=False)
    assert [(m.to_stage, m.changed_by) for m in moves] == [(targets[winner], winner)]


# -- losing, pausing, resuming, reopening, winning --------------------------------------
def test_case_lose_closes_with_reason_and_reapproach_date(case, staff, stage, reason):
    case = services.case_next_step_set(
        case=case, by=staff.user, version=1, next_step="Anrufen", next_step_due=TODAY()
    )
    later = TODAY() + timedelta(days=180)

    lost = services.case_lose(
        case=case, by=staff.user, version=2, reason=reason, reapproach_on=later, note="Kein Kopf"
    )

    assert lost.stage == stage("Abgesagt")
    assert lost.closed_at is not None
    assert (lost.lost_reason, lost.reapproach_on) == (reason, later)
    assert (lost.next_step, lost.next_step_due) == ("", None)
    assert lost.furthest_stage == stage("Hinweis/Empfehlung")
    assert StageChange.objects.filter(case=case).last().lost_reason == reason


@pytest.mark.parametrize(
    ("reason_of", "reapproach", "field", "message"),
    [
        (None, None, "lost_reason", services.LOST_REASON_REQUIRED),
        ("other_team", None, "lost_reason", services.LOST_REASON_INVALID),
        ("team", 0, "reapproach_on", services.REAPPROACH_NOT_FUTURE),
        ("team", -10, "reapproach_on", services.REAPPROACH_NOT_FUTURE),
    ],
)
def test_case_lose_refuses_bad_input(
    case, staff, team, other_team, reason_of, reapproach, field, message
):
    reason = None
    if reason_of:
        reason = LostReason.objects.filter(team=team if reason_of == "team" else other_team).first()
    reapproach_on = None if reapproach is None else TODAY() + timedelta(days=reapproach)
    before = snapshot(case)
    error = refused(
        services.case_lose,
        case=case,
        by=staff.user,
        version=1,
        reason=reason,
        reapproach_on=reapproach_on,
    )
    assert error.message_dict[field] == [str(message)]
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (None, services.PAUSE_DATE_REQUIRED),
        (0, services.PAUSE_DATE_NOT_FUTURE),
        (-3, services.PAUSE_DATE_NOT_FUTURE),
    ],
)
def test_case_pause_needs_a_resume_date_after_today(case, staff, until, message):
    before = snapshot(case)
    day = None if until is None else TODAY() + timedelta(days=until)
    error = refused(services.case_pause, case=case, by=staff.user, version=1, until=day)
    assert error.message_dict["paused_until"] == [str(message)]
    assert snapshot(case) == before


def test_pause_then_resume_returns_to_the_stage_it_was_paused_from(case, staff, stage):
    case = services.case_advance(case=case, to=stage("Im Gespräch"), by=staff.user, version=1)
    until = TODAY() + timedelta(days=60)
    case = services.case_pause(case=case, by=staff.user, version=2, until=until)
    assert (case.stage, case.paused_until) == (stage("Zurückgestellt"), until)

    error = refused(services.case_advance, case=case, to=stage("Angebot"), by=staff.user, version=3)
    assert error.messages == [str(services.CASE_PAUSED_RESUME_FIRST)]

    resumed = services.case_resume(case=case, by=staff.user, version=3)
    assert resumed.stage == stage("Im Gespräch")
    assert resumed.paused_until is None
    assert resumed.closed_at is None


def test_resume_and_reopen_refuse_cases_in_the_wrong_state(case, staff):
    assert refused(services.case_resume, case=case, by=staff.user, version=1).messages == [
        str(services.CASE_NOT_PAUSED)
    ]
    assert refused(services.case_reopen, case=case, by=staff.user, version=1).messages == [
        str(services.CASE_NOT_LOST)
    ]


def test_reopen_takes_a_lost_case_up_where_it_was_lost(case, staff, stage, reason):
    case = services.case_advance(case=case, to=stage("Vorbereitet"), by=staff.user, version=1)
    case = services.case_lose(
        case=case, by=staff.user, version=2, reason=reason, reapproach_on=TODAY() + timedelta(9)
    )

    reopened = services.case_reopen(case=case, by=staff.user, version=3, note="Neue Leitung")

    assert reopened.stage == stage("Vorbereitet")
    assert (reopened.closed_at, reopened.lost_reason, reopened.reapproach_on) == (None, None, None)
    assert StageChange.objects.filter(case=case).last().note == "Neue Leitung"


def test_reopen_is_refused_while_the_company_has_another_open_case(team, case, staff, reason):
    case = services.case_lose(case=case, by=staff.user, version=1, reason=reason)
    services.case_open(
        team=team, company=case.company, owner=staff.user, by=staff.user, source="inbound"
    )
    before = snapshot(case)
    error = refused(services.case_reopen, case=case, by=staff.user, version=2)
    assert error.message_dict["company"] == [
        str(services.SECOND_OPEN_CASE) % {"company": case.company}
    ]
    assert snapshot(case) == before


def test_case_win_records_the_partnership(case, staff, stage):
    case = services.case_advance(case=case, to=stage("Angebot"), by=staff.user, version=1)
    won = services.case_win(
        case=case,
        by=staff.user,
        version=2,
        kind=Partnership.Kind.NETWORK_MEMBER,
        commitments="Gleitzeit, Ferienbetreuung",
    )

    assert won.stage == stage("Partnerschaft")
    assert won.furthest_stage == stage("Partnerschaft")
    assert won.closed_at is not None
    partnership = Partnership.objects.get(case=won)
    assert (partnership.company, partnership.team) == (case.company, case.team)
    assert partnership.started_on == TODAY()
    assert partnership.recertification_due is None
    assert partnership.commitments == "Gleitzeit, Ferienbetreuung"


@pytest.mark.parametrize(
    ("start", "due"),
    [(date(2026, 3, 1), date(2028, 3, 1)), (date(2028, 2, 29), date(2030, 2, 28))],
)
def test_certificates_are_due_for_renewal_two_years_later(case, staff, start, due):
    won = services.case_win(
        case=case,
        by=staff.user,
        version=1,
        kind=Partnership.Kind.CERTIFIED_EMPLOYER,
        started_on=start,
    )
    assert won.partnership.recertification_due == due


def test_a_won_case_is_final(case, staff, stage):
    won = services.case_win(case=case, by=staff.user, version=1, kind="supporter")
    for action, kwargs in [
        (services.case_advance, {"to": stage("Angebot")}),
        (services.case_reopen, {}),
        (services.case_pause, {"until": TODAY() + timedelta(days=5)}),
    ]:
        error = refused(action, case=won, by=staff.user, version=won.version, **kwargs)
        assert error.messages == [str(services.CASE_WON_FINAL)]
    assert Partnership.objects.count() == 1


def test_case_win_needs_the_kind_of_partnership(case, staff):
    before = snapshot(case)
    error = refused(services.case_win, case=case, by=staff.user, version=1, kind="")
    assert error.message_dict["partnership_kind"] == [str(services.PARTNERSHIP_KIND_REQUIRED)]
    assert snapshot(case) == before
    assert not Partnership.objects.exists()


# -- the board's single entry point ------------------------------------------------------
def test_case_move_picks_the_action_from_state_and_target(case, staff, stage, reason):
    details = services.MoveDetails
    version = case.version

    def move(to, **kwargs):
        nonlocal case, version
        case = services.case_move(
            case=case, to=stage(to), by=staff.user, version=version, details=details(**kwargs)
        )
        version = case.version
        return case.stage.name_de

    assert move("Vorbereitet") == "Vorbereitet"
    assert move("Zurückgestellt", paused_until=TODAY() + timedelta(days=30)) == "Zurückgestellt"
    assert move("Im Gespräch") == "Im Gespräch"  # resumed
    assert move("Abgesagt", lost_reason=reason) == "Abgesagt"
    assert move("Angebot") == "Angebot"  # reopened
    assert move("Partnerschaft", partnership_kind="network_member") == "Partnerschaft"
    with pytest.raises(ValidationError):
        move("Angebot")


# -- next step and details --------------------------------------------------------------
def test_next_step_may_keep_an_overdue_date_but_not_get_a_new_past_one(team, staff):
    case = AcquisitionCaseFactory(
        team=team, owner=staff.user, next_step="Anrufen", next_step_due=TODAY()
    )
    AcquisitionCase.objects.filter(pk=case.pk).update(next_step_due=TODAY() - timedelta(days=4))
    overdue = TODAY() - timedelta(days=4)

    kept = services.case_next_step_set(
        case=case, by=staff.user, version=1, next_step="Anrufen (AB)", next_step_due=overdue
    )
    assert kept.next_step == "Anrufen (AB)"

    error = refused(
        services.case_next_step_set,
        case=case,
        by=staff.user,
        version=2,
        next_step="Anrufen",
        next_step_due=TODAY() - timedelta(days=1),
    )
    assert error.message_dict["next_step_due"] == [str(services.NEXT_STEP_DUE_PAST)]


def test_next_step_of_a_closed_case_is_refused(case, staff, reason):
    case = services.case_lose(case=case, by=staff.user, version=1, reason=reason)
    error = refused(
        services.case_next_step_set,
        case=case,
        by=staff.user,
        version=2,
        next_step="x",
        next_step_due=None,
    )
    assert error.messages == [str(services.CASE_CLOSED)]


def test_case_update_changes_owner_and_source_within_the_team(case, staff, lead, other_team):
    updated = services.case_update(
        case=case, by=staff.user, version=1, owner=lead.user, source="event", referred_by=None
    )
    assert (updated.owner_id, updated.source, updated.version) == (lead.user.pk, "event", 2)

    stranger = MembershipFactory(team=other_team).user
    error = refused(
        services.case_update,
        case=case,
        by=staff.user,
        version=2,
        owner=stranger,
        source="event",
        referred_by=None,
    )
    assert error.message_dict["owner"] == [str(services.OWNER_NOT_MEMBER)]


def test_user_language_is_remembered_for_emails(db):
    user = UserFactory()
    services.user_language_set(user=user, language="en")
    services.user_language_set(user=user, language="xx")
    assert UserPreferences.objects.get(user=user).language == "en"


def test_a_pipeline_without_a_lost_stage_refuses_to_lose(case, staff, reason):
    Stage.objects.filter(pipeline=case.pipeline, kind="lost").delete()
    error = refused(services.case_lose, case=case, by=staff.user, version=1, reason=reason)
    assert error.code == "no_stage"


def test_plain_fields_are_validated_by_the_services_too(team, staff, case):
    error = refused(
        services.case_open,
        team=team,
        company=CompanyFactory(team=team),
        owner=staff.user,
        by=staff.user,
        source="shotgun",
    )
    assert "source" in error.message_dict

    error = refused(
        services.case_next_step_set,
        case=case,
        by=staff.user,
        version=1,
        next_step="x" * 201,
        next_step_due=None,
    )
    assert "next_step" in error.message_dict
    assert AcquisitionCase.objects.get(pk=case.pk).version == 1
