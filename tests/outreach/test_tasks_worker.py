"""Re-evaluating flags as a real task through Redis on a worker process (make test-services)."""

import random

import pytest

from outreach.models import OutreachFlag, OutreachSettings
from outreach.tasks import flags_reevaluate
from tests.factories import TeamFactory
from tests.outreach.services.test_reevaluation import build

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_flags_are_re_evaluated_on_a_worker_through_the_broker(celery_worker_process):
    from crm.celery import app

    team = TeamFactory(slug="worker-flags")
    OutreachSettings.objects.create(team=team, burst_max_cold_first=4, burst_days=3)
    build(team, random.Random(8), companies=10, touchpoints=40)

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = flags_reevaluate.apply_async(args=[team.pk], queue=celery_worker_process)
        counts = result.get(timeout=120)
    finally:
        app.conf.task_always_eager = previous

    flags = OutreachFlag.objects.filter(team=team)
    assert counts["created"] == flags.count() > 0
    assert flags.filter(rule="volume_burst").exists()
