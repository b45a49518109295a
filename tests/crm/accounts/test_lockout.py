"""Password guessing: ten wrong passwords lock the user name and the address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _guess_ten_times(client, username, **extra):
    for attempt in range(10):
        response = _login(client, username, f"wrong-{attempt}", **extra)
        assert response.status_code in {200, 429}
    return response


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_and_the_right_one_is_refused_with_the_wait(client, lead):
    for attempt in range(9):
        response = _login(client, "lea", f"wrong-{attempt}")
        assert response.status_code == 200
    response = _login(client, "lea", "wrong-9")
    assert response.status_code == 429

    response = _login(client, "lea", DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "15 Minuten" in response.content.decode()
    assert 'id="login-locked"' in response.content.decode()


@pytest.mark.django_db
def test_the_lock_shows_its_wait_in_english_too(client, lead):
    _guess_ten_times(client, "lea", HTTP_ACCEPT_LANGUAGE="en")
    response = _login(client, "lea", DEFAULT_PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert "blocked for 15 minutes" in response.content.decode()


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, lead):
    _guess_ten_times(client, "lea")
    # Travel: the failures happened 16 minutes ago.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _login(client, "lea", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lead.user.pk)


@pytest.mark.django_db
def test_the_user_name_is_locked_from_another_address_too(client, lead):
    _guess_ten_times(client, "lea", REMOTE_ADDR="203.0.113.5")
    response = _login(client, "lea", DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_address_is_locked_for_other_user_names_too(client, lead, staff):
    _guess_ten_times(client, "nobody", REMOTE_ADDR="203.0.113.5")
    response = _login(client, "anna", DEFAULT_PASSWORD, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_admin_unlocks_with_axes_reset(client, lead):
    _guess_ten_times(client, "lea")
    call_command("axes_reset_username", "lea", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("axes_reset_ip", "127.0.0.1", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = _login(client, "lea", DEFAULT_PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_good_login_clears_earlier_failures(client, lead):
    for attempt in range(9):
        _login(client, "lea", f"wrong-{attempt}")
    assert _login(client, "lea", DEFAULT_PASSWORD).status_code == 302
    client.logout()
    for attempt in range(9):
        _login(client, "lea", f"again-{attempt}")
    assert _login(client, "lea", DEFAULT_PASSWORD).status_code == 302
