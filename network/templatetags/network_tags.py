"""The network's panel on a company's page: its membership, and who in the network can help."""

from typing import Any

from django import template

from companies.models import Company
from network import selectors

register = template.Library()


@register.inclusion_tag("network/_company_panel.html", takes_context=True)
def network_company_panel(context: dict[str, Any], company: Company) -> dict[str, Any]:
    """Membership and "who can help with …" from the needs profile (four queries)."""
    return {
        "company": company,
        "partnerships": list(company.partnerships.all()),
        "help": selectors.experts_for_company(company=company),
        "request": context.get("request"),
    }
