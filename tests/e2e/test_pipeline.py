"""Journey: a staff member drags a card to the next stage and finds the move in the timeline."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from crm import requirements


@pytest.fixture(autouse=True)
def no_stage_requirements(monkeypatch):
    """This journey is about moving, not about what "Vorbereitet" requires (a needs profile,
    checked by the benefits app): the live server, in this process, sees no requirement."""
    monkeypatch.setattr(requirements, "_REGISTRY", {})


def login(page: Page, url: str, username: str = "anna") -> None:
    # Wide enough for all eight columns, so that no drag has to scroll the board.
    page.set_viewport_size({"width": 2200, "height": 1000})
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()


def drag(page: Page, card: Locator, target: Locator) -> None:
    """Drag like a hand does: grab the card off its link, move in steps, drop low in the column."""
    start, end = card.bounding_box(), target.bounding_box()
    assert start
    assert end
    x, y = start["x"] + start["width"] - 8, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 5, steps=3)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 10, steps=25)
    page.mouse.up()


def column(page: Page, stage: str) -> Locator:
    """The card list of the stage with this (German, data) name."""
    return (
        page.locator(".board-column")
        .filter(has=page.get_by_role("heading", name=stage, exact=True))
        .locator(".board-cards")
    )


def test_drag_a_card_to_the_next_stage_and_see_it_in_the_timeline(
    page: Page, live_server, demo_data
):
    login(page, live_server.url)
    page.get_by_role("link", name="Pipeline").first.click()
    expect(page).to_have_url(re.compile(r"/pipeline/$"))

    # No app has registered a check for "Vorbereitet" yet, so the move needs nothing.
    source, target = column(page, "Hinweis/Empfehlung"), column(page, "Vorbereitet")
    card = source.locator(".case-card").first
    company = card.locator(".case-card-title").inner_text()
    before = target.locator(".case-card").count()

    drag(page, card, target)

    moved = target.locator(".case-card", has_text=company)
    expect(moved).to_have_count(1)
    expect(target.locator(".case-card")).to_have_count(before + 1)
    expect(page.locator("#board .alert-success")).to_contain_text(company)

    moved.locator(".case-card-title").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(company)
    latest = page.locator("ol.timeline li").first
    expect(latest).to_contain_text("Hinweis/Empfehlung")
    expect(latest).to_contain_text("Vorbereitet")
    expect(latest).to_contain_text("Anna Richter")


def test_dropping_on_lost_asks_for_the_reason_first(page: Page, live_server, demo_data):
    login(page, live_server.url)
    page.goto(f"{live_server.url}/pipeline/")

    source, lost = column(page, "Hinweis/Empfehlung"), column(page, "Abgesagt")
    card = source.locator(".case-card").first
    company = card.locator(".case-card-title").inner_text()

    drag(page, card, lost)

    dialog = page.locator("#case-modal")
    expect(dialog).to_be_visible()
    expect(source.locator(".case-card", has_text=company)).to_have_count(1)  # not moved yet
    dialog.locator("select[name=lost_reason]").select_option(label="Keine Kapazität")
    dialog.locator("button[type=submit]").click()

    expect(dialog).to_be_hidden()
    expect(lost.locator(".case-card", has_text=company)).to_have_count(1)
    expect(source.locator(".case-card", has_text=company)).to_have_count(0)
