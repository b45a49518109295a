"""Write actions for letters: the letterhead, team templates, single letters and batches.

A letter is logged as a letter touchpoint with its file, so the outreach checks
read what was printed. One case's letters are versions: regenerating adds one,
and the old ones stay. A campaign's letters are made by a background batch that
can be run again at any time: what it made once it does not make twice.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from benefits import services as benefit_services
from companies.models import Company, Contact
from crm import jobs
from crm.access import require_lead
from crm.exports import download_name
from crm.models import AcquisitionCase, Team
from crm.records import fields_assign, unique_or_error
from history import recording
from history.recording import recorded
from outreach import facts, selectors, services
from outreach.letters import compose
from outreach.letters import selectors as letter_selectors
from outreach.models import (
    Campaign,
    CampaignItem,
    Channel,
    Letter,
    LetterBatch,
    LetterSettings,
    LetterTemplate,
    Touchpoint,
)

logger = logging.getLogger(__name__)

NO_STATEMENT = _(
    "This case has no benefit statement yet. Draft one first: the letter is built from it."
)
NO_ADDRESS = _("The company has no postal address. Enter its street and town first.")
CONTACT_OTHER_COMPANY = services.CONTACT_OTHER_COMPANY
CONTACT_OBJECTED = _("This person objected or asked not to be contacted.")
TEMPLATE_UNAVAILABLE = _("Choose an active template of your team.")
CASE_CLOSED = _("This case is closed. Reopen it before writing a letter.")
TEMPLATE_NAME_TAKEN = _("Your team has a template of this name already.")
CAMPAIGN_NOT_LETTERS = _("Only a letter campaign has letters to generate.")
SKIP_NO_ADDRESS = _("no postal address")
SKIP_NO_TEXT = _("no letter text")
SKIP_OBJECTED = _("the contact person objected")
BATCH_FAILED = _("The batch stopped with an error: %(error)s")
SKIP_TEMPLATE = _("the template failed: %(error)s")

# A running batch that has not reported for this long has lost its worker.
BATCH_STALLED_AFTER = timedelta(minutes=2)

# The batch's Celery task, enqueued by name: outreach.tasks calls this module, so this
# module does not import it (the app's ready() does, which registers the task for
# eager runs as well as for the broker).
LETTER_BATCH_TASK = "outreach.tasks.letter_batch_run"


# ------------------------------------------------------------------------------
# Letterhead and templates
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("letter_settings_update")
def letter_settings_update(*, team: Team, by: AbstractBaseUser, **fields: Any) -> LetterSettings:
    """Set the team's letterhead (leads only); `logo=None` keeps the current logo."""
    require_lead(team=team, user=by)
    settings = LetterSettings.objects.select_for_update().filter(team=team).first()
    settings = settings or letter_selectors.letter_settings_for_team(team=team)
    logo = fields.pop("logo", None)
    fields_assign(settings, fields)
    if logo is False:
        settings.logo = None  # type: ignore[assignment]
    elif logo is not None:
        settings.logo.save(logo.name, logo, save=False)
    settings.updated_by_id = by.pk
    settings.full_clean(exclude=["team", "updated_by", "logo"])
    settings.save()
    return settings


@transaction.atomic
@recorded("letter_template_upload")
def letter_template_upload(
    *, team: Team, by: AbstractBaseUser, name: str, file: UploadedFile
) -> LetterTemplate:
    """Add a DOCX template after checking every placeholder in it (leads only)."""
    require_lead(team=team, user=by)
    name = name.strip()
    if LetterTemplate.objects.filter(team=team, name=name).exists():
        raise ValidationError({"name": ValidationError(TEMPLATE_NAME_TAKEN, code="unique")})
    file.seek(0)
    blob = file.read()
    try:
        placeholders = compose.template_check(blob)
    except compose.TemplateError as exc:
        raise ValidationError({"file": ValidationError(exc.message, code="template")}) from exc
    template = LetterTemplate(team=team, name=name, created_by_id=by.pk, placeholders=placeholders)
    template.full_clean(exclude=["team", "created_by", "file"])
    template.file.save(download_name(name, extension="docx"), ContentFile(blob), save=False)
    with unique_or_error("name", TEMPLATE_NAME_TAKEN):
        template.save()
    return template


@transaction.atomic
@recorded("letter_template_set_active")
def letter_template_set_active(
    *, template: LetterTemplate, by: AbstractBaseUser, active: bool
) -> LetterTemplate:
    """Offer a template for new letters, or stop offering it (old letters keep it)."""
    require_lead(team=template.team, user=by)
    template.is_active = active
    template.save(update_fields=["is_active"])
    return template


# ------------------------------------------------------------------------------
# A single letter
# ------------------------------------------------------------------------------
def _first_letter(company: Company) -> bool:
    """True when nothing has gone out to the company yet: the letter carries the notice."""
    return not facts.companies_contacted(company_ids=[company.pk])


@dataclass(frozen=True)
class CaseLetter:
    """What a case's letter will be, before anything is saved (the preview shows it)."""

    draft: compose.LetterDraft
    contact: Contact | None
    template: LetterTemplate | None
    statement_id: int
    first: bool
    # A team template filled in already (so that a template that fails says so here).
    rendered: bytes | None = None

    @property
    def text(self) -> str:
        if self.rendered is None:
            return self.draft.text
        return compose.docx_text(self.rendered)

    def render(self) -> bytes:
        return self.rendered if self.rendered is not None else self.draft.render()


def _template_filled(draft: compose.LetterDraft) -> bytes:
    """The team template filled in; its failure is the template field's error."""
    try:
        return draft.render()
    except compose.TemplateError as exc:
        raise ValidationError(
            {"template": ValidationError(exc.message, code="template_failed")}
        ) from exc


def letter_prepare(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser,
    contact: Contact | None = None,
    template: LetterTemplate | None = None,
    subject: str | None = None,
    on: date | None = None,
) -> CaseLetter:
    """Compose the case's letter from its statement (no writes); refuses what cannot go out."""
    if case.closed_at is not None:
        raise ValidationError(CASE_CLOSED, code="closed")
    errors: dict[str, Any] = {}
    if contact is not None and contact.company_id != case.company_id:
        errors["contact"] = ValidationError(CONTACT_OTHER_COMPANY, code="other_company")
    elif contact is not None and not contact.may_be_contacted:
        errors["contact"] = ValidationError(CONTACT_OBJECTED, code="objected")
    if template is not None and (template.team_id != case.team_id or not template.is_active):
        errors["template"] = ValidationError(TEMPLATE_UNAVAILABLE, code="unavailable")
    if errors:
        raise ValidationError(errors)
    company = case.company
    if not compose.has_postal_address(company):
        raise ValidationError(NO_ADDRESS, code="no_address")
    statement = letter_selectors.statement_for_case(case=case)
    if statement is None:
        raise ValidationError(NO_STATEMENT, code="no_statement")
    settings = letter_selectors.letter_settings_for_team(team=case.team)
    first = _first_letter(company)
    letter = compose.letter_for(
        settings=settings,
        logo=compose.letterhead_logo(settings),
        company=company,
        contact=contact,
        by=by,
        subject=(subject or "").strip() or settings.subject,
        text=statement.text,
        first=first,
        on=on or timezone.localdate(),
        reference=str(case.pk),
        language=statement.language,
    )
    blob = compose.template_blob(template) if template is not None else None
    draft = compose.LetterDraft(letter=letter, template_blob=blob)
    return CaseLetter(
        draft=draft,
        contact=contact,
        template=template,
        statement_id=statement.pk,
        first=first,
        rendered=_template_filled(draft) if blob is not None else None,
    )


def _next_version(case_id: int) -> int:
    # The case row is the lock: two letters of one case at once still count 1, 2.
    AcquisitionCase.objects.select_for_update().filter(pk=case_id).values_list("pk").first()
    latest = Letter.objects.filter(case_id=case_id).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _letter_save(
    *,
    case: AcquisitionCase,
    draft: compose.LetterDraft,
    blob: bytes,
    text: str,
    touchpoint: Touchpoint,
    by: AbstractBaseUser | None,
    contact: Contact | None,
    template: LetterTemplate | None,
    statement_id: int | None,
    first: bool,
    item: CampaignItem | None = None,
    batch: LetterBatch | None = None,
) -> Letter:
    letter = Letter(
        team_id=case.team_id,
        case=case,
        company=case.company,
        contact=contact,
        statement_id=statement_id,
        version=_next_version(case.pk),
        subject=draft.letter.subject[:200],
        text=text,
        first_letter=first,
        template=template,
        touchpoint=touchpoint,
        campaign_item=item,
        batch=batch,
        created_by_id=by.pk if by else None,
    )
    letter.file.save(letter.filename, ContentFile(blob), save=False)
    letter.save()
    if statement_id is not None:
        # The statement went out with this letter: it is sent now, not still "approved".
        benefit_services.statement_sent_with_letter(statement_id=statement_id, by=by)
    return letter


@transaction.atomic
@recorded("letter_generate")
def letter_generate(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser,
    contact: Contact | None = None,
    template: LetterTemplate | None = None,
    subject: str | None = None,
    override_reason: str = "",
) -> Letter:
    """Generate the case's letter as DOCX, log it as a letter touchpoint, store the file.

    Raises `services.OutreachChecked` when the targeting rules block the letter, or
    warn and no `override_reason` was given; nothing is saved then.
    """
    prepared = letter_prepare(case=case, by=by, contact=contact, template=template, subject=subject)
    blob = prepared.render()
    text = prepared.text
    touchpoint = services.touchpoint_log(
        team=case.team,
        company=case.company,
        by=by,
        channel=Channel.LETTER,
        occurred_on=prepared.draft.letter.info.date,
        case=case,
        contact=contact,
        subject=prepared.draft.letter.subject,
        text=text,
        template=template,
        override_reason=override_reason,
    )
    return _letter_save(
        case=case,
        draft=prepared.draft,
        blob=blob,
        text=text,
        touchpoint=touchpoint,
        by=by,
        contact=contact,
        template=template,
        statement_id=prepared.statement_id,
        first=prepared.first,
    )


# ------------------------------------------------------------------------------
# A campaign's letters, in the background
# ------------------------------------------------------------------------------
def _check_campaign(campaign: Campaign) -> None:
    if campaign.channel != Channel.LETTER:
        raise ValidationError(CAMPAIGN_NOT_LETTERS, code="not_letters")
    if campaign.status not in (Campaign.Status.APPROVED, Campaign.Status.SENT):
        raise ValidationError(services.CAMPAIGN_NOT_APPROVED, code="not_approved")
    if selectors.campaign_blocking_flags(campaign=campaign).exists():
        raise ValidationError(services.CAMPAIGN_BLOCKED, code="blocked")


def batch_stalled(batch: LetterBatch, *, now: Any = None) -> bool:
    """A batch that should be running but has not reported for a while (worker lost)."""
    if batch.finished:
        return False
    return (now or timezone.now()) - batch.updated_at > BATCH_STALLED_AFTER


@transaction.atomic
@recorded("letter_batch_start")
def letter_batch_start(*, campaign: Campaign, by: AbstractBaseUser) -> LetterBatch:
    """Generate the campaign's letters in the background, or pick up a batch that stopped.

    Running it again is safe: letters made once are not made again, nor logged twice.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_campaign(campaign)
    batch = letter_selectors.batch_for_campaign(campaign=campaign)
    if batch is not None and not batch.finished and not batch_stalled(batch):
        return batch  # running (or about to): one batch at a time
    if batch is None or batch.finished:
        batch = LetterBatch.objects.create(
            team_id=campaign.team_id,
            campaign=campaign,
            total=campaign.items.count(),
            created_by_id=by.pk,
        )
    else:
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=LetterBatch.Status.QUEUED, updated_at=timezone.now()
        )
    batch_id = batch.pk
    jobs.enqueue_on_commit(LETTER_BATCH_TASK, batch_id)
    return batch


def _progress(batch: LetterBatch, **fields: Any) -> None:
    fields_assign(batch, fields)
    LetterBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now(), **fields)


def _item_letter(
    *,
    batch: LetterBatch,
    item: CampaignItem,
    settings: LetterSettings,
    logo: bytes | None,
    template_blob: bytes | None,
    contacted: set[int],
    by: AbstractBaseUser | None,
) -> bool:
    """Make and log the letter of one campaign item; False if another run made it first."""
    campaign = batch.campaign
    company = item.case.company
    first = company.pk not in contacted
    letter = compose.letter_for(
        settings=settings,
        logo=logo,
        company=company,
        contact=item.contact,
        by=by,
        subject=campaign.subject or settings.subject,
        text=item.text,
        first=first,
        on=timezone.localdate(),
        reference=str(item.case_id),
        language=item.statement.language if item.statement else "de",
    )
    draft = compose.LetterDraft(letter=letter, template_blob=template_blob)
    blob = draft.render()
    text = draft.text if template_blob is None else compose.docx_text(blob)
    with transaction.atomic():
        # The item row is the lock: a second worker on the same batch waits, then skips.
        locked = CampaignItem.objects.select_for_update().get(pk=item.pk)
        if Letter.objects.filter(campaign_item=locked).exists():
            return False
        touchpoint = services.campaign_item_touchpoint(
            item=locked, by=by, text=text, subject=letter.subject
        )
        _letter_save(
            case=item.case,
            draft=draft,
            blob=blob,
            text=text,
            touchpoint=touchpoint,
            by=by,
            contact=item.contact,
            template=campaign.template,
            statement_id=item.statement_id,
            first=first,
            item=locked,
            batch=batch,
        )
    return True


def _skip_reason(item: CampaignItem) -> Any:
    if not compose.has_postal_address(item.case.company):
        return SKIP_NO_ADDRESS
    if item.contact is not None and not item.contact.may_be_contacted:
        return SKIP_OBJECTED
    if not compose.paragraphs(item.text):
        return SKIP_NO_TEXT
    return None


def _archive(batch: LetterBatch) -> None:
    """All the campaign's letters in one ZIP (stored: a DOCX is compressed already)."""
    letters = (
        Letter.objects.filter(campaign_item__campaign=batch.campaign)
        .select_related("company")
        .order_by("campaign_item_id", "-version")
    )
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
            seen: set[int | None] = set()
            for number, letter in enumerate(letters.iterator(chunk_size=200), start=1):
                if letter.campaign_item_id in seen:
                    continue
                seen.add(letter.campaign_item_id)
                with (
                    letter.file.open("rb") as source,
                    archive.open(f"{number:04d}-{letter.filename}", "w") as target,
                ):
                    while chunk := source.read(1 << 16):
                        target.write(chunk)
        handle.seek(0)
        name = download_name(batch.campaign.name, gettext("letters"), extension="zip")
        batch.archive.save(name, File(handle), save=False)
    LetterBatch.objects.filter(pk=batch.pk).update(archive=batch.archive.name)


@recorded("letter_batch_run")
def letter_batch_run(*, batch_id: int) -> LetterBatch:
    """Make every letter of the batch's campaign that does not exist yet, then the ZIP.

    Each letter commits on its own with its touchpoint, so a worker killed half-way
    loses at most the letter it was on; the next run makes the rest. Recipients
    without a postal address are reported by name and skipped.
    """
    batch = LetterBatch.objects.select_related(
        "campaign__team", "campaign__template", "created_by"
    ).get(pk=batch_id)
    if batch.status == LetterBatch.Status.DONE:
        return batch
    campaign = batch.campaign
    by = batch.created_by
    # A task knows its user only from the batch: the letters are theirs.
    with recording.action("letter_batch_run", actor=by, team=campaign.team):
        return _letter_batch_run(batch, campaign, by)


def _letter_batch_run(batch: LetterBatch, campaign: Campaign, by: Any) -> LetterBatch:
    try:
        # Judged once more as a set before anything goes out: what changed since the
        # approval (an objection, a refusal) still blocks, and no letter is judged alone.
        services.campaign_check(campaign=campaign)
        _check_campaign(campaign)
        items = list(selectors.campaign_items(campaign=campaign))
        done = set(
            Letter.objects.filter(campaign_item__campaign=campaign).values_list(
                "campaign_item_id", flat=True
            )
        )
        _progress(
            batch,
            status=LetterBatch.Status.RUNNING,
            total=len(items),
            processed=len(done),
            produced=len(done),
            skipped=[],
            error="",
        )
        settings = letter_selectors.letter_settings_for_team(team=campaign.team)
        logo = compose.letterhead_logo(settings)
        template_blob = compose.template_blob(campaign.template) if campaign.template else None
        # Nothing went out before, apart from this campaign's own letters: first letters.
        contacted = facts.companies_contacted(
            company_ids=[item.case.company_id for item in items]
        ) - _campaign_only_companies(campaign)
        skipped: list[dict[str, Any]] = []
        for item in items:
            if item.pk in done:
                continue
            reason = _skip_reason(item)
            if reason is None:
                try:
                    letter_made = _item_letter(
                        batch=batch,
                        item=item,
                        settings=settings,
                        logo=logo,
                        template_blob=template_blob,
                        contacted=contacted,
                        by=by,
                    )
                except compose.TemplateError as exc:
                    # This letter fails with its reason; the others are still made.
                    reason = SKIP_TEMPLATE % {"error": exc.message}
                else:
                    batch.produced += letter_made
            if reason is not None:
                skipped.append(
                    {"item": item.pk, "name": item.case.company.full_name, "reason": str(reason)}
                )
            batch.processed += 1
            _progress(batch, processed=batch.processed, produced=batch.produced, skipped=skipped)
        made = set(
            Letter.objects.filter(campaign_item__campaign=campaign).values_list(
                "campaign_item_id", flat=True
            )
        )
        produced = [item for item in items if item.pk in made]
        if produced and campaign.status == Campaign.Status.APPROVED:
            # Every produced letter was logged with its touchpoint already; only one
            # that somehow lacks it is handed over, so sending does not re-lock them all.
            logged = set(
                Touchpoint.objects.filter(campaign_item__in=produced).values_list(
                    "campaign_item_id", flat=True
                )
            )
            unlogged = [item for item in produced if item.pk not in logged]
            services.campaign_send(campaign=campaign, by=by, items=unlogged)
        _archive(batch)
        _progress(
            batch,
            status=LetterBatch.Status.DONE,
            produced=len(produced),
            finished_at=timezone.now(),
        )
    except OperationalError:
        raise  # the task retries: the database was away, nothing is wrong with the batch
    except Exception as exc:
        logger.exception("letter batch %s failed", batch.pk)
        message = exc.messages[0] if isinstance(exc, ValidationError) else repr(exc)
        _progress(
            batch,
            status=LetterBatch.Status.FAILED,
            error=str(BATCH_FAILED % {"error": message}),
            finished_at=timezone.now(),
        )
    return batch


def _campaign_only_companies(campaign: Campaign) -> set[int]:
    """Companies whose only outbound contacts are this campaign's own letters."""
    own = set(
        Touchpoint.objects.filter(campaign_item__campaign=campaign).values_list(
            "company_id", flat=True
        )
    )
    others = set(
        Touchpoint.objects.filter(company_id__in=own, direction=Touchpoint.Direction.OUT)
        .exclude(campaign_item__campaign=campaign)
        .values_list("company_id", flat=True)
    )
    return own - others
