"""Logging contacts with companies, after the targeting rules have had their say."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies import services as companies_services
from companies.models import Company, Contact
from crm import services as crm_services
from crm.models import AcquisitionCase, Team
from history.recording import recorded
from outreach import facts, quality
from outreach.models import (
    Campaign,
    CampaignItem,
    Channel,
    Introduction,
    LetterTemplate,
    OutreachFlag,
    Touchpoint,
)
from outreach.services.flags import FlagRow, flag_key, flags_store
from outreach.services.introductions import CONTACT_OTHER_COMPANY

COMPANY_OTHER_TEAM = crm_services.COMPANY_OTHER_TEAM
CASE_OTHER_COMPANY = _("This case belongs to another company.")
TOUCHPOINT_IN_FUTURE = _("A contact cannot be dated after today. Plan it as the next step instead.")
UNKNOWN_CHANNEL = _("Choose one of the listed channels.")
UNKNOWN_DIRECTION = _("Choose outbound or inbound.")
UNKNOWN_OUTCOME = _("Choose one of the listed outcomes.")
INTRODUCTION_OTHER_COMPANY = _("This introduction was to another company.")
CAMPAIGN_OTHER_TEAM = _("Choose a campaign of your own team.")
TEMPLATE_OTHER_TEAM = _("Choose a template of your own team.")
OVERRIDE_REASON_REQUIRED = _("Give a reason for going ahead despite the warnings.")


class OutreachChecked(Exception):
    """The targeting rules found something: blocks refuse, warnings need a reason."""

    def __init__(self, findings: Iterable[quality.Finding]) -> None:
        self.findings = list(findings)
        self.blocked = any(finding.blocks for finding in self.findings)
        super().__init__(", ".join(finding.rule_id for finding in self.findings))

    @property
    def warnings(self) -> list[quality.Finding]:
        return [finding for finding in self.findings if not finding.blocks]

    @property
    def blocks(self) -> list[quality.Finding]:
        return [finding for finding in self.findings if finding.blocks]


def _touchpoint_rows(
    touchpoint: Touchpoint, findings: Iterable[quality.Finding], override_reason: str = ""
) -> list[FlagRow]:
    return [
        FlagRow(
            key=flag_key(
                finding,
                touchpoint_id=touchpoint.pk,
                campaign_item_id=touchpoint.campaign_item_id,
            ),
            finding=finding,
            touchpoint_id=touchpoint.pk,
            campaign_item_id=touchpoint.campaign_item_id,
            campaign_id=touchpoint.campaign_id,
            company_id=touchpoint.company_id,
            user_id=touchpoint.by_id,
            override_reason="" if finding.blocks else override_reason,
        )
        for finding in findings
    ]


def _touchpoint_scope(touchpoint: Touchpoint) -> Q:
    scope = Q(touchpoint=touchpoint)
    if touchpoint.campaign_item_id is not None:
        scope |= Q(campaign_item_id=touchpoint.campaign_item_id)
    return scope


def _touchpoint_check_input(
    *,
    team: Team,
    company: Company,
    case: AcquisitionCase | None,
    contact: Contact | None,
    channel: str,
    direction: str,
    occurred_on: date | None,
    outcome: str,
    introduction: Introduction | None,
    campaign: Campaign | None,
    template: LetterTemplate | None,
) -> None:
    errors: dict[str, Any] = {}
    if company.team_id != team.pk:
        errors["company"] = ValidationError(COMPANY_OTHER_TEAM, code="other_team")
    if case is not None and (case.team_id != team.pk or case.company_id != company.pk):
        errors["case"] = ValidationError(CASE_OTHER_COMPANY, code="other_company")
    if contact is not None and contact.company_id != company.pk:
        errors["contact"] = ValidationError(CONTACT_OTHER_COMPANY, code="other_company")
    if channel not in Channel.values:
        errors["channel"] = ValidationError(UNKNOWN_CHANNEL, code="invalid_choice")
    if direction not in Touchpoint.Direction.values:
        errors["direction"] = ValidationError(UNKNOWN_DIRECTION, code="invalid_choice")
    if outcome not in Touchpoint.Outcome.values:
        errors["outcome"] = ValidationError(UNKNOWN_OUTCOME, code="invalid_choice")
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors["occurred_on"] = ValidationError(TOUCHPOINT_IN_FUTURE, code="future")
    if introduction is not None and introduction.case.company_id != company.pk:
        errors["introduction"] = ValidationError(INTRODUCTION_OTHER_COMPANY, code="other_company")
    if campaign is not None and campaign.team_id != team.pk:
        errors["campaign"] = ValidationError(CAMPAIGN_OTHER_TEAM, code="other_team")
    if template is not None and template.team_id != team.pk:
        errors["template"] = ValidationError(TEMPLATE_OTHER_TEAM, code="other_team")
    if errors:
        raise ValidationError(errors)


def _findings_for(
    touchpoint: Touchpoint, *, is_first_outbound: bool, today: date
) -> list[quality.Finding]:
    item = facts.outreach_item(touchpoint, is_first_outbound=is_first_outbound)
    if not item.outbound:
        return []
    pipeline = touchpoint.case.pipeline if touchpoint.case is not None else None
    inputs = facts.rule_inputs(
        team=touchpoint.team,
        items=[item],
        pipelines={touchpoint.company_id: pipeline},
        today=today,
    )
    return quality.check_outreach(
        item,
        company=inputs.companies[touchpoint.company_id],
        contact=inputs.contacts.get(touchpoint.contact_id) if touchpoint.contact_id else None,
        criteria=inputs.criteria.get(touchpoint.company_id),
        recent_texts=inputs.recent_texts,
        recent_counts=inputs.recent_counts,
        thresholds=inputs.thresholds,
        today=today,
    )


def _first_outbound_refresh(company_id: int) -> int | None:
    """Mark the company's earliest outbound touchpoint as its first; return the one demoted."""
    outbound = Touchpoint.objects.filter(company_id=company_id, direction=Touchpoint.Direction.OUT)
    first = outbound.order_by("occurred_on", "pk").values_list("pk", flat=True).first()
    if first is None:
        return None
    demoted = list(
        outbound.filter(is_first_outbound=True).exclude(pk=first).values_list("pk", flat=True)
    )
    if demoted:
        outbound.filter(pk__in=demoted).update(is_first_outbound=False)
    outbound.filter(pk=first, is_first_outbound=False).update(is_first_outbound=True)
    return demoted[0] if demoted else None


@recorded("touchpoint_recheck")
def touchpoint_recheck(*, touchpoint: Touchpoint, today: date | None = None) -> list[OutreachFlag]:
    """Run the rules again on a logged touchpoint and bring its flags up to date."""
    touchpoint = Touchpoint.objects.select_related("team", "case__pipeline").get(pk=touchpoint.pk)
    findings = _findings_for(
        touchpoint,
        is_first_outbound=touchpoint.is_first_outbound,
        today=today or timezone.localdate(),
    )
    flags_store(
        team=touchpoint.team,
        rows=_touchpoint_rows(touchpoint, findings, touchpoint.override_reason),
        scope=_touchpoint_scope(touchpoint),
    )
    return list(touchpoint.flags.all())


@transaction.atomic
@recorded("touchpoint_log")
def touchpoint_log(
    *,
    team: Team,
    company: Company,
    by: AbstractBaseUser | None,
    channel: str,
    occurred_on: date,
    direction: str = Touchpoint.Direction.OUT,
    case: AcquisitionCase | None = None,
    contact: Contact | None = None,
    subject: str = "",
    text: str = "",
    template: LetterTemplate | None = None,
    campaign: Campaign | None = None,
    campaign_item: CampaignItem | None = None,
    introduction: Introduction | None = None,
    warm: bool | None = None,
    solicited: bool = False,
    outcome: str = "",
    merge_values: Iterable[str] = (),
    override_reason: str = "",
    checked: bool = True,
) -> Touchpoint:
    """Log a contact with a company, after the targeting rules have had their say.

    A blocking finding refuses it; warnings refuse it unless `override_reason`
    says why to go ahead (the reason is kept with the flags). `warm` defaults to
    whether the case came in warm or had an introduction by then. `checked=False`
    is for campaign items: the campaign check judged them (as a set, just before
    sending: see `campaign_item_touchpoint`), so the rules do not run again here.
    """
    _touchpoint_check_input(
        team=team,
        company=company,
        case=case,
        contact=contact,
        channel=channel,
        direction=direction,
        occurred_on=occurred_on,
        outcome=outcome,
        introduction=introduction,
        campaign=campaign,
        template=template,
    )
    outbound = direction == Touchpoint.Direction.OUT
    if warm is None:
        warm = introduction is not None or (
            case is not None and case.pk in facts.warm_cases(case_ids=[case.pk], as_of=occurred_on)
        )
    values = tuple(merge_values) or facts.merge_values_for(company=company, contact=contact)
    touchpoint = Touchpoint(
        team=team,
        company=company,
        case=case,
        channel=channel,
        direction=direction,
        occurred_on=occurred_on,
        by_id=by.pk if by else None,
        contact=contact,
        subject=subject.strip(),
        text=text.strip(),
        template=template,
        campaign=campaign,
        campaign_item=campaign_item,
        introduction=introduction,
        warm=warm,
        solicited=solicited,
        outcome=outcome,
        merge_values=list(values),
        override_reason=override_reason.strip(),
        created_by_id=by.pk if by else None,
        recorded_at=timezone.now(),
    )
    is_first = outbound and not facts.companies_contacted(
        company_ids=[company.pk], before=occurred_on
    )
    findings = (
        _findings_for(touchpoint, is_first_outbound=is_first, today=timezone.localdate())
        if checked
        else []
    )
    if findings:
        refusal = OutreachChecked(findings)
        if refusal.blocked or not touchpoint.override_reason:
            raise refusal
    if outbound and channel in facts.WRITTEN and touchpoint.text:
        touchpoint.fingerprint = quality.text_fingerprint(touchpoint.text, values)
    touchpoint.full_clean(
        exclude=[
            "team",
            "company",
            "case",
            "contact",
            "template",
            "campaign",
            "campaign_item",
            "introduction",
            "by",
            "created_by",
        ]
    )
    touchpoint.save()
    demoted = _first_outbound_refresh(company.pk) if outbound else None
    touchpoint.is_first_outbound = is_first
    if checked:
        flags_store(
            team=team,
            rows=_touchpoint_rows(touchpoint, findings, touchpoint.override_reason),
            scope=_touchpoint_scope(touchpoint),
        )
    if demoted is not None:
        # A back-dated contact came before the one that was first: that one is judged anew.
        touchpoint_recheck(touchpoint=Touchpoint(pk=demoted))
    if outcome == Touchpoint.Outcome.OBJECTION and contact is not None and not contact.objected_at:
        companies_services.contact_update(contact=contact, by=by, objected_at=occurred_on)
    return touchpoint


@transaction.atomic
@recorded("touchpoint_outcome_set")
def touchpoint_outcome_set(
    *, touchpoint: Touchpoint, by: AbstractBaseUser | None, outcome: str
) -> Touchpoint:
    """Record what came of a contact (a reply, a meeting, a refusal) once it is known."""
    touchpoint = (
        Touchpoint.objects.select_for_update(of=("self",))
        .select_related("contact")
        .get(pk=touchpoint.pk)
    )
    if outcome not in Touchpoint.Outcome.values:
        raise ValidationError({"outcome": UNKNOWN_OUTCOME}, code="invalid_choice")
    touchpoint.outcome = outcome
    touchpoint.save(update_fields=["outcome"])
    contact = touchpoint.contact
    if outcome == Touchpoint.Outcome.OBJECTION and contact is not None and not contact.objected_at:
        companies_services.contact_update(contact=contact, by=by, objected_at=timezone.localdate())
    return touchpoint
