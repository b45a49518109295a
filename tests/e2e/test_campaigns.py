"""Journey: anna writes a letter campaign, lea approves it, the letters read as one letter each
and the campaign's figures agree with its items."""

import io
import re
import zipfile

import docx
from playwright.sync_api import Page, expect

from tests.e2e.test_pipeline import login

BODY = (
    "wir laden die {company} zum Unternehmerfrühstück im März ein. Dort berichten Betriebe "
    "aus {city}, wie sie mit verlässlichen Schichtplänen Fachkräfte halten."
)
SALUTATIONS = re.compile(r"^(Sehr geehrte|Guten Tag|Liebe|Hallo|Dear)", re.MULTILINE)
CLOSINGS = re.compile(r"^(Mit freundlichen Grüßen|Freundliche Grüße|Viele Grüße)", re.MULTILINE)


def _two_new_cases() -> list[int]:
    """Two companies not contacted yet, each with an address and a named contact person."""
    from django.contrib.auth import get_user_model

    from companies import services as companies_services
    from crm import services as crm_services
    from crm.models import Team

    team = Team.objects.get()
    anna = get_user_model().objects.get(username="anna")
    made = []
    for name, last in (("Tischlerei Kühn", "Kühn"), ("Bäckerei Ott", "Ott")):
        company = companies_services.company_create(
            team=team,
            by=anna,
            legal_name=name,
            legal_form="GmbH",
            street="Marktstraße 4",
            postal_code="04668",
            city="Grimma",
        )
        companies_services.contact_create(
            company=company, by=anna, salutation="herr", first_name="Jonas", last_name=last
        )
        case = crm_services.case_open(
            team=team, company=company, owner=anna, by=anna, source="own_research"
        )
        made.append(case.pk)
    return made


def _approve(campaign_name: str) -> None:
    """lea's part, through the services: every warning acknowledged, then approved."""
    from django.contrib.auth import get_user_model

    from outreach import services
    from outreach.models import Campaign, OutreachFlag

    lea = get_user_model().objects.get(username="lea")
    campaign = Campaign.objects.get(name=campaign_name)
    for flag in OutreachFlag.objects.filter(campaign=campaign, severity="warning", state="open"):
        services.flag_acknowledge(flag=flag, by=lea, note="Im Teamtreffen besprochen")
    services.campaign_approve(campaign=campaign, by=lea)


def test_a_campaign_letter_has_one_salutation_and_one_closing(page: Page, live_server, demo_data):
    cases = _two_new_cases()
    login(page, live_server.url)
    page.goto(f"{live_server.url}/outreach/campaigns/new/")
    page.locator("input[name=name]").fill("Frühstück im März")
    page.locator("input[name=subject]").fill("Einladung zum Unternehmerfrühstück")
    # A letter written whole, as people do: refused at the field.
    page.locator("textarea[name=text]").fill(
        f"Sehr geehrte Damen und Herren,\n{BODY}\n\nMit freundlichen Grüßen"
    )
    page.locator("[name=save]").click()
    error = page.locator("#error_1_id_text, .invalid-feedback").first
    expect(error).to_contain_text("Sehr geehrte Damen und Herren")
    page.locator("textarea[name=text]").fill(BODY)
    page.locator("[name=save]").click()
    expect(page).to_have_url(re.compile(r"/outreach/campaigns/\d+/$"))

    for pk in cases:
        page.locator(f"#case-{pk}").check()
    page.get_by_role("button", name=re.compile("Fälle hinzufügen|Add the chosen cases")).click()
    preview = page.locator("[data-testid=campaign-preview]")
    expect(preview).to_contain_text("Unternehmerfrühstück im März")
    preview_text = preview.inner_text()
    assert len(SALUTATIONS.findall(preview_text)) == 1
    assert len(CLOSINGS.findall(preview_text)) == 1

    page.get_by_role("button", name=re.compile("Zur Prüfung einreichen|Submit for review")).click()
    expect(page.locator("[data-testid=campaign-status]")).to_contain_text(re.compile("Prüfung"))
    _assert_figures_agree(page)

    _approve("Frühstück im März")
    page.reload()
    page.locator("[data-testid=letter-batch-start]").click()
    done = page.locator("[data-testid=letter-batch-done]")
    expect(done).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        done.locator("a").click()
    archive = zipfile.ZipFile(open(info.value.path(), "rb"))  # noqa: SIM115
    names = archive.namelist()
    assert len(names) == 2
    for name in names:
        document = docx.Document(io.BytesIO(archive.read(name)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Unternehmerfrühstück im März" in text
        assert len(SALUTATIONS.findall(text)) == 1, text
        assert len(CLOSINGS.findall(text)) == 1, text
        assert "Sehr geehrte Damen und Herren" not in text


def _assert_figures_agree(page: Page) -> None:
    """The counts on the campaign page are counts of what the page lists."""
    findings = page.locator("[data-testid=campaign-findings]")
    open_flag = "[data-testid=flag][data-state=open]"
    listed_open = page.locator(f"[data-testid=campaign-items] {open_flag}").count()
    listed_open += findings.locator(open_flag).count()
    figure = page.locator("[data-testid=open-findings]")
    shown = int(figure.get_attribute("data-count") or "0")
    assert shown == listed_open
    if listed_open:
        expect(findings).not_to_contain_text(re.compile(r"^Keine\.$", re.MULTILINE))
    # Letters from the common text are never tailored.
    tailored = page.locator("[data-testid=campaign-tailored]")
    expect(tailored).to_have_attribute("data-count", "0")
