"""Selectors the partners report can use: re-certification outcomes, tandems per programme."""

from datetime import date

from certification import selectors, services
from tests.certification.conftest import review_all
from tests.factories import CompanyFactory


def test_outcomes_per_quarter_of_the_due_date(application, lead, team, measures):
    review_all(application, lead.user)
    services.application_decide(
        application=application, decision="certified", by=lead.user, decided_on=date(2024, 5, 4)
    )
    other = CompanyFactory(team=team)
    first = services.application_create(
        round=application.round, company=other, kind="first", by=lead.user
    )
    services.commitment_create(company=other, measure=measures[0], application=first, by=lead.user)
    review_all(first, lead.user)
    services.application_decide(
        application=first, decision="certified", by=lead.user, decided_on=date(2024, 6, 1)
    )
    later = services.round_create(team=team, by=lead.user, year=2027)
    again = services.application_create(
        round=later, company=application.company, kind="recertification", by=lead.user
    )
    review_all(again, lead.user, outcome="not")
    services.application_decide(application=again, decision="not_certified", by=lead.user)

    (row,) = selectors.recertification_outcomes(team=team)
    assert str(row.quarter) == "Q2/2026"
    assert row.due == 2
    assert row.outcomes == {"not_certified": 1, "none": 1}


def test_tandems_running_and_finished_per_programme(programme, team, lead):
    mentor, mentee = CompanyFactory(team=team), CompanyFactory(team=team)
    services.participant_add(programme=programme, company=mentor, role="mentor", by=lead.user)
    services.participant_add(programme=programme, company=mentee, role="mentee", by=lead.user)
    tandem = services.tandem_create(programme=programme, mentor=mentor, mentee=mentee, by=lead.user)
    (counts,) = selectors.tandem_counts(team=team)
    assert (counts.running, counts.finished) == (1, 0)
    services.tandem_finish(tandem=tandem, by=lead.user, mentor_takeaways="a", mentee_takeaways="b")
    (counts,) = selectors.tandem_counts(team=team)
    assert (counts.running, counts.finished) == (0, 1)


def test_the_report_selectors_cost_one_query(team, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.recertification_outcomes(team=team)
    with django_assert_num_queries(1):
        selectors.tandem_counts(team=team)
