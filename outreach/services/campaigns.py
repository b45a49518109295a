"""Campaigns: a batch of outreach drafted together, checked as a set, reviewed, approved, sent."""

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits import selectors as benefits_selectors
from companies.models import Company, Contact
from crm.access import require_lead
from crm.models import AcquisitionCase, Team
from crm.records import fields_assign, unique_or_error
from history.recording import recorded
from outreach import facts, quality
from outreach.letters import compose, din5008
from outreach.models import Campaign, CampaignItem, OutreachFlag, Touchpoint
from outreach.services.flags import FlagRow, flag_key, flags_store
from outreach.services.introductions import CONTACT_OTHER_COMPANY
from outreach.services.touchpoints import TEMPLATE_OTHER_TEAM, touchpoint_log

CAMPAIGN_NAME_TAKEN = _("Your team already has a campaign of this name.")
CAMPAIGN_NOT_DRAFT = _("Only a draft campaign can be changed. Return it to draft first.")
CAMPAIGN_EMPTY = _("Add at least one case before submitting the campaign.")
CAMPAIGN_NOT_IN_REVIEW = _("Only a campaign in review can be approved.")
CAMPAIGN_NOT_APPROVED = _("Only an approved campaign can be sent.")
CAMPAIGN_BLOCKED = _(
    "This campaign has blocking findings: what the law or an objection forbids cannot be "
    "approved or sent. Remove those cases or fix the data, then check again."
)
CAMPAIGN_WARNINGS_OPEN = _(
    "A team lead must acknowledge or dismiss every warning before the campaign is approved."
)
CAMPAIGN_ALREADY_SENT = _("This campaign has been sent already.")
CASE_OTHER_TEAM = _("Choose cases of your own team.")
CASE_NOT_OPEN = _("Closed cases cannot be added to a campaign.")
TEXT_HAS_SALUTATION = _(
    "Write the body only: the text starts with a salutation (“%(phrase)s”), and each letter "
    "opens with its own salutation to the contact person."
)
TEXT_HAS_CLOSING = _(
    "Write the body only: the text ends with a closing (“%(phrase)s”), and each letter "
    "closes with its own closing and signature."
)

# Placeholders of a campaign's common text.
_PLACEHOLDER = re.compile(r"\{(company|contact|city)\}")
# Contact roles in the order a letter to the company is best addressed.
_ROLE_ORDER = ("owner", "hr", "equality", "works_council", "assistant", "other")


def _campaign_check_editable(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(CAMPAIGN_NOT_DRAFT, code="not_draft")


def _body_errors(text: str) -> list[ValidationError]:
    """A letter's salutation and closing come from the layout: a body brings neither."""
    errors = []
    salutation = quality.starting_salutation(text)
    if salutation is not None:
        errors.append(
            ValidationError(TEXT_HAS_SALUTATION, code="salutation", params={"phrase": salutation})
        )
    closing = quality.ending_closing(text)
    if closing is not None:
        errors.append(ValidationError(TEXT_HAS_CLOSING, code="closing", params={"phrase": closing}))
    return errors


def _campaign_validate(campaign: Campaign) -> None:
    errors: dict[str, Any] = {}
    if text_errors := _body_errors(campaign.text):
        errors["text"] = text_errors
    if campaign.template is not None and campaign.template.team_id != campaign.team_id:
        errors["template"] = ValidationError(TEMPLATE_OTHER_TEAM, code="other_team")
    if (
        Campaign.objects.filter(team_id=campaign.team_id, name__iexact=campaign.name.strip())
        .exclude(pk=campaign.pk)
        .exists()
    ):
        errors["name"] = ValidationError(CAMPAIGN_NAME_TAKEN, code="unique")
    if errors:
        raise ValidationError(errors)
    campaign.name = campaign.name.strip()
    campaign.full_clean(exclude=["team", "template", "created_by", "approved_by"])


@transaction.atomic
@recorded("campaign_create")
def campaign_create(*, team: Team, by: AbstractBaseUser, **fields: Any) -> Campaign:
    """Start a campaign as a draft: name, purpose, channel, template, common text."""
    campaign = Campaign(team=team, created_by_id=by.pk, **fields)
    _campaign_validate(campaign)
    with unique_or_error("name", CAMPAIGN_NAME_TAKEN):
        campaign.save()
    return campaign


@transaction.atomic
@recorded("campaign_update")
def campaign_update(*, campaign: Campaign, by: AbstractBaseUser, **fields: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    fields_assign(campaign, fields)
    _campaign_validate(campaign)
    with unique_or_error("name", CAMPAIGN_NAME_TAKEN):
        campaign.save()
    return campaign


def _fill(text: str, *, company: Company, contact: Contact | None) -> str:
    person = " ".join(p for p in (contact.first_name, contact.last_name) if p) if contact else ""
    values = {"company": company.legal_name, "contact": person, "city": company.city}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _best_contacts(company_ids: Iterable[int]) -> dict[int, Contact]:
    """Per company, the person a letter is best addressed to (no one who objected)."""
    best: dict[int, Contact] = {}
    rank = {role: i for i, role in enumerate(_ROLE_ORDER)}
    contacts = Contact.objects.filter(
        company_id__in=list(company_ids), do_not_contact=False, objected_at__isnull=True
    ).order_by("pk")
    for contact in contacts:
        current = best.get(contact.company_id)
        if current is None or rank.get(contact.role, 99) < rank.get(current.role, 99):
            best[contact.company_id] = contact
    return best


@transaction.atomic
@recorded("campaign_cases_add")
def campaign_cases_add(
    *, campaign: Campaign, cases: Iterable[AcquisitionCase], by: AbstractBaseUser
) -> list[CampaignItem]:
    """Add cases to a draft campaign, each with its best contact and its own text.

    A case's text is its company's benefit statement (approved, else the latest);
    without one, the campaign's common text with the placeholders filled in.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    cases = list(cases)
    if any(case.team_id != campaign.team_id for case in cases):
        raise ValidationError({"cases": CASE_OTHER_TEAM}, code="other_team")
    if any(case.closed_at is not None for case in cases):
        raise ValidationError({"cases": CASE_NOT_OPEN}, code="closed")
    present = set(campaign.items.values_list("case_id", flat=True))
    cases = [case for case in cases if case.pk not in present]
    company_ids = {case.company_id for case in cases}
    contacts = _best_contacts(company_ids)
    statements = benefits_selectors.statements_to_send(company_ids=company_ids)
    companies = Company.objects.in_bulk(company_ids)
    items = []
    for case in cases:
        company = companies[case.company_id]
        contact = contacts.get(case.company_id)
        statement = statements.get(case.company_id)
        text = (
            statement.text if statement else _fill(campaign.text, company=company, contact=contact)
        )
        items.append(
            CampaignItem(
                campaign=campaign, case=case, contact=contact, statement=statement, text=text
            )
        )
    return CampaignItem.objects.bulk_create(items)


@transaction.atomic
@recorded("campaign_item_update")
def campaign_item_update(
    *, item: CampaignItem, by: AbstractBaseUser, contact: Contact | None, text: str
) -> CampaignItem:
    item = CampaignItem.objects.select_related("campaign", "case").get(pk=item.pk)
    _campaign_check_editable(item.campaign)
    if contact is not None and contact.company_id != item.case.company_id:
        raise ValidationError({"contact": CONTACT_OTHER_COMPANY}, code="other_company")
    if text_errors := _body_errors(text):
        raise ValidationError({"text": text_errors})
    item.contact = contact
    item.text = text.strip()
    item.save(update_fields=["contact", "text"])
    return item


@transaction.atomic
@recorded("campaign_item_remove")
def campaign_item_remove(*, item: CampaignItem, by: AbstractBaseUser) -> None:
    item = CampaignItem.objects.select_related("campaign").get(pk=item.pk)
    _campaign_check_editable(item.campaign)
    item.delete()


def _campaign_outreach(
    campaign: Campaign, items: list[CampaignItem], today: date
) -> list[quality.Outreach]:
    company_ids = {item.case.company_id for item in items}
    contacted = facts.companies_contacted(company_ids=company_ids)
    warm = facts.warm_cases(case_ids=[item.case_id for item in items], as_of=today)
    outreach = []
    for item in items:
        company = item.case.company
        # The touchpoint the item becomes once sent, as the values of one (cheaper
        # than a model instance per item).
        outreach.append(
            facts.outreach_item(
                {
                    "pk": None,
                    "company_id": company.pk,
                    "channel": campaign.channel,
                    "occurred_on": today,
                    "by_id": campaign.created_by_id,
                    "contact_id": item.contact_id,
                    "campaign_id": campaign.pk,
                    "template_id": campaign.template_id,
                    "warm": item.case_id in warm,
                    "is_first_outbound": company.pk not in contacted,
                    "solicited": False,
                    "text": item.text,
                    "merge_values": facts.merge_values_for(company=company, contact=item.contact),
                    "common_text": item.statement_id is None,
                    # The greeting the printed letter opens with; the text is its body.
                    "salutation": (
                        din5008.salutation_for(compose.recipient_for(company, item.contact))
                        if campaign.channel == quality.Channel.LETTER
                        else ""
                    ),
                },
                planned=True,
            )
        )
    return outreach


@transaction.atomic
@recorded("campaign_check")
def campaign_check(*, campaign: Campaign, today: date | None = None) -> quality.CampaignResult:
    """Run every rule over the campaign's unsent items and store the findings as its flags.

    Items already sent are touchpoints now, judged as such (their flags went with
    them); the score is kept from the check before anything was sent.
    """
    today = today or timezone.localdate()
    items = list(
        CampaignItem.objects.filter(campaign=campaign, touchpoint__isnull=True)
        .select_related("case__company", "case__pipeline", "contact")
        .order_by("pk")
    )
    partly_sent = Touchpoint.objects.filter(campaign_item__campaign=campaign).exists()
    outreach = _campaign_outreach(campaign, items, today)
    inputs = facts.rule_inputs(
        team=campaign.team,
        items=outreach,
        pipelines={item.case.company_id: item.case.pipeline for item in items},
        today=today,
    )
    result = quality.check_campaign(
        outreach,
        companies=inputs.companies,
        contacts=inputs.contacts,
        criteria=inputs.criteria,
        recent_texts=inputs.recent_texts,
        recent_counts=inputs.recent_counts,
        thresholds=inputs.thresholds,
        today=today,
    )
    rows = [
        FlagRow(
            key=flag_key(finding, campaign_item_id=item.pk),
            finding=finding,
            campaign_item_id=item.pk,
            campaign_id=campaign.pk,
            company_id=item.case.company_id,
            user_id=campaign.created_by_id,
        )
        for item, found in zip(items, result.item_findings, strict=True)
        for finding in found
    ]
    rows += [
        FlagRow(
            key=flag_key(finding),
            finding=finding,
            campaign_id=campaign.pk,
            user_id=finding.user_id or campaign.created_by_id,
        )
        for finding in result.campaign_findings
    ]
    flags_store(team=campaign.team, rows=rows, scope=Q(campaign=campaign, touchpoint__isnull=True))
    campaign.checked_at = timezone.now()
    if partly_sent:
        Campaign.objects.filter(pk=campaign.pk).update(checked_at=campaign.checked_at)
        return result
    score = result.score()
    campaign.score = score.score
    campaign.score_details = {
        "first_contacts": score.first_contacts,
        "prepared": score.prepared,
        "warm": score.warm,
        "tailored": score.tailored,
        "targeted": score.targeted,
    }
    Campaign.objects.filter(pk=campaign.pk).update(
        score=campaign.score, score_details=campaign.score_details, checked_at=campaign.checked_at
    )
    return result


def _open_flags(campaign: Campaign) -> tuple[bool, bool]:
    """(any open block, any open warning) among the campaign's flags."""
    states = set(
        OutreachFlag.objects.filter(campaign=campaign, state=OutreachFlag.State.OPEN)
        .values_list("severity", flat=True)
        .distinct()
    )
    return OutreachFlag.Severity.BLOCK in states, OutreachFlag.Severity.WARNING in states


@transaction.atomic
@recorded("campaign_submit")
def campaign_submit(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """Hand a draft to the leads for review; the rules run over it now."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    if not campaign.items.exists():
        raise ValidationError(CAMPAIGN_EMPTY, code="empty")
    campaign_check(campaign=campaign)
    campaign.status = Campaign.Status.IN_REVIEW
    campaign.submitted_at = timezone.now()
    campaign.save(update_fields=["status", "submitted_at"])
    return campaign


@transaction.atomic
@recorded("campaign_return")
def campaign_return(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """Back to draft (to change cases or texts); approval must then be given again."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.SENT:
        raise ValidationError(CAMPAIGN_ALREADY_SENT, code="sent")
    if campaign.created_by_id != by.pk:
        require_lead(team=campaign.team, user=by)
    campaign.status = Campaign.Status.DRAFT
    campaign.approved_by = None
    campaign.approved_at = None
    campaign.save(update_fields=["status", "approved_by", "approved_at"])
    return campaign


@transaction.atomic
@recorded("campaign_approve")
def campaign_approve(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """A lead approves a reviewed campaign: nothing may block, every warning dealt with."""
    require_lead(team=campaign.team, user=by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.IN_REVIEW:
        raise ValidationError(CAMPAIGN_NOT_IN_REVIEW, code="not_in_review")
    # The data may have changed since it was submitted.
    campaign_check(campaign=campaign)
    blocked, warned = _open_flags(campaign)
    if blocked:
        raise ValidationError(CAMPAIGN_BLOCKED, code="blocked")
    if warned:
        raise ValidationError(CAMPAIGN_WARNINGS_OPEN, code="warnings")
    campaign.status = Campaign.Status.APPROVED
    campaign.approved_by_id = by.pk
    campaign.approved_at = timezone.now()
    campaign.save(update_fields=["status", "approved_by", "approved_at"])
    return campaign


def _campaign_check_sendable(campaign: Campaign) -> None:
    if campaign.status not in (Campaign.Status.APPROVED, Campaign.Status.SENT):
        raise ValidationError(CAMPAIGN_NOT_APPROVED, code="not_approved")
    blocked, _warned = _open_flags(campaign)
    if blocked:
        raise ValidationError(CAMPAIGN_BLOCKED, code="blocked")


@transaction.atomic
@recorded("campaign_item_touchpoint")
def campaign_item_touchpoint(
    *,
    item: CampaignItem,
    by: AbstractBaseUser | None,
    text: str | None = None,
    subject: str | None = None,
    merge_values: Iterable[str] = (),
) -> Touchpoint:
    """Log the outreach of one campaign item, once: a rerun returns the touchpoint it made.

    The campaign's flags move onto the touchpoint, so the record of what a lead
    acknowledged stays with what was sent.
    """
    item = (
        CampaignItem.objects.select_for_update(of=("self",))
        .select_related("campaign__team", "campaign__template", "case__company", "contact")
        .get(pk=item.pk)
    )
    existing = Touchpoint.objects.filter(campaign_item=item).first()
    if existing is not None:
        return existing
    campaign = item.campaign
    _campaign_check_sendable(campaign)
    touchpoint = touchpoint_log(
        team=campaign.team,
        company=item.case.company,
        by=by,
        channel=campaign.channel,
        occurred_on=timezone.localdate(),
        case=item.case,
        contact=item.contact,
        subject=campaign.subject if subject is None else subject,
        text=item.text if text is None else text,
        template=campaign.template,
        campaign=campaign,
        campaign_item=item,
        merge_values=merge_values,
        checked=False,
    )
    OutreachFlag.objects.filter(campaign_item=item, touchpoint__isnull=True).update(
        touchpoint=touchpoint
    )
    return touchpoint


@transaction.atomic
@recorded("campaign_send")
def campaign_send(
    *,
    campaign: Campaign,
    by: AbstractBaseUser | None,
    items: Iterable[CampaignItem] | None = None,
) -> Campaign:
    """Log the outreach of the campaign's items (all, or those given) and mark it sent.

    The rules run once more over what is still unsent, as a set: what changed
    since the approval (an objection, a withdrawn consent) still stops it.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    chosen = list(campaign.items.all() if items is None else items)
    if any(item.campaign_id != campaign.pk for item in chosen):
        raise ValueError("an item belongs to another campaign")
    if chosen:
        campaign_check(campaign=campaign)
    _campaign_check_sendable(campaign)
    for item in chosen:
        campaign_item_touchpoint(item=item, by=by)
    if campaign.status != Campaign.Status.SENT:
        campaign.status = Campaign.Status.SENT
        campaign.sent_at = timezone.now()
        campaign.save(update_fields=["status", "sent_at"])
    return campaign
