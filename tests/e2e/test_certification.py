"""Journeys: a re-certification round with the jury's review and a generated certificate;
a mentoring pair suggested, explained and created."""

import io
import re
from pathlib import Path

import docx
from playwright.sync_api import Page, expect

from tests.e2e.test_pipeline import login

SCREENSHOTS = Path("var/screenshots")
VIEWPORTS = {"desktop": (1366, 800), "phone": (390, 844)}


def _shots(page: Page, name: str) -> None:
    """Screenshots at both widths; no page is wider than its viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"certification-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})


def _pending_recertification():
    from certification.models import Application

    found = (
        Application.objects.filter(kind="recertification", decision="")
        .select_related("company", "round")
        .first()
    )
    assert found is not None, "the demo has a re-certification under review"
    return found


def test_a_recertification_is_reviewed_decided_and_certified(page: Page, live_server, demo_data):
    application = _pending_recertification()
    company = application.company.full_name
    login(page, live_server.url, "lea")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.locator("[data-testid=nav-certification]").click()
    expect(page.locator("h1")).to_have_text("Zertifizierung")
    page.get_by_role("link", name=f"Zertifizierungsrunde {application.round.year}").click()
    page.get_by_role("link", name=company).click()
    expect(page.locator("h1")).to_have_text(company)

    # The jury cannot decide while a committed measure has no review.
    page.get_by_role("link", name="Entscheidung der Jury erfassen").click()
    page.get_by_label("Zertifiziert", exact=True).check()
    page.get_by_role("button", name="Entscheidung erfassen").click()
    expect(page.locator("main form")).to_contain_text("noch nicht jede zugesagte Maßnahme geprüft")
    _shots(page, "decision-refused")

    # Review every measure still open, then decide.
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    while page.locator("#reviews tbody tr:not(:has(.badge))").count():
        row = page.locator("#reviews tbody tr:not(:has(.badge))").first
        row.get_by_label("Umgesetzt", exact=True).check()
        row.get_by_placeholder("Notizen").fill("Vor Ort geprüft")
        row.get_by_role("button", name="Prüfung speichern").click()
        expect(page.locator(".alert-success")).to_contain_text("Prüfung gespeichert")
    _shots(page, "reviews")
    page.get_by_role("link", name="Entscheidung der Jury erfassen").click()
    page.get_by_label("Zertifiziert", exact=True).check()
    page.get_by_role("button", name="Entscheidung erfassen").click()
    expect(page.locator(".alert-success")).to_contain_text("Entscheidung erfasst")
    expect(page.locator("main")).to_contain_text("Rezertifizierung fällig am")

    with page.expect_download() as info:
        page.locator("[data-testid=certificate-download]").click()
    download = info.value
    assert re.match(r"zertifikat-\d{4}-.+\.docx$", download.suggested_filename)
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert company in text
    assert "Familienfreundliches Unternehmen" in text

    with page.expect_download() as info:
        page.locator("[data-testid=letter-download]").click()
    letter = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    letter_text = "\n".join(p.text for p in letter.paragraphs)
    assert "Entscheidung der Jury" in letter_text
    _shots(page, "decided")

    # The company page shows the new certificate.
    page.goto(f"{live_server.url}{application.company.get_absolute_url()}")
    expect(page.locator("[data-testid=certification-status]")).to_contain_text("Zertifiziert am")


def test_a_mentoring_pair_is_suggested_explained_and_created(page: Page, live_server, demo_data):
    from certification.models import Programme, Tandem

    programme = Programme.objects.get()
    login(page, live_server.url, "lea")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/certification/")
    page.get_by_role("link", name="Mentoring", exact=True).click()
    page.get_by_role("link", name=programme.name).click()
    suggestion = page.locator("[data-testid=suggestion]").first
    expect(suggestion).to_be_visible()
    explanation = suggestion.locator("[data-testid=explanation]").inner_text()
    assert re.search(
        r"im selben Ort|im selben Landkreis|in der Nähe|Region|weiter entfernt|Ort unbekannt",
        explanation,
    )
    _shots(page, "suggestions")
    before = Tandem.objects.count()
    suggestion.get_by_role("button", name="Tandem bilden").click()
    expect(page.locator(".alert-success")).to_contain_text("Tandem gebildet")
    expect(page.locator("main")).to_contain_text(explanation)
    assert Tandem.objects.count() == before + 1

    page.get_by_label("Thema").fill("Erstes Kennenlernen im Betrieb")
    page.get_by_role("button", name="Treffen erfassen").click()
    expect(page.locator(".alert-success")).to_contain_text("Treffen erfasst")
    expect(page.locator("main")).to_contain_text("Erstes Kennenlernen im Betrieb")
    _shots(page, "tandem")
