"""A campaign's letters made by a real worker through the broker (make test-services only)."""

import time

import pytest

from outreach.letters import services as letter_services
from outreach.models import Campaign, CampaignItem, Letter, LetterBatch, Touchpoint
from tests.factories import (
    AcquisitionCaseFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_batch_runs_on_a_worker_and_a_rerun_adds_nothing(celery_worker_process):
    from crm.celery import app

    team = TeamFactory(slug="letters-worker")
    lead = MembershipFactory(team=team, user=UserFactory(username="lea-worker"), role="lead")
    campaign = Campaign.objects.create(
        team=team, name="Briefe", status=Campaign.Status.APPROVED, created_by=lead.user
    )
    for n in range(5):
        case = AcquisitionCaseFactory(team=team, owner=lead.user)
        CampaignItem.objects.create(campaign=campaign, case=case, text=f"Brief {n}.")

    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = celery_worker_process
    try:
        for _run in range(2):
            batch = letter_services.letter_batch_start(campaign=campaign, by=lead.user)
            deadline = time.monotonic() + 90
            while not batch.finished:
                assert time.monotonic() < deadline, "the worker did not finish the batch"
                time.sleep(0.5)
                batch.refresh_from_db()
            assert batch.status == LetterBatch.Status.DONE, batch.error
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous

    assert LetterBatch.objects.filter(campaign=campaign).count() == 2
    assert batch.produced == 5
    assert batch.archive.name.endswith(".zip")
    assert Letter.objects.filter(campaign_item__campaign=campaign).count() == 5
    assert Touchpoint.objects.filter(campaign=campaign).count() == 5
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
