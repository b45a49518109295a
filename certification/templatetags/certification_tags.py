from typing import Any

from django import template

from certification import selectors
from companies.models import Company

register = template.Library()


@register.inclusion_tag("certification/_company_panel.html")
def certification_company_panel(company: Company) -> dict[str, Any]:
    """The company page's panel: commitments, certification status and tandems."""
    return {"company": company, "panel": selectors.company_panel(company=company)}
