"""Journey: a partner opens their link, recommends a company; staff find the case on the board."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from api import referrals
from companies.models import NetworkPartner

SHOTS = Path("var/screenshots")


def test_a_partner_recommends_a_company_and_staff_see_it_on_the_board(
    page: Page, live_server, demo_data
):
    lead = get_user_model().objects.get(username="lea")
    partner = NetworkPartner.objects.filter(team__memberships__user=lead).first()
    link = referrals.referral_link_issue(partner=partner, by=lead)
    url = live_server.url + reverse("referral_form", args=[referrals.referral_token(link)])
    SHOTS.mkdir(parents=True, exist_ok=True)

    for width, height in ((390, 844), (1366, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(
            page.get_by_role("heading", name="Ich empfehle folgendes Unternehmen")
        ).to_be_visible()
        page.screenshot(path=str(SHOTS / f"referral-form-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_company").fill("Tischlerei Holzwurm Sonnenfeld")
    page.locator("#id_town").fill("Zwickau")
    page.locator("#id_why").fill("Sucht Fachkräfte, junge Belegschaft.")
    page.get_by_label("Ich stelle Sie vor.").check()
    page.get_by_role("button", name="Empfehlung senden").click()
    expect(page.get_by_role("heading", name="Vielen Dank für Ihre Empfehlung")).to_be_visible()
    page.screenshot(path=str(SHOTS / "referral-thanks-1366.png"))

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/pipeline/?q=Holzwurm+Sonnenfeld")
    card = page.locator(".case-card").filter(has_text="Tischlerei Holzwurm Sonnenfeld")
    expect(card).to_be_visible()
    page.screenshot(path=str(SHOTS / "referral-board-1366.png"))


def test_a_won_recommendation_is_thanked_with_a_letter(page: Page, live_server, demo_data):
    """The lead opens the won case a partner recommended, writes the suggested thank-you
    letter with a sentence of her own and downloads it: one greeting, her sentence in it."""
    from datetime import date
    from io import BytesIO

    from docx import Document

    from crm import selectors as crm_selectors
    from crm import services as crm_services
    from crm.models import AcquisitionCase, Partnership, Source

    lead = get_user_model().objects.get(username="lea")
    case = (
        AcquisitionCase.objects.filter(
            team__memberships__user=lead, closed_at__isnull=True, referred_by__isnull=False
        )
        .exclude(source=Source.OWN_RESEARCH)
        .select_related("referred_by", "company")
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo has open cases recommended by a partner"
    case = crm_selectors.case_get(team=case.team, pk=case.pk)
    crm_services.case_win(
        case=case,
        by=lead,
        version=case.version,
        kind=Partnership.Kind.NETWORK_MEMBER,
        started_on=date(2026, 11, 2),
    )
    company, partner = case.company.full_name, case.referred_by.name

    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Benutzername").fill("lea")
    page.get_by_label("Passwort").fill("tandem-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(live_server.url + case.get_absolute_url())
    panel = page.get_by_test_id("thanks-panel")
    expect(panel).to_contain_text(partner)
    expect(panel).to_contain_text(company)
    page.screenshot(path=str(SHOTS / "thanks-panel-1366.png"))

    panel.get_by_test_id("thanks-write").click()
    text = page.get_by_label("Text")
    expect(text).to_contain_text(company)
    for width, height in ((390, 844), (1366, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"thanks-form-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    own = "Beim nächsten Netzwerktreffen möchten wir Sie gern persönlich begrüßen."
    text.fill(text.input_value() + "\n\n" + own)
    page.get_by_test_id("thanks-make").click()

    made = page.get_by_test_id("thanks-made")
    expect(made).to_contain_text("Lea")
    with page.expect_download() as download:
        page.get_by_test_id("thanks-download").click()
    letter = Document(BytesIO(Path(download.value.path()).read_bytes()))
    lines = [p.text.strip() for p in letter.paragraphs if p.text.strip()]
    greetings = [
        line for line in lines if line.startswith(("Sehr geehrte", "Guten Tag", "Liebe", "Lieber"))
    ]
    assert len(greetings) == 1, lines
    assert own in lines
    assert any(company in line for line in lines)
