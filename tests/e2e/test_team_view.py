"""Journeys: the lead follows a figure of her team view to its list; a staff member follows
an unmet stage requirement to its form and comes back to the case."""

import contextlib
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"laptop": (1366, 800), "phone": (390, 844)}


def login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()


def shoot(page: Page, name: str) -> None:
    """A screenshot at the laptop and the phone size; no page is wider than the screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        # Charts follow the new width a frame later (Chart.js watches its box).
        with contextlib.suppress(PlaywrightTimeoutError):  # the assert below says how wide
            page.wait_for_function(
                "() => document.documentElement.scrollWidth"
                " <= document.documentElement.clientWidth",
                timeout=5000,
            )
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the {size} screen"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})


def listed_count(page: Page) -> int:
    return int(page.get_by_role("heading", level=1).locator(".badge").inner_text())


def test_the_lead_follows_a_team_figure_to_exactly_its_cases(page: Page, live_server, demo_data):
    from crm.models import AcquisitionCase

    page.set_viewport_size({"width": 1366, "height": 800})
    login(page, live_server.url, "lea")
    team = page.get_by_test_id("team-view")
    expect(team).to_contain_text("Mein Team")
    expect(team.get_by_test_id("team-table")).to_be_visible()
    shoot(page, "team-view-home")

    # A person's cases in one stage: the list shows exactly those.
    cell = team.get_by_test_id("team-table").locator("tbody td a").first
    expected = int(cell.inner_text())
    href = cell.get_attribute("href")
    owner = int(re.search(r"owner=(\d+)", href).group(1))
    stage = int(re.search(r"stage=(\d+)", href).group(1))
    cell.click()
    expect(page).to_have_url(re.compile(r"/pipeline/cases/\?owner=\d+&stage=\d+"))
    assert listed_count(page) == expected
    assert expected == AcquisitionCase.objects.filter(owner_id=owner, stage_id=stage).count()
    shoot(page, "team-view-list")

    # The team's overdue next steps.
    page.goto(f"{live_server.url}/")
    overdue = page.get_by_test_id("team-overdue")
    figure = int(overdue.locator(".stat-value").inner_text())
    overdue.click()
    expect(page).to_have_url(re.compile(r"state=overdue"))
    assert listed_count(page) == figure


def test_an_unmet_requirement_leads_to_its_form_and_back_to_the_case(
    page: Page, live_server, demo_data
):
    from benefits.models import NeedsProfile
    from crm.models import AcquisitionCase, Stage

    first_stages = Stage.objects.filter(kind="open", position=10)
    case = (
        AcquisitionCase.objects.filter(stage__in=first_stages, closed_at__isnull=True)
        .exclude(company__in=NeedsProfile.objects.values("company"))
        .select_related("owner")
        .first()
    )
    assert case is not None, "the demo has a new case without a needs profile"

    page.set_viewport_size({"width": 1366, "height": 800})
    login(page, live_server.url, case.owner.username)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    fix = page.get_by_test_id("requirement-fix")
    expect(fix).to_be_visible()
    shoot(page, "dead-end-case")
    fix.click()

    expect(page).to_have_url(re.compile(r"/benefits/companies/\d+/profile/\?next="))
    expect(page.get_by_test_id("back-link")).to_be_visible()
    shoot(page, "dead-end-profile-form")
    page.locator("input[name=challenges]").first.check()
    page.get_by_role("button", name="Speichern").click()

    expect(page).to_have_url(re.compile(rf"{re.escape(case.get_absolute_url())}$"))
    expect(page.get_by_test_id("requirement-fix")).to_have_count(0)
    expect(page.locator(".requirement-list .text-success")).to_have_count(1)
    shoot(page, "dead-end-back-on-case")


def test_a_reports_table_sits_below_its_chart_at_full_width(page: Page, live_server, demo_data):
    from django.urls import reverse

    page.set_viewport_size({"width": 1366, "height": 800})
    login(page, live_server.url, "lea")
    page.goto(f"{live_server.url}{reverse('reports:detail', args=['people'])}")
    chart = page.locator("#chart-owner").bounding_box()
    table = page.locator("#table-owner")
    expect(table).to_contain_text("Partnerschaften")
    expect(table).to_contain_text("Umwandlung in Partnerschaft")
    box = table.bounding_box()
    assert box["y"] >= chart["y"] + chart["height"]
    section = page.locator("section.card").filter(has=table).bounding_box()
    assert box["width"] >= section["width"] * 0.9
    shoot(page, "report-people")
