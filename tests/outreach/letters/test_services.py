"""Letters of a case and of a campaign: versions, touchpoints, the notice, the batch."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from benefits.models import BenefitStatement
from outreach import services
from outreach.letters import services as letter_services
from outreach.models import (
    Campaign,
    CampaignItem,
    Letter,
    LetterBatch,
    LetterTemplate,
    OutreachFlag,
    Touchpoint,
)
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    NeedsProfileFactory,
    TouchpointFactory,
)

STATEMENT = (
    "wie Sie im Gespräch mit der IHK erwähnten, suchen Sie Fachkräfte.\n\n"
    "Familienfreundliche Schichtpläne helfen Ihnen dabei."
)


def _statement(case, status=BenefitStatement.Status.APPROVED, text=STATEMENT):
    return BenefitStatement.objects.create(
        team=case.team, company=case.company, text=text, status=status
    )


@pytest.fixture
def prepared(case):
    """A case ready for a letter: needs profile, named contact, approved statement."""
    NeedsProfileFactory(company=case.company)
    _statement(case)
    return ContactFactory(
        company=case.company, salutation="frau", title="Dr.", first_name="Petra", last_name="Schulz"
    )


def _docx_text(letter: Letter) -> str:
    with letter.file.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def test_letter_is_generated_logged_and_stored(case, staff, prepared):
    letter = letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    assert letter.version == 1
    assert letter.first_letter
    touchpoint = letter.touchpoint
    assert touchpoint.channel == "letter"
    assert touchpoint.case == case
    assert touchpoint.contact == prepared
    assert touchpoint.is_first_outbound
    # The checks read what was printed: the statement's text is in the touchpoint.
    assert "Familienfreundliche Schichtpläne" in touchpoint.text
    text = _docx_text(letter)
    assert "Sehr geehrte Frau Dr. Schulz," in text
    assert "Familienfreundliche Schichtpläne helfen Ihnen dabei." in text
    assert "Hinweise zum Datenschutz" in text


def test_regenerating_makes_a_new_version_and_keeps_the_old(case, staff, prepared):
    first = letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    # A second letter minutes after the first warns (rule 9): it goes ahead with a reason.
    second = letter_services.letter_generate(
        case=case,
        by=staff.user,
        contact=prepared,
        subject="Zweiter Anlauf",
        override_reason="Tippfehler im ersten Brief",
    )
    assert (first.version, second.version) == (1, 2)
    assert Letter.objects.filter(case=case).count() == 2
    assert first.file.storage.exists(first.file.name)
    # Only the first letter to a company carries the privacy notice.
    assert not second.first_letter
    assert "Hinweise zum Datenschutz" not in _docx_text(second)
    assert "Zweiter Anlauf" in _docx_text(second)


def test_statement_used_is_the_approved_one_else_the_latest(case, staff):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    _statement(case, status=BenefitStatement.Status.DRAFT, text="Nur ein Entwurf.")
    letter = letter_services.letter_generate(case=case, by=staff.user, contact=contact)
    assert "Nur ein Entwurf." in letter.text
    approved = _statement(case, text="Der freigegebene Text.")
    _statement(case, status=BenefitStatement.Status.DRAFT, text="Ein neuerer Entwurf.")
    letter = letter_services.letter_generate(
        case=case, by=staff.user, contact=contact, override_reason="Neue Fassung"
    )
    assert letter.statement == approved
    assert "Der freigegebene Text." in letter.text


def test_a_letter_marks_its_approved_statement_sent_with_the_date_and_on_the_timeline(
    case, staff, prepared
):
    from django.utils import translation

    from crm import timeline

    statement = BenefitStatement.objects.get(company=case.company)

    letter = letter_services.letter_generate(case=case, by=staff.user, contact=prepared)

    statement.refresh_from_db()
    assert letter.statement == statement
    assert statement.status == BenefitStatement.Status.SENT
    assert statement.sent_at is not None
    assert statement.sent_at.date() == letter.created_at.date()
    event = statement.events.get(kind="sent")
    assert event.by == staff.user
    with translation.override("en"):
        titles = [entry.title for entry in timeline.entries(case)]
    assert any("Marked as sent" in title for title in titles)


def test_a_second_letter_leaves_the_sent_statement_as_it_was(case, staff, prepared):
    letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    statement = BenefitStatement.objects.get(company=case.company)
    sent_at = statement.sent_at

    letter_services.letter_generate(
        case=case, by=staff.user, contact=prepared, override_reason="Neue Fassung"
    )

    statement.refresh_from_db()
    assert statement.sent_at == sent_at
    assert statement.events.filter(kind="sent").count() == 1


def test_a_letter_with_a_draft_statement_leaves_it_a_draft(case, staff):
    NeedsProfileFactory(company=case.company)
    statement = _statement(case, status=BenefitStatement.Status.DRAFT)
    contact = ContactFactory(company=case.company, salutation="frau", last_name="Schulz")

    letter_services.letter_generate(case=case, by=staff.user, contact=contact)

    statement.refresh_from_db()
    assert statement.status == BenefitStatement.Status.DRAFT
    assert statement.sent_at is None


def test_without_statement_or_address_nothing_is_made(case, staff):
    with pytest.raises(ValidationError) as error:
        letter_services.letter_generate(case=case, by=staff.user)
    assert error.value.messages == [str(letter_services.NO_STATEMENT)]
    _statement(case)
    case.company.street = ""
    case.company.save()
    with pytest.raises(ValidationError) as error:
        letter_services.letter_generate(case=case, by=staff.user)
    assert error.value.messages == [str(letter_services.NO_ADDRESS)]
    assert not Letter.objects.exists()
    assert not Touchpoint.objects.exists()


def test_warnings_need_a_reason_and_then_the_letter_goes(case, staff):
    _statement(case)  # no needs profile, no named person: the rules warn
    with pytest.raises(services.OutreachChecked) as checked:
        letter_services.letter_generate(case=case, by=staff.user)
    assert not checked.value.blocked
    assert not Letter.objects.exists()
    assert not Touchpoint.objects.exists()
    letter = letter_services.letter_generate(
        case=case, by=staff.user, override_reason="Der Geschäftsführer bat um Post."
    )
    assert "Sehr geehrte Damen und Herren," in letter.text
    assert OutreachFlag.objects.filter(touchpoint=letter.touchpoint).exists()


def test_contact_of_another_company_or_objected_is_refused(case, staff, prepared):
    stranger = ContactFactory(company=CompanyFactory(team=case.team))
    with pytest.raises(ValidationError) as error:
        letter_services.letter_generate(case=case, by=staff.user, contact=stranger)
    assert "contact" in error.value.message_dict
    prepared.do_not_contact = True
    prepared.save()
    with pytest.raises(ValidationError) as error:
        letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    assert error.value.message_dict["contact"] == [str(letter_services.CONTACT_OBJECTED)]


def test_an_earlier_contact_means_no_privacy_notice(case, staff, prepared):
    TouchpointFactory(company=case.company, case=case)
    letter = letter_services.letter_generate(
        case=case, by=staff.user, contact=prepared, override_reason="Wie besprochen"
    )
    assert not letter.first_letter


# -- templates ----------------------------------------------------------------------
def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_template_upload_checks_and_stores(team, lead):
    upload = SimpleUploadedFile("brief.docx", _docx("{{ company.name }}", "{{ statement.body }}"))
    template = letter_services.letter_template_upload(
        team=team, by=lead.user, name="Hausbrief", file=upload
    )
    assert template.placeholders == ["company.name", "statement.body"]
    assert template.file.name.endswith(".docx")


def test_template_upload_refuses_unknown_placeholders(team, lead):
    upload = SimpleUploadedFile("brief.docx", _docx("{{ firma }}"))
    with pytest.raises(ValidationError) as error:
        letter_services.letter_template_upload(team=team, by=lead.user, name="X", file=upload)
    assert "{{ firma }}" in error.value.message_dict["file"][0]
    assert not LetterTemplate.objects.exists()


def test_template_upload_is_for_leads(team, staff):
    upload = SimpleUploadedFile("brief.docx", _docx("Hallo"))
    with pytest.raises(PermissionDenied):
        letter_services.letter_template_upload(team=team, by=staff.user, name="X", file=upload)


def test_letter_on_a_team_template(case, staff, lead, prepared):
    upload = SimpleUploadedFile(
        "brief.docx",
        _docx("An {{ company.name }}", "{{ contact.salutation }}", "{{ statement.body }}"),
    )
    template = letter_services.letter_template_upload(
        team=case.team, by=lead.user, name="Hausbrief", file=upload
    )
    letter = letter_services.letter_generate(
        case=case, by=staff.user, contact=prepared, template=template
    )
    text = _docx_text(letter)
    assert text.startswith(f"An {case.company.full_name}\nSehr geehrte Frau Dr. Schulz,")
    assert letter.touchpoint.template == template
    assert "Familienfreundliche Schichtpläne" in letter.touchpoint.text


# -- batches ------------------------------------------------------------------------
def _campaign(team, lead, cases, status=Campaign.Status.APPROVED):
    campaign = Campaign.objects.create(
        team=team,
        name="Herbstbriefe",
        subject="Familienfreundlich",
        status=status,
        created_by=lead.user,
    )
    for case in cases:
        CampaignItem.objects.create(
            campaign=campaign,
            case=case,
            contact=ContactFactory(company=case.company),
            text=f"Ein Text für {case.company.legal_name}.\n\nZweiter Absatz.",
        )
    return campaign


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a batch and run its task (eager Celery) once the transaction commits."""

    def run(campaign, by):
        with django_capture_on_commit_callbacks(execute=True):
            batch = letter_services.letter_batch_start(campaign=campaign, by=by)
        batch.refresh_from_db()
        return batch

    return run


@pytest.fixture
def cases(team, staff):
    return [
        AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name=f"Firma {n}")
        for n in range(4)
    ]


def test_batch_makes_every_letter_a_zip_and_sends_the_campaign(team, lead, cases, start):
    campaign = _campaign(team, lead, cases)
    batch = start(campaign, lead.user)
    assert batch.status == LetterBatch.Status.DONE
    assert (batch.total, batch.processed, batch.produced) == (4, 4, 4)
    assert Touchpoint.objects.filter(campaign=campaign).count() == 4
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    with batch.archive.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert len(names) == 4
        docx.Document(io.BytesIO(archive.read(names[0])))
    letter = Letter.objects.get(campaign_item__case=cases[0])
    assert "Ein Text für Firma 0." in _docx_text(letter)
    assert letter.first_letter


def test_batch_marks_the_approved_statements_of_its_letters_sent(team, lead, cases, start):
    approved = _statement(cases[0])
    campaign = _campaign(team, lead, cases)
    campaign.items.filter(case=cases[0]).update(statement=approved)

    start(campaign, lead.user)
    start(campaign, lead.user)  # run again: nothing changes twice

    approved.refresh_from_db()
    assert approved.status == BenefitStatement.Status.SENT
    assert approved.sent_at is not None
    assert approved.events.filter(kind="sent").count() == 1


def test_batch_rerun_creates_no_second_touchpoint(team, lead, cases, start):
    campaign = _campaign(team, lead, cases)
    start(campaign, lead.user)
    again = start(campaign, lead.user)
    assert again.status == LetterBatch.Status.DONE
    assert again.produced == 4
    assert Touchpoint.objects.filter(campaign=campaign).count() == 4
    assert Letter.objects.filter(campaign_item__campaign=campaign).count() == 4
    assert again.archive


def test_batch_resumes_after_the_worker_died(team, lead, cases, start, monkeypatch):
    campaign = _campaign(team, lead, cases)
    real = letter_services._item_letter
    made = []

    def dies_on_the_third(**kwargs):
        if len(made) == 2:
            raise SystemExit("worker killed")  # not an Exception: nothing catches it
        made.append(kwargs["item"].pk)
        return real(**kwargs)

    monkeypatch.setattr(letter_services, "_item_letter", dies_on_the_third)
    with pytest.raises(SystemExit):
        start(campaign, lead.user)
    batch = LetterBatch.objects.get()
    assert batch.status == LetterBatch.Status.RUNNING
    assert Letter.objects.count() == 2
    monkeypatch.setattr(letter_services, "_item_letter", real)
    # A running batch is left alone until it stalls; then a rerun finishes the rest.
    assert start(campaign, lead.user).pk == batch.pk
    assert Letter.objects.count() == 2
    LetterBatch.objects.filter(pk=batch.pk).update(
        updated_at=batch.updated_at - letter_services.BATCH_STALLED_AFTER * 2
    )
    batch = start(campaign, lead.user)
    assert batch.status == LetterBatch.Status.DONE
    assert Letter.objects.count() == 4
    assert Touchpoint.objects.filter(campaign=campaign).count() == 4


def test_batch_skips_a_recipient_without_address_by_name(team, lead, cases, start):
    cases[1].company.street = ""
    cases[1].company.save()
    campaign = _campaign(team, lead, cases)
    batch = start(campaign, lead.user)
    assert batch.status == LetterBatch.Status.DONE
    assert batch.produced == 3
    assert batch.skipped == [
        {
            "item": campaign.items.get(case=cases[1]).pk,
            "name": cases[1].company.full_name,
            "reason": str(letter_services.SKIP_NO_ADDRESS),
        }
    ]
    assert not Touchpoint.objects.filter(case=cases[1]).exists()


def test_batch_task_is_registered_under_the_name_the_service_enqueues():
    from crm.celery import app

    # The name is what queued messages carry: it stays as it was before the move.
    assert letter_services.LETTER_BATCH_TASK == "outreach.tasks.letter_batch_run"
    assert app.tasks[letter_services.LETTER_BATCH_TASK].name == letter_services.LETTER_BATCH_TASK


def test_batch_refuses_unapproved_or_blocked_campaigns(team, lead, cases, start):
    draft = _campaign(team, lead, cases[:1], status=Campaign.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        start(draft, lead.user)
    assert error.value.messages == [str(services.CAMPAIGN_NOT_APPROVED)]
    draft.status = Campaign.Status.APPROVED
    draft.save()
    OutreachFlag.objects.create(
        team=team, key="x", rule="objection", severity="block", campaign=draft
    )
    with pytest.raises(ValidationError) as error:
        start(draft, lead.user)
    assert error.value.messages == [str(services.CAMPAIGN_BLOCKED)]
    assert not LetterBatch.objects.exists()


# -- letterhead -----------------------------------------------------------------------
def test_letterhead_logo_and_form_a_reach_the_letter(case, staff, lead, prepared):
    from docx.oxml.ns import qn

    from tests.outreach.letters.test_din5008 import _png

    letter_services.letter_settings_update(
        team=case.team,
        by=lead.user,
        sender_name="Lokales Bündnis für Familie",
        street="Markt 1",
        postal_code="08056",
        city="Zwickau",
        form="A",
        footer="Sparkasse Zwickau\nAmtsgericht Chemnitz VR 1234",
        logo=SimpleUploadedFile("logo.png", _png(40, 20), content_type="image/png"),
    )
    letter = letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    with letter.file.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    body = document.element.body
    assert body.findall(f".//{qn('a:blip')}")  # the logo
    footer = [p.text for p in document.sections[0].first_page_footer.paragraphs]
    assert footer == ["Sparkasse Zwickau", "Amtsgericht Chemnitz VR 1234"]
    # Form A: the address field starts 27 mm from the top (27 mm + 17.7 mm return zone).
    offsets = [
        int(anchor.find(f"{qn('wp:positionV')}/{qn('wp:posOffset')}").text)
        for anchor in body.iter(qn("wp:anchor"))
        if anchor.find(qn("wp:docPr")).get("name") == "Return address"
    ]
    assert offsets == [27 * 36_000]


def test_a_logo_that_cannot_be_read_leaves_the_letter_without_it(case, staff, lead, prepared):
    """A stored logo that went bad (the upload form checks new ones) costs the letter its
    logo, not the letter: the one logo reader serves every kind of letter."""
    from django.core.files.base import ContentFile
    from docx.oxml.ns import qn

    from outreach.letters import selectors as letter_selectors

    settings = letter_selectors.letter_settings_for_team(team=case.team)
    settings.logo.save("logo.png", ContentFile(b"not a picture"), save=True)
    letter = letter_services.letter_generate(case=case, by=staff.user, contact=prepared)
    with letter.file.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    assert not document.element.body.findall(f".//{qn('a:blip')}")
    assert letter.text  # the letter itself was made


def test_letterhead_is_for_leads(team, staff):
    with pytest.raises(PermissionDenied):
        letter_services.letter_settings_update(team=team, by=staff.user, sender_name="X")


def test_admin_template_form_runs_the_same_check(team):
    from outreach.letters.forms import LetterTemplateAdminForm

    form = LetterTemplateAdminForm(
        data={"team": team.pk, "name": "Hausbrief", "is_active": True},
        files={"file": SimpleUploadedFile("brief.docx", _docx("{{ firma.name }}"))},
    )
    assert not form.is_valid()
    assert "{{ firma.name }}" in form.errors["file"][0]
