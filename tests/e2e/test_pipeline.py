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
    # A common laptop: the whole board fits, won, lost and on hold beside the columns.
    page.set_viewport_size({"width": 1366, "height": 800})
    # No smooth scrolling (Bootstrap's default): a box read mid-scroll would point elsewhere.
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()


def drag(page: Page, handle: Locator, target: Locator, *, grab_left: bool = False) -> None:
    """Drag like a hand does: grab the card (off its link, or by its title), move in steps,
    and hover over the column until the board shows where the card would land, then drop."""
    start = handle.bounding_box()
    assert start
    x = start["x"] + (10 if grab_left else start["width"] - 8)
    y = start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 5, steps=3)
    # The drag has begun once the board marks the card chosen (a slow machine takes a while).
    expect(page.locator(".case-card-chosen")).to_have_count(1)
    ghost = target.locator(".case-card-ghost")
    for attempt in range(20):
        # Read the column where it is now: picking a card up may shift the board.
        end = target.bounding_box()
        assert end
        tx = end["x"] + end["width"] / 2 + attempt % 3
        ty = end["y"] + max(end["height"] - 10, end["height"] / 2)
        page.mouse.move(tx, ty, steps=25 if attempt == 0 else 3)
        if ghost.count():
            break
        page.wait_for_timeout(250)
    expect(ghost).to_have_count(1)
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


def _fresh_case_ready_for_a_letter() -> str:
    """A company opened today by anna, with what a letter needs: profile, person, statement."""
    from django.contrib.auth import get_user_model

    from benefits.models import BenefitStatement
    from companies import services as companies_services
    from crm import services as crm_services
    from crm.models import Team
    from tests.factories import NeedsProfileFactory

    team = Team.objects.get()
    anna = get_user_model().objects.get(username="anna")
    company = companies_services.company_create(
        team=team,
        by=anna,
        legal_name="Gärtnerei Lindenhof",
        legal_form="GmbH",
        street="Lindenweg 3",
        postal_code="04668",
        city="Grimma",
        presumed_consent_reason="Bat auf der Messe um Rückruf",
    )
    companies_services.contact_create(
        company=company, by=anna, salutation="frau", first_name="Jana", last_name="Linde"
    )
    NeedsProfileFactory(company=company)
    BenefitStatement.objects.create(
        team=team, company=company, text="Ferienbetreuung entlastet Ihr Team.", status="approved"
    )
    case = crm_services.case_open(
        team=team, company=company, owner=anna, by=anna, source="own_research"
    )
    return case.get_absolute_url()


def _go_ahead_if_warned(page: Page) -> None:
    if page.locator("[data-testid=findings]").count():
        page.locator("textarea[name=override_reason]").fill("Frau Linde bat darum.")
        page.locator("button[name=go_ahead]").click()


def test_contacts_and_letters_of_today_stand_above_the_opening_without_a_time(
    page: Page, live_server, demo_data
):
    case_url = _fresh_case_ready_for_a_letter()
    login(page, live_server.url)
    page.goto(f"{live_server.url}{case_url}")

    page.locator("[data-testid=touchpoints] a[href$='/touchpoints/new/']").click()
    page.locator("select[name=channel]").select_option("phone")
    page.locator("select[name=contact]").select_option(index=1)
    page.locator("input[name=subject]").fill("Rückruf wegen Ferienbetreuung")
    page.locator("button[name=check]").click()
    _go_ahead_if_warned(page)
    expect(page).to_have_url(re.compile(re.escape(case_url) + "$"))

    page.locator("[data-testid=letters] a[href$='/letter/']").click()
    page.locator("[data-testid=letter-generate]").click()
    _go_ahead_if_warned(page)
    expect(page).to_have_url(re.compile(re.escape(case_url) + "#letters$"))

    entries = page.locator("ol.timeline li")
    expect(entries).to_have_count(4)
    # The letter marked the approved statement as sent, just after it was logged.
    expect(entries.nth(0)).to_contain_text("Nutzenargumentation: Als versendet markiert")
    expect(entries.nth(1)).to_contain_text("Brief an Jana Linde")
    expect(entries.nth(2)).to_contain_text("Rückruf wegen Ferienbetreuung")
    expect(entries.nth(3)).to_contain_text("Eröffnet in „Hinweis/Empfehlung“")
    # A contact carries its day only: no invented time of day beside it.
    expect(entries.nth(1).locator("time")).to_have_text(re.compile(r"^\d\d\.\d\d\.\d{4}$"))
    expect(entries.nth(3).locator("time")).to_have_text(re.compile(r"\d\d:\d\d$"))
