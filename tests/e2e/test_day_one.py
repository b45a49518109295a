"""Journeys of the first day: a company found however its name is typed, three cases
handed to a colleague at once."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_board import LAPTOP, PHONE, shoot
from tests.e2e.test_reports import login


def test_baeckerei_typed_in_the_referral_form_finds_the_baeckerei(
    page: Page, live_server, demo_data
):
    from companies.models import Company

    bakery = Company.objects.filter(legal_name__startswith="Bäckerei").order_by("pk").first()
    assert bakery, "the demo data has a Bäckerei"
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/pipeline/referral/")
    page.locator("select[name=company] + .ts-wrapper .ts-control").click()
    page.keyboard.type("baeckerei", delay=30)
    option = page.locator(".ts-dropdown.single .option", has_text=bakery.legal_name).first
    expect(option).to_be_visible()
    # Every suggestion is a Bäckerei, whichever way its name is spelled.
    for text in page.locator(".ts-dropdown.single .option").all_inner_texts():
        assert re.search(r"b(ä|ae|a)ckerei", text, re.IGNORECASE), text
    shoot(page, "picker-baeckerei")
    option.click()
    assert page.locator("select[name=company]").input_value() == str(bakery.pk)
    expect(page.locator("select[name=company] + .ts-wrapper .item")).to_contain_text(
        bakery.legal_name
    )
    page.set_viewport_size(PHONE)
    shoot(page, "picker-baeckerei")


def test_a_lead_hands_three_cases_to_a_colleague_at_once(page: Page, live_server, demo_data):
    from django.contrib.auth import get_user_model

    from crm.models import AcquisitionCase

    ben = get_user_model().objects.get(username="ben")
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "lea")
    page.goto(f"{live_server.url}/pipeline/cases/?state=in_play")
    boxes = page.locator("input[data-bulk-case]")
    expect(boxes.first).to_be_visible()
    chosen = []
    for index in range(3):
        box = boxes.nth(index)
        box.check()
        chosen.append(int(box.get_attribute("value") or 0))
    expect(page.locator("[data-bulk-count]")).to_contain_text("3")
    bulk = page.get_by_test_id("case-bulk")
    bulk.get_by_label("Zuständig").select_option(str(ben.pk))
    shoot(page, "case-bulk")
    bulk.get_by_role("button", name="Neu zuweisen").click()
    expect(page.locator(".alert-success")).to_contain_text("3 Fälle")
    assert set(
        AcquisitionCase.objects.filter(pk__in=chosen).values_list("owner_id", flat=True)
    ) == {ben.pk}
    page.set_viewport_size(PHONE)
    shoot(page, "case-bulk-done")
