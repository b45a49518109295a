"""Journey: a lead creates a network meeting, invites the certified members (an email where
the person agreed, a letter where not), a guest registers through the public link, staff
record attendance, and the guest's company gains a tie and an introduction suggestion."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crm.models import Membership, Partnership
from tests.factories import (
    DEFAULT_PASSWORD,
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)

SHOTS = Path("var/screenshots")
SIZES = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def network_world(transactional_db):
    team = TeamFactory(name="Bündnis für Familie Zwickau", slug="zwickau")
    lead = MembershipFactory(
        team=team, user=UserFactory(username="lena"), role=Membership.Role.LEAD
    )
    today = timezone.localdate()
    start = today.replace(year=today.year - 1)
    members = {}
    for name, consent in (("Autohaus Kranich", today), ("Pflegedienst Lindenhof", None)):
        company = CompanyFactory(team=team, legal_name=name, district="Zwickau", city="Zwickau")
        ContactFactory(company=company, last_name=name.split()[-1], email_consent_on=consent)
        members[name] = Partnership.objects.create(
            team=team,
            company=company,
            kind=Partnership.Kind.CERTIFIED_EMPLOYER,
            started_on=start,
        )
    prospect = CompanyFactory(team=team, legal_name="Gärtnerei Blüte", district="Zwickau")
    guest = ContactFactory(company=prospect, last_name="Blüte", email="jana@bluete.example")
    case = AcquisitionCaseFactory(team=team, company=prospect, owner=lead.user)
    return {"team": team, "lead": lead, "case": case, "guest": guest}


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Benutzername").fill("lena")
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"network-{name}-{label}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= size["width"], f"{name} is {wide}px wide on {label}"
    page.set_viewport_size(SIZES["desktop"])


def test_meeting_invitations_registration_attendance_and_the_new_tie(
    page: Page, live_server, network_world, browser
):
    world = network_world
    page.set_viewport_size(SIZES["desktop"])
    _login(page, live_server.url)

    # The lead plans a network meeting for today.
    page.get_by_test_id("nav-network").click()
    page.get_by_role("link", name="Veranstaltungen").click()
    page.get_by_test_id("event-create").click()
    page.locator("select[name=kind]").select_option("meeting")
    page.locator("input[name=title]").fill("Netzwerktreffen Pflege")
    page.locator("input[name=date]").fill(timezone.localdate().isoformat())
    page.locator("input[name=starts_at]").fill("09:00")
    page.locator("input[name=place]").fill("Rathaus Zwickau, Hauptmarkt 1")
    page.locator("input[name=capacity]").fill("30")
    page.locator("button[name=save], input[name=save]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerktreffen Pflege")
    event_url = page.url

    # Invite the certified members of the district: an email with consent, else a letter.
    page.get_by_test_id("invite").click()
    page.locator("input[name=kinds][value=certified_employer]").check()
    page.locator("input[name=district]").fill("Zwickau")
    page.locator("button[name=save], input[name=save]").click()
    expect(page).to_have_url(event_url)
    rows = page.get_by_test_id("invitation-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Autohaus Kranich")).to_contain_text("E-Mail")
    expect(rows.filter(has_text="Pflegedienst Lindenhof")).to_contain_text("Brief")
    public_url = page.get_by_test_id("public-link").inner_text()
    _shots(page, "event")

    # A guest registers through the public link, without a login.
    stranger = browser.new_context(locale="de-DE")
    public = stranger.new_page()
    public.goto(public_url)
    public.locator("input[name=name]").fill("Jana Blüte")
    public.locator("input[name=organisation]").fill("Gärtnerei Blüte")
    public.locator("input[name=email]").fill("JANA@bluete.example")
    public.locator("input[name=privacy]").check()
    public.get_by_role("button", name="Anmelden").click()
    expect(public.get_by_test_id("public-done")).to_be_visible()
    _shots(public, "public")
    stranger.close()

    # Staff tick who came.
    page.goto(event_url)
    row = page.get_by_test_id("registration-row").filter(has_text="Jana Blüte")
    expect(row).to_contain_text("Gärtnerei Blüte")
    row.locator("input[name=attended]").check()
    page.get_by_test_id("save-attendance").click()
    expect(page.locator(".alert-success")).to_contain_text("1")

    # The guest's company: a new tie to the network, and the network as introducer.
    page.goto(f"{live_server.url}/companies/{world['case'].company_id}/")
    expect(page.get_by_test_id("ties")).to_contain_text(world["team"].name)
    page.goto(f"{live_server.url}{world['case'].get_absolute_url()}")
    expect(page.get_by_test_id("introducer-suggestions")).to_contain_text(world["team"].name)
    assert re.search(r"/pipeline/cases/\d+/$", page.url)
