"""Journey: a team lead logs in and opens the company list."""

import re

from playwright.sync_api import Page, expect


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
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Companies")
