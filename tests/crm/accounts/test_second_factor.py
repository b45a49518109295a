"""Second factor: set up with a QR code, log in with a code or a recovery code,
switch off with the password, and a team's policy for leads and admins."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.accounts.state import SECOND_FACTOR_SESSION_KEY
from tests.crm.accounts.conftest import code_for
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def _password_step(client, username="lea", next_url=""):
    data = {"username": username, "password": DEFAULT_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def _no_throttle(settings):
    """django-otp makes a device wait after a wrong code; these tests retry at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.usefixtures("_no_throttle")
def test_setup_shows_a_qr_code_and_the_secret_and_a_code_confirms_it(lead_client, lead):
    page = lead_client.get(reverse("account_security"))
    assert 'data-configured="0"' in page.content.decode()

    lead_client.post(reverse("second_factor_start"))
    setup = lead_client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=lead.user, confirmed=False)
    body = setup.content.decode()
    assert "<svg" in body
    assert 'id="totp-secret"' in body

    wrong = lead_client.post(reverse("second_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=lead.user, confirmed=True).exists()

    confirmed = lead_client.post(reverse("second_factor_setup"), {"code": code_for(device)})
    assert confirmed.url == reverse("recovery_codes")
    codes_page = lead_client.get(reverse("recovery_codes")).content.decode()
    tokens = StaticToken.objects.filter(device__user=lead.user)
    assert tokens.count() == 10
    assert all(token.token in codes_page for token in tokens)
    # Shown once: the page does not show them again.
    assert lead_client.get(reverse("recovery_codes")).status_code == 302
    assert 'data-configured="1"' in lead_client.get(reverse("account_security")).content.decode()


def test_the_password_alone_does_not_log_in_a_user_with_a_device(client, lead_with_device):
    response = _password_step(client, next_url="/companies/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login_code"))
    assert _logged_in_user_id(client) is None
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.usefixtures("_no_throttle")
def test_a_code_from_the_app_completes_the_login(client, lead_with_device):
    lead, device, _ = lead_with_device
    _password_step(client)
    wrong = client.post(reverse("login_code"), {"code": "123456"})
    assert wrong.status_code == 200
    assert _logged_in_user_id(client) is None

    response = client.post(reverse("login_code"), {"code": code_for(device), "next": "/companies/"})

    assert response.url == "/companies/"
    assert _logged_in_user_id(client) == str(lead.user.pk)
    assert client.get(reverse("home")).status_code == 200


def test_the_code_step_does_not_follow_a_next_to_another_host(client, lead_with_device):
    _, device, _ = lead_with_device
    _password_step(client)
    response = client.post(
        reverse("login_code"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_a_recovery_code_works_once(client, lead_with_device):
    lead, _, codes = lead_with_device
    _password_step(client)
    response = client.post(reverse("login_code"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(lead.user.pk)
    assert StaticToken.objects.filter(device__user=lead.user).count() == 9

    client.logout()
    _password_step(client)
    again = client.post(reverse("login_code"), {"code": codes[0]})
    assert again.status_code == 200
    assert _logged_in_user_id(client) is None


def test_a_wrong_code_makes_the_device_wait(client, lead_with_device):
    _, device, _ = lead_with_device
    _password_step(client)
    client.post(reverse("login_code"), {"code": "123456"})
    # Even the right code is refused right after a wrong one (django-otp's throttle).
    assert client.post(reverse("login_code"), {"code": code_for(device)}).status_code == 200
    assert _logged_in_user_id(client) is None


def test_the_code_step_needs_the_password_first(client, lead_with_device):
    _, device, _ = lead_with_device
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    assert response.url == reverse("login")
    assert _logged_in_user_id(client) is None


def test_a_session_that_skipped_the_code_step_is_logged_out(lead_with_device):
    # e.g. through the admin's own login page: every login sends user_logged_in.
    lead, _, _ = lead_with_device
    client = Client()
    client.force_login(lead.user)
    response = client.get(reverse("companies:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert _logged_in_user_id(client) is None


def test_switching_off_needs_the_password(client, lead_with_device):
    lead, device, _ = lead_with_device
    _password_step(client)
    client.post(reverse("login_code"), {"code": code_for(device)})

    refused = client.post(reverse("second_factor_disable"), {"password": "not-it"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=lead.user).exists()

    client.post(reverse("second_factor_disable"), {"password": DEFAULT_PASSWORD})
    assert not TOTPDevice.objects.filter(user=lead.user).exists()
    assert not StaticToken.objects.filter(device__user=lead.user).exists()


def test_new_recovery_codes_replace_the_old_ones(client, lead_with_device):
    lead, device, codes = lead_with_device
    _password_step(client)
    client.post(reverse("login_code"), {"code": code_for(device)})

    client.post(reverse("recovery_codes"))

    new = set(StaticToken.objects.filter(device__user=lead.user).values_list("token", flat=True))
    assert len(new) == 10
    assert not new & set(codes)


def test_the_team_policy_sends_a_lead_without_a_device_to_set_one_up(client, lead, team):
    team.second_factor_required = True
    team.save(update_fields=["second_factor_required"])
    _password_step(client)
    assert client.session[SECOND_FACTOR_SESSION_KEY] == "setup"

    response = client.get(reverse("companies:list"))
    assert response.url == reverse("account_security")
    assert client.get(reverse("account_security")).status_code == 200

    client.post(reverse("second_factor_start"))
    device = TOTPDevice.objects.get(user=lead.user)
    client.post(reverse("second_factor_setup"), {"code": code_for(device)})

    assert client.get(reverse("companies:list")).status_code == 200


def test_the_team_policy_leaves_staff_alone(client, staff, team):
    team.second_factor_required = True
    team.save(update_fields=["second_factor_required"])
    _password_step(client, username="anna")
    assert client.get(reverse("companies:list")).status_code == 200


@pytest.mark.usefixtures("_no_throttle")
def test_after_setup_the_next_login_asks_for_a_new_code(client, lead):
    _password_step(client)
    client.post(reverse("second_factor_start"))
    device = TOTPDevice.objects.get(user=lead.user)
    client.post(reverse("second_factor_setup"), {"code": code_for(device)})
    client.logout()

    _password_step(client)
    # The code just used for the set-up is spent; the app's next one is accepted.
    assert client.post(reverse("login_code"), {"code": code_for(device)}).status_code == 200
    response = client.post(reverse("login_code"), {"code": code_for(device, drift=1)})
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(lead.user.pk)


def test_the_admin_login_page_leads_to_the_login_with_the_second_factor(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/admin/"
    follow = client.get(reverse("admin:index"))
    assert follow.url.startswith("/admin/login/")
