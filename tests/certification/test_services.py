"""Certification and mentoring services: the rules a user runs into."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from certification import selectors, services
from certification.models import Application, Participant, Review, Tandem
from crm.models import Partnership
from history.models import LogEntry
from tests.certification.conftest import review_all
from tests.factories import CompanyFactory


@pytest.fixture(autouse=True)
def _english():
    """The messages asserted below are the English source texts."""
    with translation.override("en"):
        yield


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_decision_without_a_review_of_every_committed_measure_is_refused(application, lead):
    first = selectors.commitments_under_review(application).first()
    services.review_record(
        application=application, commitment=first, outcome="implemented", by=lead.user
    )
    with pytest.raises(ValidationError) as refused:
        services.application_decide(
            application=application, decision=Application.Decision.CERTIFIED, by=lead.user
        )
    assert "has not reviewed every committed measure" in _messages(refused.value)
    application.refresh_from_db()
    assert application.decision == ""


def test_certifying_dates_the_certificate_and_the_recertification(application, lead):
    review_all(application, lead.user)
    decided = services.application_decide(
        application=application,
        decision=Application.Decision.CERTIFIED,
        by=lead.user,
        decided_on=date(2026, 5, 4),
    )
    assert decided.certified_on == date(2026, 5, 4)
    assert decided.recertification_due == date(2028, 5, 4)
    assert LogEntry.objects.filter(action_name="application_decide").exists()


def test_the_team_sets_how_long_a_certificate_lasts(application, lead, team):
    services.certification_settings_update(
        team=team, by=lead.user, recertification_years=3, certificate_title="Familienfreundlich"
    )
    review_all(application, lead.user)
    decided = services.application_decide(
        application=application,
        decision=Application.Decision.CERTIFIED,
        by=lead.user,
        decided_on=date(2026, 5, 4),
    )
    assert decided.recertification_due == date(2029, 5, 4)


def test_certifying_moves_the_partnerships_recertification_date(application, lead, team):
    partnership = Partnership.objects.create(
        team=team,
        company=application.company,
        kind=Partnership.Kind.CERTIFIED_EMPLOYER,
        started_on=date(2024, 1, 10),
        recertification_due=date(2026, 1, 10),
    )
    review_all(application, lead.user)
    services.application_decide(
        application=application,
        decision=Application.Decision.CONDITIONS,
        conditions="Kita-Kooperation bis Jahresende",
        by=lead.user,
        decided_on=date(2026, 5, 4),
    )
    partnership.refresh_from_db()
    assert partnership.recertification_due == date(2028, 5, 4)
    assert LogEntry.objects.filter(action_name="application_decide").count() >= 2


def test_conditions_must_be_written_down(application, lead):
    review_all(application, lead.user)
    with pytest.raises(ValidationError) as refused:
        services.application_decide(
            application=application, decision=Application.Decision.CONDITIONS, by=lead.user
        )
    assert "conditions" in refused.value.message_dict


def test_certifying_without_commitments_is_refused_but_a_refusal_is_not(
    certification_round, lead, team
):
    bare = services.application_create(
        round=certification_round,
        company=CompanyFactory(team=team),
        kind=Application.Kind.FIRST,
        by=lead.user,
    )
    with pytest.raises(ValidationError):
        services.application_decide(
            application=bare, decision=Application.Decision.CERTIFIED, by=lead.user
        )
    refused = services.application_decide(
        application=bare, decision=Application.Decision.NOT_CERTIFIED, by=lead.user
    )
    assert refused.recertification_due is None


def test_only_leads_decide_and_review(application, staff):
    commitment = selectors.commitments_under_review(application).first()
    with pytest.raises(PermissionDenied):
        services.review_record(
            application=application, commitment=commitment, outcome="not", by=staff.user
        )
    with pytest.raises(PermissionDenied):
        services.application_decide(
            application=application, decision=Application.Decision.NOT_CERTIFIED, by=staff.user
        )


def test_a_recertification_reviews_the_commitments_of_the_first_certification(
    application, lead, team, measures
):
    review_all(application, lead.user)
    services.application_decide(
        application=application,
        decision=Application.Decision.CERTIFIED,
        by=lead.user,
        decided_on=date(2026, 5, 4),
    )
    later = services.round_create(team=team, by=lead.user, year=2028)
    again = services.application_create(
        round=later,
        company=application.company,
        kind=Application.Kind.RECERTIFICATION,
        by=lead.user,
    )
    services.commitment_create(
        company=application.company, measure=measures[2], application=again, by=lead.user
    )
    assert selectors.commitments_under_review(again).count() == 3
    # The first round's application does not review what was committed later.
    assert selectors.commitments_under_review(application).count() == 2


def test_a_company_commits_to_a_measure_once(application, measures, staff):
    with pytest.raises(ValidationError) as refused:
        services.commitment_create(company=application.company, measure=measures[0], by=staff.user)
    assert "committed to this measure already" in _messages(refused.value)


def test_one_application_per_company_and_round(application, staff):
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            round=application.round,
            company=application.company,
            kind=Application.Kind.FIRST,
            by=staff.user,
        )
    assert "applied in this round already" in _messages(refused.value)


def test_a_round_per_year(certification_round, lead, team):
    with pytest.raises(ValidationError):
        services.round_create(team=team, by=lead.user, year=2026)


def test_a_review_is_corrected_not_duplicated(application, lead):
    commitment = selectors.commitments_under_review(application).first()
    for outcome in ("not", "partly"):
        services.review_record(
            application=application, commitment=commitment, outcome=outcome, by=lead.user
        )
    assert Review.objects.get(application=application, commitment=commitment).outcome == "partly"


# -- mentoring ------------------------------------------------------------------------------
@pytest.fixture
def pair(programme, team, lead):
    mentor = CompanyFactory(team=team, legal_name="Autohaus Alt")
    mentee = CompanyFactory(team=team, legal_name="Bäckerei Neu")
    services.participant_add(
        programme=programme, company=mentor, role=Participant.Role.MENTOR, capacity=1, by=lead.user
    )
    services.participant_add(
        programme=programme, company=mentee, role=Participant.Role.MENTEE, by=lead.user
    )
    return mentor, mentee


def test_a_mentee_cannot_be_its_own_mentor(programme, pair, lead):
    _mentor, mentee = pair
    with pytest.raises(ValidationError) as refused:
        services.tandem_create(programme=programme, mentor=mentee, mentee=mentee, by=lead.user)
    assert "cannot be its own mentor" in _messages(refused.value)


def test_a_mentee_is_in_one_tandem_per_programme(programme, pair, lead, team):
    mentor, mentee = pair
    second = CompanyFactory(team=team, legal_name="Zweiter Mentor")
    services.participant_add(
        programme=programme, company=second, role=Participant.Role.MENTOR, by=lead.user
    )
    services.tandem_create(programme=programme, mentor=mentor, mentee=mentee, by=lead.user)
    with pytest.raises(ValidationError) as refused:
        services.tandem_create(programme=programme, mentor=second, mentee=mentee, by=lead.user)
    assert "in a tandem of this programme already" in _messages(refused.value)


def test_a_mentor_takes_no_more_mentees_than_its_capacity(programme, pair, lead, team):
    mentor, mentee = pair
    other = CompanyFactory(team=team, legal_name="Noch ein Mentee")
    services.participant_add(
        programme=programme, company=other, role=Participant.Role.MENTEE, by=lead.user
    )
    services.tandem_create(programme=programme, mentor=mentor, mentee=mentee, by=lead.user)
    with pytest.raises(ValidationError) as refused:
        services.tandem_create(programme=programme, mentor=mentor, mentee=other, by=lead.user)
    assert "no free place" in _messages(refused.value)


def test_the_database_refuses_a_self_tandem_too(programme, pair, lead):
    from django.db import IntegrityError, transaction

    _mentor, mentee = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        Tandem.objects.create(
            team=programme.team,
            programme=programme,
            mentor=mentee,
            mentee=mentee,
            started_on=date(2026, 2, 1),
        )


def test_a_tandem_records_meetings_and_ends_with_both_sides_takeaways(programme, pair, lead, staff):
    mentor, mentee = pair
    tandem = services.tandem_create(
        programme=programme, mentor=mentor, mentee=mentee, by=lead.user, started_on=date(2026, 2, 1)
    )
    services.tandem_meeting_add(
        tandem=tandem, held_on=date(2026, 3, 1), topic="Schichtplanung", by=staff.user
    )
    with pytest.raises(ValidationError) as refused:
        services.tandem_finish(
            tandem=tandem, by=staff.user, mentor_takeaways="Frischer Blick", mentee_takeaways=""
        )
    assert "mentee_takeaways" in refused.value.message_dict
    finished = services.tandem_finish(
        tandem=tandem,
        by=staff.user,
        mentor_takeaways="Frischer Blick",
        mentee_takeaways="Ein Schichtmodell",
        finished_on=date(2026, 11, 20),
    )
    assert finished.status == Tandem.Status.FINISHED
    with pytest.raises(ValidationError):
        services.tandem_meeting_add(
            tandem=tandem, held_on=date(2026, 12, 1), topic="Nachtreffen", by=staff.user
        )


def test_another_teams_company_cannot_join(programme, lead, other_team):
    with pytest.raises(ValidationError):
        services.participant_add(
            programme=programme,
            company=CompanyFactory(team=other_team),
            role=Participant.Role.MENTEE,
            by=lead.user,
        )
