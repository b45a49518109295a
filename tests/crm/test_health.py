"""The load balancer's health endpoints: no login, no personal data, honest about the database."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from crm import health


@pytest.mark.django_db
def test_healthz_answers_without_a_login_or_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_the_database_and_an_eager_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["database: ok", "broker: eager"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_fails(client):
    with mock.patch.object(health, "_database_ready", return_value=False):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert "database: unavailable" in response.content.decode()


@pytest.mark.django_db
def test_readyz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(health.celery_app, "connection_for_write") as connection_for_write:
        connection_for_write.return_value.__enter__.return_value.ensure_connection.side_effect = (
            OSError("connection refused")
        )
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["database: ok", "broker: unavailable"]


@pytest.mark.django_db
def test_database_check_turns_a_database_error_into_not_ready():
    with mock.patch.object(health.connection, "cursor", side_effect=DatabaseError("down")):
        assert health._database_ready() is False


def test_health_endpoints_refuse_posts(client):
    assert client.post(reverse("healthz")).status_code == 405
