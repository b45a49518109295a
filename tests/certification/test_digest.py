"""Re-certification reminders in the daily digest: 6 months, 3 months, 4 weeks before."""

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from certification import services
from crm import selectors as crm_selectors
from crm import services as crm_services
from crm import tasks
from tests.certification.conftest import review_all

CERTIFIED_ON = date(2025, 6, 16)  # due 16 June 2027, a Wednesday
SIX_MONTHS_BEFORE = date(2026, 12, 16)


@pytest.fixture
def certified(application, lead):
    review_all(application, lead.user)
    return services.application_decide(
        application=application, decision="certified", by=lead.user, decided_on=CERTIFIED_ON
    )


def test_leads_get_a_reminder_six_months_before(certified, lead, staff):
    assert crm_selectors.digest_owner_ids(today=SIX_MONTHS_BEFORE, now=timezone.now()) == [
        lead.user_id
    ]
    digest = crm_selectors.digest_for_owner(
        user=lead.user, today=SIX_MONTHS_BEFORE, now=timezone.now()
    )
    (section,) = digest.sections
    (note,) = section.notes
    assert "Bäckerei Sonnenschein" in note.text
    assert "in 6 Monaten" in note.text
    assert note.url == certified.get_absolute_url()


def test_no_reminder_between_the_milestones(certified):
    assert crm_selectors.digest_owner_ids(today=date(2026, 12, 17), now=timezone.now()) == []


def test_a_started_recertification_silences_the_reminders(certified, lead, team):
    later = services.round_create(team=team, by=lead.user, year=2027)
    services.application_create(
        round=later, company=certified.company, kind="recertification", by=lead.user
    )
    assert crm_selectors.digest_owner_ids(today=SIX_MONTHS_BEFORE, now=timezone.now()) == []


def test_the_digest_mail_carries_the_reminder(certified, lead):
    lead.user.email = "lea@example.org"
    lead.user.save()
    assert crm_services.digest_send(user_id=lead.user_id, today=date(2027, 5, 19))
    (message,) = mail.outbox
    assert message.subject == "Tandem: 1 Erinnerung"
    assert "Anstehende Rezertifizierungen" in message.body
    assert "in 4 Wochen" in message.body


def test_the_daily_task_queues_the_leads_digest(certified, lead):
    lead.user.email = "lea@example.org"
    lead.user.save()
    from unittest import mock

    with mock.patch("crm.tasks.timezone.localdate", return_value=date(2027, 3, 16)):
        assert tasks.digests_send() == 1
    assert len(mail.outbox) == 1
