"""Journey: anna logs a cold call to an unprepared company, sees the warning and goes ahead
with a reason; lea finds the flag in her review queue and acknowledges it."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from crm import services as crm_services
from crm.models import Team
from tests.e2e.test_pipeline import login

COMPANY = "Bäckerei Sonnenschein"
REASON = "Hat auf der Messe in Grimma um einen Anruf gebeten"


def _unprepared_case() -> str:
    from companies import services as companies_services

    team = Team.objects.get()
    anna = get_user_model().objects.get(username="anna")
    company = companies_services.company_create(
        team=team,
        by=anna,
        legal_name=COMPANY,
        legal_form="GmbH",
        postal_code="04668",
        city="Grimma",
        presumed_consent_reason="Bat auf der Messe um Rückruf",
    )
    companies_services.contact_create(
        company=company, by=anna, salutation="frau", first_name="Jana", last_name="Sonnenschein"
    )
    case = crm_services.case_open(
        team=team, company=company, owner=anna, by=anna, source="own_research"
    )
    return case.get_absolute_url()


def test_a_cold_call_warns_and_the_lead_acknowledges_the_flag(page: Page, live_server, demo_data):
    case_url = _unprepared_case()
    login(page, live_server.url)
    page.goto(f"{live_server.url}{case_url}")
    page.locator("[data-testid=touchpoints] a[href$='/touchpoints/new/']").click()
    page.locator("select[name=channel]").select_option("phone")
    page.locator("select[name=contact]").select_option(index=1)
    page.locator("input[name=subject]").fill("Einladung zum Unternehmerfrühstück")
    page.locator("button[name=check]").click()

    findings = page.locator("[data-testid=findings]")
    expect(findings).to_contain_text("Unvorbereiteter Erstkontakt")
    page.locator("textarea[name=override_reason]").fill(REASON)
    page.locator("button[name=go_ahead]").click()

    expect(page).to_have_url(re.compile(re.escape(case_url) + "$"))
    expect(page.locator("[data-testid=touchpoints]")).to_contain_text(re.compile("Telefon|Anruf"))
    expect(page.locator("ol.timeline")).to_contain_text("Einladung zum Unternehmerfrühstück")

    page.context.clear_cookies()
    login(page, live_server.url, username="lea")
    page.goto(f"{live_server.url}/outreach/review/")
    row = page.locator("[data-testid=flag]", has_text=REASON).first
    expect(row).to_contain_text("Unvorbereiteter Erstkontakt")
    # One flag is answered on its own page, with its evidence and the rule's explanation.
    row.locator("[data-testid=flag-details]").click()
    flag = page.locator("[data-testid=flag-detail] [data-testid=flag]")
    expect(flag).to_contain_text(REASON)
    flag.locator("input[name=note]").fill("Mit Anna besprochen: Anruf war gewünscht")
    flag.locator("button[value=acknowledge]").click()

    resolved = page.locator("[data-testid=flag]", has_text="Mit Anna besprochen")
    expect(resolved).to_be_visible()
    expect(resolved.locator("button[value=acknowledge]")).to_have_count(0)
