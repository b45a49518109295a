"""Journey: a partner refers a company, the partner introduces us, the case moves to
"Vorgestellt" (which requires the introduction, checked by the outreach app)."""

import re

from playwright.sync_api import Page, expect

from companies.models import NetworkPartner
from tests.e2e.test_pipeline import login


def pick(page: Page, field: str, typed: str) -> str:
    """Choose in a type-ahead picker: type, wait for the suggestions, take the first."""
    page.locator(f"select[name={field}] + .ts-wrapper .ts-control").click()
    page.keyboard.type(typed, delay=30)
    first = page.locator(".ts-dropdown.single .option").first
    expect(first).to_be_visible()
    chosen = first.locator("div").first.inner_text()
    first.click()
    return chosen


COMPANY = "Tischlerei Vogelsang"


def test_record_a_referral_then_an_introduction_then_move_to_vorgestellt(
    page: Page, live_server, demo_data
):
    login(page, live_server.url)
    page.goto(f"{live_server.url}/pipeline/")

    # The referral: one short form from the board.
    page.locator("a[href='/pipeline/referral/']").click()
    expect(page).to_have_url(re.compile(r"/pipeline/referral/$"))
    # The partner is found by typing part of its name (umlauts and case do not matter).
    known = NetworkPartner.objects.order_by("name").first()
    partner = pick(page, "partner", known.name[:6])
    page.locator("input[name=legal_name]").fill(COMPANY)
    page.locator("input[name=postal_code]").fill("04668")
    page.locator("input[name=city]").fill("Grimma")
    page.locator("input[name=contact_last_name]").fill("Vogelsang")
    # How the person is addressed is asked, not assumed (issue 14).
    page.locator("select[name=contact_salutation]").select_option("herr")
    page.locator("button[name=save], input[name=save]").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY)
    expect(page.locator(".stage-badge")).to_have_text("Hinweis/Empfehlung")
    case_url = page.url

    # The introduction, by the partner who referred the company, to its owner.
    page.locator("a[href$='/introductions/new/']").click()
    assert pick(page, "introducer", known.name[:6]) == partner
    page.locator("select[name=contact]").select_option(index=1)
    page.locator("select[name=outcome]").select_option("meeting_agreed")
    page.locator("button[name=save], input[name=save]").click()
    expect(page).to_have_url(case_url)
    expect(page.locator("[data-testid=introductions] li").first).to_contain_text(partner)

    # The no-JS move: "Vorgestellt" now accepts the case.
    page.locator("select#move-to").select_option(label="Vorgestellt")
    page.locator("form:has(select#move-to) button[type=submit]").click()

    expect(page.locator(".stage-badge")).to_have_text("Vorgestellt")
    latest = page.locator("ol.timeline li").first
    expect(latest).to_contain_text("Vorgestellt")
    expect(page.locator("ol.timeline")).to_contain_text(partner)
