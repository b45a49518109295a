"""Panels that outreach contributes to the case and partner pages."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from companies.models import NetworkPartner
from crm.models import AcquisitionCase
from outreach import review_rows, selectors
from outreach.models import Touchpoint

register = template.Library()


@register.simple_tag(takes_context=True)
def flag_rows(context: dict[str, Any], flags: list[Any]) -> SafeString:
    """The review queue's rows (`outreach.review_rows`), ticked flags checked."""
    request = context.get("request")
    back = context.get("next") or (request.get_full_path() if request is not None else "")
    return review_rows.flag_rows(flags, ticked=context.get("ticked") or (), back=back)


@register.inclusion_tag("outreach/_case_panel.html", takes_context=True)
def introductions_case_panel(context: dict[str, Any], case: AcquisitionCase) -> dict[str, Any]:
    """Introductions of a case and who could introduce us (four queries)."""
    closed = case.closed_at is not None
    introductions = list(selectors.introductions_for_case(case=case))
    # A partner already asked is not offered again: its request waits for the outcome.
    asked = {i.introducer_id: i for i in introductions if i.requested}
    suggestions = [] if closed else selectors.introducer_suggestions(case=case)
    return {
        "case": case,
        "introductions": introductions,
        "suggestions": [(s, asked.get(s.partner_id)) for s in suggestions],
        "closed": closed,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("outreach/_partner_panel.html", takes_context=True)
def outreach_partner_panel(context: dict[str, Any], partner: NetworkPartner) -> dict[str, Any]:
    """A partner's referrals and introductions and what became of them (two queries)."""
    return {
        "partner": partner,
        "record": selectors.partner_record(partner=partner),
        "request": context.get("request"),
    }


TOUCHPOINTS_ON_CASE = 5


@register.inclusion_tag("outreach/_case_touchpoints.html", takes_context=True)
def touchpoints_case_panel(context: dict[str, Any], case: AcquisitionCase) -> dict[str, Any]:
    """The case's latest contacts with their open flags, and "log a contact" (one query)."""
    touchpoints = selectors.touchpoints_for_case_flagged(case=case)[:TOUCHPOINTS_ON_CASE]
    return {
        "case": case,
        "touchpoints": list(touchpoints),
        "outcomes": Touchpoint.Outcome.choices,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("outreach/_case_bulk_campaign.html", takes_context=True)
def case_bulk_campaign(context: dict[str, Any]) -> dict[str, Any]:
    """The "add to a campaign" part of the case list's bulk actions."""
    team = context["request"].team
    return {"campaigns": list(selectors.campaigns_in_draft(team=team)[:50])}
