"""Shared fixtures: two teams, their members, and logged-in clients."""

import random
import zlib

import factory.random
import pytest
from django.test import Client
from django.utils import translation

from crm.models import Membership, Team
from tests.factories import MembershipFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    """Seed the fake names and dates from the test's id: a test sees the same people in
    every run and in any order (pytest-randomly shuffles the order), so a page that
    shows a random user's name cannot make it pass once and fail the next time."""
    seed = zlib.crc32(request.node.nodeid.encode())
    random.seed(seed)
    factory.random.reseed_random(seed)


@pytest.fixture(autouse=True)
def _default_language():
    """Start and end every test in the default language: a request with another
    Accept-Language leaves its language active in the thread, and tests run in a
    random order (pytest-randomly)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _cache_cleared():
    """Every test starts with an empty cache: figures kept by an earlier test (whose
    team had the same id in a rolled-back database) must not answer for this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _content_types_warm(request):
    """Start every database test with all content type ids cached.

    History looks content types up through Django's per-process cache, and a task
    clears it (history.apps); without this a test's query count would depend on
    whether the test before it ran a task (pytest-randomly shuffles the order)."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")  # pytest-django's fixture for the marker
    else:
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def team(db) -> Team:
    return TeamFactory(name="Kompetenzzentrum Westsachsen", slug="westsachsen")


@pytest.fixture
def other_team(db) -> Team:
    return TeamFactory(name="Lokales Bündnis Erzgebirge", slug="erzgebirge")


@pytest.fixture
def staff(team) -> Membership:
    return MembershipFactory(team=team, user=UserFactory(username="anna"))


@pytest.fixture
def lead(team) -> Membership:
    return MembershipFactory(team=team, user=UserFactory(username="lea"), role=Membership.Role.LEAD)


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@pytest.fixture
def lead_client(lead) -> Client:
    client = Client()
    client.force_login(lead.user)
    return client


# -- a real Celery worker for `make test-services` -------------------------------
@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A `celery worker` subprocess on the configured broker and the test database.

    Only `make test-services` sets CELERY_BROKER_URL; without it this fixture
    fails loudly rather than letting a services test pass on eager execution.
    """
    import os
    import subprocess
    import sys
    import time
    import uuid

    from django.conf import settings
    from django.db import connection

    from crm.celery import app

    if not settings.CELERY_BROKER_URL:
        pytest.fail("Services tests need CELERY_BROKER_URL (run them with `make test-services`).")
    if connection.vendor != "postgresql":
        pytest.fail("Services tests need PostgreSQL (DATABASE_URL), as in production.")

    db = connection.settings_dict
    queue = f"tandem-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crm.settings_test",
        # The worker must use the database pytest just created.
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "crm",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            if worker.poll() is not None:
                pytest.fail(f"The Celery worker exited with {worker.returncode} on start-up.")
            if time.monotonic() > deadline:
                pytest.fail("The Celery worker did not answer within 60 s.")
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=30)
