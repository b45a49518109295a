"""Journey: the whole board on a laptop, a card dragged to "Abgesagt", a next step edited on
its card; the board as a list of stages on a phone."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from crm import requirements
from tests.e2e.test_pipeline import column, drag, login

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def no_stage_requirements(monkeypatch):
    monkeypatch.setattr(requirements, "_REGISTRY", {})


def shoot(page: Page, name: str) -> None:
    """A screenshot for the CI artifacts, after checking nothing scrolls sideways."""
    size = page.viewport_size
    assert size
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= size["width"], f"{name}: {page_width} px wide at {size['width']}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"))


def in_viewport(page: Page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box
    assert size
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_long_company_name_breaks_inside_its_card(page: Page, live_server, demo_data, size):
    from django.contrib.auth import get_user_model

    from crm.demo.team import TEAM_SLUG
    from crm.models import Team
    from tests.factories import AcquisitionCaseFactory

    anna = get_user_model().objects.get(username="anna")
    for name in (
        "Praxis für Ergotherapie Dr. Zimmermann UG (haftungsbeschränkt)",
        "Rechtsanwaltskanzleigemeinschaft Möchlichen GmbH",
    ):
        AcquisitionCaseFactory(
            team=Team.objects.get(slug=TEAM_SLUG), owner=anna, company__legal_name=name
        )
    login(page, live_server.url)
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/pipeline/")
    title = page.locator(".case-card-title", has_text="Rechtsanwaltskanzleigemeinschaft")
    expect(title).to_be_visible()
    wider = page.evaluate(
        "[...document.querySelectorAll('.case-card')]"
        ".filter(card => card.scrollWidth > card.clientWidth + 1)"
        ".map(card => card.querySelector('.case-card-title').textContent.trim())"
    )
    assert wider == []


def test_the_whole_board_fits_a_laptop_and_a_card_goes_to_lost_by_its_title(
    page: Page, live_server, demo_data
):
    login(page, live_server.url)
    page.goto(f"{live_server.url}/pipeline/")

    headers = page.locator(".board-column-header h2")
    stages = headers.all_inner_texts()
    assert len(stages) == 8
    assert {"Hinweis/Empfehlung", "Partnerschaft", "Abgesagt", "Zurückgestellt"} <= set(stages)
    for header in headers.all():
        assert in_viewport(page, header), header.inner_text()
    shoot(page, "board")

    # Scrolled down, the headers and the rail of won, lost and on hold stay in view.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    for header in headers.all():
        assert in_viewport(page, header), header.inner_text()

    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    source, lost = column(page, "Hinweis/Empfehlung"), column(page, "Abgesagt")
    card = source.locator(".case-card").first
    title = card.locator(".case-card-title")
    company = title.inner_text()
    # Grabbed by its title (a link): a card drags from anywhere.
    drag(page, title, lost, grab_left=True)

    dialog = page.locator("#case-modal")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(company)
    shoot(page, "board-lost-dialog")
    dialog.locator("select[name=lost_reason]").select_option(label="Keine Kapazität")
    dialog.locator("button[type=submit]").click()

    expect(dialog).to_be_hidden()
    expect(page.locator("#board .alert-success")).to_contain_text(company)
    expect(source.locator(".case-card", has_text=company)).to_have_count(0)
    # The rail shows its cards on demand.
    page.locator(".board-column-lost").get_by_role("button", name="Karten zeigen").click()
    expect(lost.locator(".case-card", has_text=company)).to_be_visible()


def test_a_next_step_is_edited_on_its_card(page: Page, live_server, demo_data):
    login(page, live_server.url)
    page.goto(f"{live_server.url}/pipeline/")

    card = column(page, "Vorbereitet").locator(".case-card").first
    company = card.locator(".case-card-title").inner_text()
    card.get_by_role("button", name=f"Nächsten Schritt von {company} bearbeiten").click()
    step = card.get_by_label("Nächster Schritt")
    expect(step).to_be_focused()

    # A date in the past is refused in place; nothing is saved.
    step.fill("Termin mit der Geschäftsführung")
    card.get_by_label("Fällig").fill("2020-01-01")
    card.get_by_role("button", name="Speichern").click()
    expect(card.locator(".invalid-feedback")).to_be_visible()
    expect(card.get_by_label("Nächster Schritt")).to_have_value("Termin mit der Geschäftsführung")
    shoot(page, "board-next-step-refused")

    card.get_by_label("Fällig").fill("2099-05-04")
    card.get_by_role("button", name="Speichern").click()
    saved = page.locator(".case-card", has_text=company)
    expect(saved.locator(".case-card-step")).to_contain_text("Termin mit der Geschäftsführung")
    expect(saved.locator(".case-card-step")).to_contain_text("04.05.2099")
    expect(saved.locator("[data-testid=next-step-form]")).to_have_count(0)

    # Escape leaves an edit without saving.
    saved.locator("[data-testid=next-step-edit]").click()
    # The form is ready once it took the focus (htmx has set it up, its cancel button too).
    expect(saved.get_by_label("Nächster Schritt")).to_be_focused()
    saved.get_by_label("Nächster Schritt").fill("Verworfen")
    saved.get_by_label("Nächster Schritt").press("Escape")
    expect(page.locator("[data-testid=next-step-form]")).to_have_count(0)
    expect(page.locator(".case-card", has_text=company)).not_to_contain_text("Verworfen")

    # The case page shows what the card saved.
    page.locator(".case-card", has_text=company).locator(".case-card-title").click()
    expect(page.locator("#next-step")).to_contain_text("Termin mit der Geschäftsführung")
    shoot(page, "case-next-step")


def test_on_a_phone_the_board_is_a_list_of_stages(page: Page, live_server, demo_data):
    login(page, live_server.url)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/pipeline/")

    columns = page.locator(".board-column")
    expect(columns).to_have_count(8)
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert first
    assert second
    assert second["y"] > first["y"] + first["height"] - 1  # one below the other
    assert first["width"] <= PHONE["width"]
    shoot(page, "board")

    # A stage further down is one tap away, and its cards can be moved without dragging.
    page.locator(".board-jump a", has_text="Zurückgestellt").click()
    expect(page.locator(".board-column-paused .board-column-header")).to_be_in_viewport()
    card = page.locator(".board-column-open .case-card").last
    card.scroll_into_view_if_needed()
    card.locator(".case-card-move summary").click()
    expect(card.get_by_label("Verschieben nach")).to_be_visible()
    shoot(page, "board-move-form")
