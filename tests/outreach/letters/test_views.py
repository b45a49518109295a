"""The letter pages: preview, generate with the checks, download, letterhead, batches."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benefits.models import BenefitStatement
from outreach import services
from outreach.letters import services as letter_services
from outreach.letters.forms import LOGO_NOT_IMAGE
from outreach.models import (
    Campaign,
    CampaignItem,
    Letter,
    LetterSettings,
    LetterTemplate,
    OutreachFlag,
)
from tests.factories import AcquisitionCaseFactory, ContactFactory, NeedsProfileFactory


def _statement(case, text="Familienfreundliche Schichtpläne helfen Ihnen."):
    return BenefitStatement.objects.create(
        team=case.team, company=case.company, text=text, status="approved"
    )


@pytest.fixture
def ready(case):
    NeedsProfileFactory(company=case.company)
    _statement(case)
    return ContactFactory(company=case.company, salutation="herr", last_name="Yilmaz")


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_case_page_shows_the_letters_panel(staff_client, case):
    response = staff_client.get(case.get_absolute_url())
    assert b'data-testid="letters"' in response.content
    assert reverse("outreach:case_letter", args=[case.pk]).encode() in response.content


def test_preview_shows_the_letter_before_anything_is_saved(staff_client, case, ready):
    url = reverse("outreach:case_letter", args=[case.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sehr geehrter Herr Yilmaz," in content
    assert "Familienfreundliche Schichtpläne helfen Ihnen." in content
    assert "Hinweise zum Datenschutz" in content
    assert not Letter.objects.exists()


def test_preview_without_statement_says_what_is_missing(staff_client, case):
    response = staff_client.get(reverse("outreach:case_letter", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["problems"] == [str(letter_services.NO_STATEMENT)]
    assert "letter-generate" not in response.content.decode()


def test_generate_then_download(staff_client, case, ready):
    url = reverse("outreach:case_letter", args=[case.pk])
    response = staff_client.post(url, {"contact": ready.pk, "subject": "Betreff"})
    assert response.status_code == 302
    letter = Letter.objects.get()
    download = staff_client.get(letter.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    blob = b"".join(download.streaming_content)
    texts = [p.text for p in docx.Document(io.BytesIO(blob)).paragraphs]
    assert "Betreff" in texts
    page = staff_client.get(case.get_absolute_url())
    assert b"letter-download" in page.content


def test_warnings_show_in_the_page_and_need_a_reason(staff_client, case):
    _statement(case)  # no needs profile, no contact: the checks warn
    url = reverse("outreach:case_letter", args=[case.pk])
    response = staff_client.post(url, {"subject": "Betreff"})
    assert response.status_code == 200
    assert b'data-testid="findings"' in response.content
    assert not Letter.objects.exists()
    response = staff_client.post(url, {"subject": "Betreff", "go_ahead": "1"})
    assert response.context["form"].errors["override_reason"] == [
        str(services.OVERRIDE_REASON_REQUIRED)
    ]
    response = staff_client.post(
        url, {"subject": "Betreff", "go_ahead": "1", "override_reason": "Auf Wunsch der IHK."}
    )
    assert response.status_code == 302
    assert Letter.objects.get().touchpoint.override_reason == "Auf Wunsch der IHK."


def test_another_teams_letter_and_case_answer_404(staff_client, other_team):
    case = AcquisitionCaseFactory(team=other_team)
    assert staff_client.get(reverse("outreach:case_letter", args=[case.pk])).status_code == 404
    assert staff_client.get(reverse("outreach:letter_download", args=[999])).status_code == 404


def test_nonsense_input_gives_a_message_not_a_500(staff_client, case, ready):
    url = reverse("outreach:case_letter", args=[case.pk])
    response = staff_client.post(url, {"contact": "abc", "template": "99999", "subject": "x" * 500})
    assert response.status_code == 200
    assert not Letter.objects.exists()


def test_letterhead_settings_for_leads(lead_client, staff_client, team):
    url = reverse("outreach:letter_settings")
    assert staff_client.get(url).status_code == 403
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(
        url,
        {
            "sender_name": "KZ Westsachsen",
            "street": "Markt 1",
            "postal_code": "08056",
            "city": "Zwickau",
            "logo_width_mm": "35",
            "footer": "Sparkasse Zwickau\nAmtsgericht Chemnitz",
            "form": "A",
            "subject": "Betreff",
            "privacy_notice": "Woher wir Ihre Daten haben …",
        },
    )
    assert response.status_code == 302
    settings = LetterSettings.objects.get(team=team)
    assert (settings.form, settings.logo_width_mm) == ("A", 35)


def test_logo_that_is_not_an_image_is_refused(lead_client, team):
    response = lead_client.post(
        reverse("outreach:letter_settings"),
        {
            "sender_name": "KZ",
            "logo_width_mm": "40",
            "form": "B",
            "subject": "Betreff",
            "privacy_notice": "x",
            "logo": SimpleUploadedFile("logo.png", b"not a png"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [str(LOGO_NOT_IMAGE)]
    assert not LetterSettings.objects.exists()


def test_template_upload_names_the_unknown_placeholder(lead_client, team):
    url = reverse("outreach:letter_settings")
    response = lead_client.post(
        url,
        {
            "upload": "1",
            "name": "Hausbrief",
            "file": SimpleUploadedFile("brief.docx", _docx("{{ company.nmae }}")),
        },
    )
    assert response.status_code == 200
    (error,) = response.context["upload_form"].errors["file"]
    assert "{{ company.nmae }}" in error
    assert "company.name" in error
    assert "{{ company.nmae }}" in response.content.decode()
    assert not LetterTemplate.objects.exists()
    response = lead_client.post(
        url,
        {
            "upload": "1",
            "name": "Hausbrief",
            "file": SimpleUploadedFile("brief.docx", _docx("{{ company.name }}")),
        },
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.get().placeholders == ["company.name"]


@pytest.mark.django_db
def test_campaign_batch_from_the_campaign_page(
    lead_client, team, lead, staff, django_capture_on_commit_callbacks
):
    campaign = Campaign.objects.create(
        team=team, name="Herbst", status=Campaign.Status.APPROVED, created_by=lead.user
    )
    for n in range(3):
        case = AcquisitionCaseFactory(team=team, owner=staff.user)
        CampaignItem.objects.create(campaign=campaign, case=case, text=f"Text {n}.")
    page = lead_client.get(campaign.get_absolute_url())
    assert b'data-testid="letter-batch-start"' in page.content
    url = reverse("outreach:campaign_letters", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"letter-batch-done" in lead_client.get(url, HTTP_HX_REQUEST="true").content
    batch = campaign.letter_batches.get()
    download = lead_client.get(reverse("outreach:letter_batch_zip", args=[batch.pk]))
    assert download["Content-Type"] == "application/zip"


def test_case_page_queries_do_not_grow_with_letters(
    staff_client, case, ready, django_assert_max_num_queries
):
    url = reverse("outreach:case_letter", args=[case.pk])
    staff_client.post(url, {"contact": ready.pk, "override_reason": "x"})
    with django_assert_max_num_queries(80) as one:
        first = staff_client.get(case.get_absolute_url())
    assert first.status_code == 200
    count = len(one.captured_queries)
    for _ in range(5):
        staff_client.post(url, {"contact": ready.pk, "override_reason": "x"})
    assert Letter.objects.count() == 6
    with django_assert_max_num_queries(count):
        staff_client.get(case.get_absolute_url())


def test_blocked_campaign_batch_is_refused_in_the_panel(lead_client, team, lead, staff):
    campaign = Campaign.objects.create(
        team=team, name="Gesperrt", status=Campaign.Status.APPROVED, created_by=lead.user
    )
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    CampaignItem.objects.create(campaign=campaign, case=case, text="Text.")
    OutreachFlag.objects.create(
        team=team, key="k", rule="objection", severity="block", campaign=campaign
    )
    url = reverse("outreach:campaign_letters", args=[campaign.pk])
    response = lead_client.post(url, HTTP_HX_REQUEST="true")
    assert response.context["errors"] == [str(services.CAMPAIGN_BLOCKED)]
    assert not campaign.letter_batches.exists()
