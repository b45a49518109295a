"""Journey: a lead produces an access report for a contact, downloads it, then erases the person."""

import io
import json
import re
import zipfile

from playwright.sync_api import Page, expect

from tests.e2e.test_pipeline import login


def _contact():
    from companies.models import Contact

    contact = (
        Contact.objects.exclude(email="")
        .exclude(first_name="")
        .select_related("company")
        .order_by("pk")
        .first()
    )
    assert contact is not None, "the demo data has a named contact with an email"
    return contact


def test_a_lead_downloads_an_access_report_and_erases_the_person(
    page: Page, live_server, demo_data
):
    from companies.models import Contact
    from privacy.models import PrivacyRequest

    contact = _contact()
    name, email = contact.full_name, contact.email
    login(page, live_server.url, username="lea")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/edit/")

    page.locator("[data-testid=access-link]").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/access/$"))
    with page.expect_download() as info:
        page.locator("[data-testid=access-download]").click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    assert {"auskunft.json", "Auskunft.docx"} <= set(archive.namelist())
    assert json.loads(archive.read("auskunft.json"))["stammdaten"]["email"] == email

    page.goto(f"{live_server.url}/contacts/{contact.pk}/edit/")
    page.locator("[data-testid=erase-link]").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/erase/$"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("[data-testid=erasure-plan]")).to_be_visible()
    page.locator("[data-testid=erase-confirm]").click()

    expect(page).to_have_url(re.compile(rf"/companies/{contact.company_id}/"))
    expect(page.locator(".alert-success")).to_contain_text("gelöscht")
    erased = Contact.objects.get(pk=contact.pk)
    assert (erased.last_name, erased.email) == ("gelöschte Person", "")
    kinds = sorted(PrivacyRequest.objects.values_list("kind", flat=True))
    assert kinds == ["erasure", "export"]
