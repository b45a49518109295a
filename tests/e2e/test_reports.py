"""Journey: the team lead opens the funnel, filters by source, and downloads the XLSX."""

import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect


def login(page: Page, url: str, username: str = "lea") -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()


def test_lead_filters_the_funnel_by_source_and_downloads_the_xlsx(
    page: Page, live_server, demo_data, tmp_path
):
    from crm.models import AcquisitionCase

    login(page, live_server.url)
    page.get_by_role("link", name="Auswertungen").first.click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    funnel = page.locator("#table-funnel")
    expect(funnel).to_be_visible()
    expect(page.locator("#chart-funnel")).to_be_visible()
    # The chart script sits at the end of the page: the canvas shows before it has run.
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-funnel') !== undefined")

    # Whole-period view, then only referrals.
    page.get_by_label("Eröffnet ab").fill("")
    page.get_by_label("Quelle").select_option("referral")
    page.get_by_role("button", name="Filtern").click()
    expect(page).to_have_url(re.compile(r"source=referral"))
    referrals = AcquisitionCase.objects.filter(source="referral", pipeline__is_default=True).count()
    assert referrals
    first_row = funnel.locator("tbody tr").first
    expect(first_row.locator("td").first).to_have_text(re.compile(rf"^\s*{referrals}\s*$"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = load_workbook(target).worksheets[0]
    assert sheet.cell(row=2, column=2).value == referrals

    # The figure opens the list of exactly those cases.
    first_row.locator("td").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/pipeline/cases/\?.*source=referral"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(referrals))
