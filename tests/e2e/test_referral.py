"""Journey: a partner opens their link, recommends a company; staff find the case on the board."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from api import referrals
from companies.models import NetworkPartner

SHOTS = Path("var/screenshots")


def test_a_partner_recommends_a_company_and_staff_see_it_on_the_board(
    page: Page, live_server, demo_data
):
    lead = get_user_model().objects.get(username="lea")
    partner = NetworkPartner.objects.filter(team__memberships__user=lead).first()
    link = referrals.referral_link_issue(partner=partner, by=lead)
    url = live_server.url + reverse("referral_form", args=[referrals.referral_token(link)])
    SHOTS.mkdir(parents=True, exist_ok=True)

    for width, height in ((390, 844), (1366, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(
            page.get_by_role("heading", name="Ich empfehle folgendes Unternehmen")
        ).to_be_visible()
        page.screenshot(path=str(SHOTS / f"referral-form-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_company").fill("Tischlerei Holzwurm Sonnenfeld")
    page.locator("#id_town").fill("Zwickau")
    page.locator("#id_why").fill("Sucht Fachkräfte, junge Belegschaft.")
    page.get_by_label("Ich stelle Sie vor.").check()
    page.get_by_role("button", name="Empfehlung senden").click()
    expect(page.get_by_role("heading", name="Vielen Dank für Ihre Empfehlung")).to_be_visible()
    page.screenshot(path=str(SHOTS / "referral-thanks-1366.png"))

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/pipeline/?q=Holzwurm+Sonnenfeld")
    card = page.locator(".case-card").filter(has_text="Tischlerei Holzwurm Sonnenfeld")
    expect(card).to_be_visible()
    page.screenshot(path=str(SHOTS / "referral-board-1366.png"))
