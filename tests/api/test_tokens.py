"""Personal API tokens: hashed, expiring, revocable, read-only; the profile page and command."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from tests.api.conftest import client_with, token_for

pytestmark = pytest.mark.django_db
COMPANIES = "/api/v1/companies/"


def test_only_the_hash_is_stored_and_the_token_works(lead):
    token, plain = token_for(lead)
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ApiToken.objects.values_list())
    response = client_with(plain).get(COMPANIES)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "not a member"])
def test_a_dead_token_answers_401(lead, state):
    token, plain = token_for(lead)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    elif state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "unknown":
        plain += "x"
    else:
        lead.delete()
    response = client_with(plain).get(COMPANIES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_a_read_only_token_reads_but_refuses_writes(lead):
    _token, plain = token_for(lead, read_only=True)
    client = client_with(plain)
    assert client.get(COMPANIES).status_code == 200
    response = client.post(COMPANIES, {"legal_name": "Neue Firma"}, format="json")
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_the_profile_page_shows_a_new_token_once_and_lists_it(lead_client, lead):
    url = reverse("api_tokens")
    expires = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = lead_client.post(url, {"name": "Newsletter", "expires_on": expires})
    assert response.status_code == 201
    plain = response.context["new_token"]
    assert plain.encode() in response.content
    token = ApiToken.objects.get()
    assert (token.name, token.read_only, token.team) == ("Newsletter", False, lead.team)
    again = lead_client.get(url)
    assert plain.encode() not in again.content
    assert b"Newsletter" in again.content
    assert client_with(plain).get(COMPANIES).status_code == 200


def test_the_profile_page_refuses_a_past_expiry(lead_client):
    response = lead_client.post(
        reverse("api_tokens"), {"name": "Alt", "expires_on": "2000-01-01", "read_only": "on"}
    )
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_revoking_stops_the_token_and_only_the_owner_may(lead_client, lead, staff_client, staff):
    token, plain = token_for(lead)
    url = reverse("api_token_revoke", args=[token.pk])
    assert staff_client.post(url).status_code == 404
    assert lead_client.post(url).status_code == 302
    assert client_with(plain).get(COMPANIES).status_code == 401


def test_the_command_prints_a_working_token(lead, capsys):
    call_command("api_token_create", "--user", lead.user.username, "--read-only")
    plain = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().read_only
    assert client_with(plain).get(COMPANIES).status_code == 200


def test_a_browser_session_uses_the_active_team_and_needs_csrf(lead):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(lead.user)
    assert client.get(COMPANIES).status_code == 200
    response = client.post(COMPANIES, {"legal_name": "X"}, content_type="application/json")
    assert response.status_code == 403


def test_requests_beyond_the_rate_are_throttled(lead, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings  # noqa: F401
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {"api": "3/min"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        client = client_with(token_for(lead)[1])
        statuses = [client.get(COMPANIES).status_code for _ in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert statuses == [200, 200, 200, 429]
