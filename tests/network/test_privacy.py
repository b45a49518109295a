"""Registrations and expert entries are reached by the privacy scan and erasure."""

from datetime import time, timedelta

from django.utils import timezone

from network import services
from network.models import Registration
from privacy import services as privacy_services
from privacy.scanner import person_scan
from privacy.selectors import contact_identifiers
from tests.factories import CompanyFactory, ContactFactory


def test_a_registration_is_found_and_scrubbed(team, lead):
    company = CompanyFactory(team=team)
    contact = ContactFactory(
        company=company, first_name="Annegret", last_name="Quandtmeyer", email="aq@metall.de"
    )
    event = services.event_create(
        team=team,
        by=lead.user,
        title="Frühstück",
        date=timezone.localdate() + timedelta(days=3),
        starts_at=time(8),
        place="Café",
    )
    services.registration_public(
        event=event, name="Annegret Quandtmeyer", organisation="Metall", email="AQ@metall.de"
    )
    hits = person_scan(identifiers=contact_identifiers(contact), team=team)
    assert "network.registration" in {hit.label for hit in hits}

    privacy_services.person_erase(contact=contact, actor=lead.user)

    registration = Registration.objects.get()
    assert "Quandtmeyer" not in registration.name
    assert "aq@metall.de" not in registration.email.lower()
    assert "aq@metall.de" not in registration.email_key
