"""Journey: lea filters her review queue, ticks five warnings and acknowledges them with
one note; the counts above the queue and on its tab follow without a page load. The
queue and a flag's page fit a laptop and a phone."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from crm.models import Team
from outreach.models import OutreachFlag
from tests.e2e.test_pipeline import login
from tests.factories import CompanyFactory, OutreachFlagFactory

SCREENSHOTS = Path("var/screenshots")
NOTE = "Im Jour fixe besprochen: Anrufe waren vereinbart"


def _five_warnings() -> list[int]:
    team = Team.objects.get()
    anna = get_user_model().objects.get(username="anna")
    return [
        OutreachFlagFactory(
            team=team,
            user=anna,
            rule="unprepared_first_contact",
            evidence={"age_days": None},
            company=CompanyFactory(team=team, legal_name=f"Prüfbau {n}", city="Zwickau"),
        ).pk
        for n in range(5)
    ]


def _fits(page: Page, name: str) -> None:
    """Save a screenshot; no page is wider than its viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    assert size
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{page.url} is {width} px wide at {size['width']}"


def _count(page: Page, testid: str) -> int:
    return int(page.locator(f"[data-testid={testid}] [data-count]").inner_text())


def test_a_lead_acknowledges_five_flags_with_one_note(page: Page, live_server, demo_data):
    ids = _five_warnings()
    login(page, live_server.url, username="lea")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}{reverse('outreach:review')}")
    open_before = _count(page, "total-open")
    acknowledged_before = _count(page, "total-acknowledged")
    assert open_before >= 5
    expect(page.locator("[data-testid=review-badge]")).to_contain_text(str(open_before))
    _fits(page, "review-queue")

    page.get_by_label("Unternehmen oder Kampagne").fill("Prüfbau")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("[data-testid=flag]")
    expect(rows).to_have_count(5)
    acknowledge = page.locator("[data-testid=bulk-acknowledge]")
    expect(acknowledge).to_be_disabled()
    page.get_by_label("Alle Hinweise auf dieser Seite auswählen").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("Hinweise ausgewählt: 5")
    page.get_by_label("Notiz für alle angehakten Hinweise").fill(NOTE)
    # A mark on the window survives only if the page is not loaded again.
    page.evaluate("window.stillThisPage = true")
    acknowledge.click()

    expect(page.locator("[data-testid=bulk-done]")).to_have_text(
        "5 Hinweise zur Kenntnis genommen."
    )
    expect(page.locator("[data-testid=total-open] [data-count]")).to_have_text(str(open_before - 5))
    expect(page.locator("[data-testid=total-acknowledged] [data-count]")).to_have_text(
        str(acknowledged_before + 5)
    )
    expect(page.locator("[data-testid=review-badge]")).to_contain_text(str(open_before - 5))
    expect(rows).to_have_count(0)
    assert page.evaluate("window.stillThisPage") is True
    assert set(
        OutreachFlag.objects.filter(pk__in=ids).values_list(
            "state", "note", "resolved_by__username"
        )
    ) == {("acknowledged", NOTE, "lea")}
    _fits(page, "review-queue-acknowledged")

    # The five, with their note, under "acknowledged"; one opens on its own page.
    page.locator("[data-testid=total-acknowledged]").click()
    done = page.locator("[data-testid=flag]", has_text="Prüfbau 3")
    expect(done).to_contain_text(NOTE)
    done.locator("[data-testid=flag-details]").click()
    expect(page.locator("[data-testid=flag-detail]")).to_contain_text(
        "Vor diesem Erstkontakt wurde kein Bedarfsprofil erfasst."
    )
    expect(page.locator("[data-testid=flag-detail]")).to_contain_text(NOTE)
    page.get_by_text("Daten des Befunds").click()
    expect(page.locator("[data-testid=flag-evidence]")).to_contain_text("age_days")
    _fits(page, "flag-detail")

    # On a phone: the queue is a stacked list, and neither page scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, "flag-detail")
    page.goto(f"{live_server.url}{reverse('outreach:review')}")
    expect(page.locator("[data-testid=flag]").first).to_be_visible()
    _fits(page, "review-queue")
    page.goto(f"{live_server.url}{reverse('outreach:review')}?state=acknowledged")
    _fits(page, "review-queue-acknowledged")
