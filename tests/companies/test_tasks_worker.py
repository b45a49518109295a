"""A real task through Redis to a real worker process (make test-services only)."""

import pytest

from companies.models import Company
from companies.tasks import companies_renormalize
from tests.factories import CompanyFactory, TeamFactory

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_renormalize_runs_on_a_worker_through_the_broker(celery_worker_process, settings):
    from crm.celery import app

    team = TeamFactory(slug="worker-team")
    CompanyFactory(team=team, legal_name="Müller Metallbau")
    CompanyFactory(team=team, legal_name="Straßenbau Weiß")
    Company.objects.update(name_normalized="stale")

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = companies_renormalize.apply_async(args=[team.pk], queue=celery_worker_process)
        changed = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = previous

    assert changed == 2
    assert set(Company.objects.values_list("name_normalized", flat=True)) == {
        "mueller metallbau",
        "strassenbau weiss",
    }
