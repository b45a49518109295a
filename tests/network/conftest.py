"""Network fixtures: member companies with a partnership, their people, an event."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from crm.models import Partnership
from network import services
from network.models import Event
from tests.factories import CompanyFactory, ContactFactory


def TODAY() -> date:
    return timezone.localdate()


@pytest.fixture
def member_factory(team):
    """A member company of `team` (a partnership as a won case leaves it)."""

    def make(
        name: str = "Bäckerei Sonnenschein",
        kind: str = Partnership.Kind.CERTIFIED_EMPLOYER,
        district: str = "Leipzig",
        started_on: date | None = None,
        **company: object,
    ) -> Partnership:
        firm = CompanyFactory(team=team, legal_name=name, district=district, **company)
        start = started_on or TODAY() - timedelta(days=400)
        return Partnership.objects.create(
            team=team, company=firm, kind=kind, started_on=start, status_on=start
        )

    return make


@pytest.fixture
def member(member_factory) -> Partnership:
    return member_factory()


@pytest.fixture
def member_contact(member):
    return ContactFactory(company=member.company, last_name="Sommer", email="sommer@example.org")


@pytest.fixture
def event_factory(team, staff):
    def make(days: int = 14, **fields: object) -> Event:
        values = {
            "title": "Netzwerktreffen Herbst",
            "theme": "Pflege und Beruf",
            "date": TODAY() + timedelta(days=days),
            "starts_at": time(9, 0),
            "ends_at": time(11, 0),
            "place": "Rathaus Leipzig, Markt 1",
            **fields,
        }
        return services.event_create(team=team, by=staff.user, **values)

    return make


@pytest.fixture
def event(event_factory) -> Event:
    return event_factory()
