"""Journeys: a team lead logs in and opens the company list; an admin logs in with a
second factor; a lead whose team requires one sets it up."""

import re

from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD


def _code_for(device, *, drift: int = 0) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    from django_otp.oath import totp

    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def test_lead_logs_in_and_opens_the_company_list(page: Page, live_server, demo_data):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_label("Benutzername").fill("lea")
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()

    page.get_by_role("link", name="Unternehmen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unternehmen")
    expect(page.locator("table tbody tr")).to_have_count(25)

    # Switch to English from the header and find the same page in English.
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Companies")


def test_admin_logs_in_with_a_code_from_the_authenticator(page: Page, live_server, demo_data):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from crm.accounts import services
    from crm.models import Membership, Team
    from tests.factories import MembershipFactory, UserFactory

    admin = UserFactory(username="ada", first_name="Ada", last_name="Admin")
    MembershipFactory(user=admin, team=Team.objects.first(), role=Membership.Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="Authenticator", confirmed=True)
    services.recovery_codes_regenerate(user=admin)

    page.goto(f"{live_server.url}/companies/")
    page.get_by_label("Benutzername").fill("ada")
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zwei-Faktor-Anmeldung")
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill(_code_for(device))
    page.get_by_role("button", name="Bestätigen").click()

    expect(page).to_have_url(re.compile(r"/companies/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unternehmen")


def test_lead_of_a_team_that_requires_it_sets_up_a_second_factor(
    page: Page, live_server, demo_data
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from crm.models import Membership

    membership = Membership.objects.select_related("team").get(user__username="lea")
    membership.team.second_factor_required = True
    membership.team.save(update_fields=["second_factor_required"])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Benutzername").fill("lea")
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()

    # Sent to the set-up, whatever page is asked for.
    expect(page).to_have_url(re.compile(r"/accounts/security/$"))
    page.goto(f"{live_server.url}/companies/")
    expect(page).to_have_url(re.compile(r"/accounts/security/$"))
    page.get_by_role("button", name="Zwei-Faktor-Anmeldung einrichten").click()

    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user__username="lea", confirmed=False)
    assert secret
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill(_code_for(device))
    page.get_by_role("button", name="Bestätigen und einschalten").click()

    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Ich habe sie aufbewahrt").click()
    page.get_by_role("link", name="Unternehmen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unternehmen")
