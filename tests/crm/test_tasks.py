"""The daily digest: what it sends to whom, once a day, in the owner's language."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from crm import services, tasks
from crm.celery import app
from crm.models import AcquisitionCase, UserPreferences
from tests.factories import AcquisitionCaseFactory, MembershipFactory, UserFactory


def overdue(case, days=2):
    AcquisitionCase.objects.filter(pk=case.pk).update(
        next_step="Rückruf Geschäftsführung",
        next_step_due=timezone.localdate() - timedelta(days=days),
    )


@pytest.fixture
def ben(team):
    return MembershipFactory(team=team, user=UserFactory(username="ben", first_name="Ben")).user


def test_the_digest_runs_on_working_day_mornings_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["pipeline-daily-digest"]
    assert entry["task"] == "crm.tasks.digests_send"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}


def test_digest_goes_to_each_owner_with_something_due_and_nobody_else(team, staff, lead, ben):
    due = AcquisitionCaseFactory(
        team=team, owner=staff.user, company__legal_name="Pflegedienst Sonne"
    )
    overdue(due)
    stale = AcquisitionCaseFactory(
        team=team,
        owner=lead.user,
        company__legal_name="Metallbau Kühn",
        at=timezone.now() - timedelta(days=20),
    )
    AcquisitionCaseFactory(team=team, owner=ben, company__legal_name="Ruhig und frisch")

    sent = tasks.digests_send.delay().get()

    assert sent == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {staff.user.email, lead.user.email}
    anna = by_recipient[staff.user.email]
    assert "Pflegedienst Sonne GmbH" in anna.body
    assert "Rückruf Geschäftsführung" in anna.body
    assert f"{settings.TANDEM_BASE_URL}{due.get_absolute_url()}" in anna.body
    assert "Metallbau Kühn" not in anna.body
    lea = by_recipient[lead.user.email]
    assert "Metallbau Kühn GmbH" in lea.body
    assert f"{stale.get_absolute_url()}" in lea.alternatives[0][0]


def test_digest_is_sent_once_a_day_even_when_the_task_is_retried(team, staff):
    overdue(AcquisitionCaseFactory(team=team, owner=staff.user))
    today = timezone.localdate()

    assert tasks.digest_send.delay(staff.user.pk, today.isoformat()).get() is True
    assert tasks.digest_send.delay(staff.user.pk, today.isoformat()).get() is False
    assert len(mail.outbox) == 1

    tomorrow = today + timedelta(days=1)
    assert tasks.digest_send.delay(staff.user.pk, tomorrow.isoformat()).get() is True
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(("language", "subject"), [("en", "Tandem: 1 next step due"), ("de", None)])
def test_digest_speaks_the_owners_language(team, staff, language, subject):
    overdue(AcquisitionCaseFactory(team=team, owner=staff.user))
    if language != settings.LANGUAGE_CODE:
        services.user_language_set(user=staff.user, language=language)

    tasks.digests_send.delay()

    message = mail.outbox[0]
    assert f'<html lang="{language}">' in message.alternatives[0][0]
    if subject:
        assert message.subject == subject


@pytest.mark.parametrize("why", ["disabled", "inactive", "no_email", "closed", "not_yet_due"])
def test_digest_is_skipped_when_there_is_nothing_to_send(team, staff, why):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    overdue(case)
    user = staff.user
    if why == "disabled":
        UserPreferences.objects.create(user=user, digest_enabled=False)
    elif why == "inactive":
        user.is_active = False
        user.save()
    elif why == "no_email":
        user.email = ""
        user.save()
    elif why == "closed":
        reason = case.team.lost_reasons.first()
        services.case_lose(case=case, by=user, version=1, reason=reason)
    elif why == "not_yet_due":
        AcquisitionCase.objects.filter(pk=case.pk).update(
            next_step_due=timezone.localdate() + timedelta(days=1)
        )

    tasks.digests_send.delay()
    assert services.digest_send(user_id=user.pk, today=timezone.localdate()) is False
    assert mail.outbox == []


def test_digest_groups_the_cases_of_an_owner_in_several_teams(team, other_team, staff):
    MembershipFactory(team=other_team, user=staff.user)
    overdue(AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Erste"))
    overdue(AcquisitionCaseFactory(team=other_team, owner=staff.user, company__legal_name="Zweite"))

    tasks.digests_send.delay()

    [message] = mail.outbox
    assert f"== {team.name} ==" in message.body
    assert f"== {other_team.name} ==" in message.body
    # Sections in team-name order: Kompetenzzentrum … before Lokales Bündnis …
    assert message.body.index("Erste") < message.body.index("Zweite")
