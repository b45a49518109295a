"""Certification fixtures: a round, an applicant with two commitments, a programme."""

from datetime import date

import pytest

from benefits.models import Measure
from certification import services
from certification.models import Application, Programme, Round
from companies.models import Company
from tests.factories import CompanyFactory


@pytest.fixture
def measures(team) -> list[Measure]:
    return list(Measure.objects.filter(team=team, is_active=True).order_by("code")[:3])


@pytest.fixture
def applicant(team) -> Company:
    return CompanyFactory(
        team=team, legal_name="Bäckerei Sonnenschein", city="Zwickau", postal_code="08056"
    )


@pytest.fixture
def certification_round(team, lead) -> Round:
    return services.round_create(team=team, by=lead.user, year=2026)


@pytest.fixture
def application(certification_round, applicant, staff, measures) -> Application:
    found = services.application_create(
        round=certification_round,
        company=applicant,
        kind=Application.Kind.FIRST,
        by=staff.user,
        received_on=date(2026, 3, 1),
    )
    for measure in measures[:2]:
        services.commitment_create(
            company=applicant,
            measure=measure,
            application=found,
            by=staff.user,
            target_date=date(2027, 1, 1),
        )
    return found


def review_all(application: Application, by, outcome: str = "implemented") -> None:
    from certification import selectors

    for commitment in selectors.commitments_under_review(application):
        services.review_record(
            application=application, commitment=commitment, outcome=outcome, by=by
        )


@pytest.fixture
def programme(team, lead) -> Programme:
    return services.programme_create(
        team=team,
        by=lead.user,
        year=2026,
        name="Mentoring 2026",
        closing_event_on=date(2026, 11, 20),
    )
