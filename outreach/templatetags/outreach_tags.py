"""Panels that outreach contributes to the case and partner pages."""

from typing import Any

from django import template

from companies.models import NetworkPartner
from crm.models import AcquisitionCase
from outreach import selectors

register = template.Library()


@register.inclusion_tag("outreach/_case_panel.html", takes_context=True)
def introductions_case_panel(context: dict[str, Any], case: AcquisitionCase) -> dict[str, Any]:
    """Introductions of a case and who could introduce us (four queries)."""
    closed = case.closed_at is not None
    return {
        "case": case,
        "introductions": list(selectors.introductions_for_case(case=case)),
        "suggestions": [] if closed else selectors.introducer_suggestions(case=case),
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
