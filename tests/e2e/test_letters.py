"""Journey: write a DIN 5008 letter for a case, look at the preview, generate and download it."""

import io
import re

import docx
from playwright.sync_api import Page, expect

from tests.e2e.test_pipeline import login

TEXT = "Familienfreundliche Schichtpläne halten Ihre Fachkräfte in Grimma."


def _case_with_statement():
    from benefits.models import BenefitStatement
    from crm.models import AcquisitionCase

    case = (
        AcquisitionCase.objects.filter(owner__username="anna", closed_at__isnull=True)
        .exclude(company__street="")
        .exclude(company__city="")
        .select_related("company")
        .first()
    )
    assert case is not None, "the demo data has an open case of anna's with an address"
    statement = BenefitStatement.objects.create(
        team=case.team, company=case.company, text=f"{TEXT}\n\nZweiter Absatz.", status="approved"
    )
    return case, statement


def test_generate_a_letter_for_a_case_and_download_the_docx(page: Page, live_server, demo_data):
    from django.utils import formats, timezone, translation

    from benefits.models import BenefitStatement
    from outreach.models import Touchpoint

    case, statement = _case_with_statement()
    first = not Touchpoint.objects.filter(company=case.company, direction="out").exists()
    login(page, live_server.url)
    page.goto(f"{live_server.url}/pipeline/cases/{case.pk}/")

    page.locator("[data-testid=letters] a[href$='/letter/']").click()
    expect(page).to_have_url(re.compile(r"/letter/$"))
    preview = page.locator("[data-testid=letter-preview]")
    expect(preview).to_contain_text(TEXT)
    expect(preview).to_contain_text(case.company.city)

    page.locator("[data-testid=letter-generate]").click()
    # A cold first letter may draw warnings: then a reason lets it go ahead.
    if page.locator("[data-testid=findings]").count():
        page.locator("textarea[name=override_reason]").fill("Die Geschäftsführerin bat um Post.")
        page.locator("button[name=go_ahead]").click()

    expect(page).to_have_url(re.compile(rf"/pipeline/cases/{case.pk}/#letters$"))
    link = page.locator("[data-testid=letters] [data-testid=letter-download]").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith("-v1.docx")
    document = docx.Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in document.paragraphs)
    assert TEXT in text
    # The first letter to a company carries the team's privacy notice (Art. 14, 21 DSGVO).
    assert ("Hinweise zum Datenschutz" in text) == first

    # The statement went out with the letter: it reads "sent", with the date, not "approved".
    statement.refresh_from_db()
    with translation.override("de"):
        sent = str(BenefitStatement.Status.SENT.label)
        day = formats.date_format(timezone.localdate(statement.sent_at), "SHORT_DATE_FORMAT")
    page.goto(f"{live_server.url}{statement.get_absolute_url()}")
    expect(page.locator("main .badge").first).to_have_text(sent)
    expect(page.locator("[data-testid=statement-sent]")).to_contain_text(day)
