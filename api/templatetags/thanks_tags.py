"""The thank-you letter panels of the case page and the partner page."""

from typing import Any

from django import template
from django.urls import reverse

from api import thanks
from companies.models import NetworkPartner
from crm.models import AcquisitionCase
from crm.navigation import url_with_next

register = template.Library()


@register.inclusion_tag("api/_thanks_case_panel.html")
def thanks_case_panel(case: AcquisitionCase) -> dict[str, Any]:
    """The suggestion to thank the referring partner of a won case (one query, or none)."""
    suggestion = thanks.thanks_for_case(case=case)
    address_url = ""
    if suggestion is not None and not suggestion.has_address:
        # Saved, the partner's form returns to this panel.
        edit = reverse("companies:partner_update", args=[suggestion.partner.pk])
        address_url = url_with_next(edit, f"{case.get_absolute_url()}#thanks")
    return {"suggestion": suggestion, "address_url": address_url}


@register.inclusion_tag("api/_thanks_partner_panel.html")
def thanks_partner_panel(partner: NetworkPartner) -> dict[str, Any]:
    """The partner's recommendations that became partnerships, and the thanks for each."""
    return {"partner": partner, "suggestions": thanks.thanks_for_partner(partner=partner)}
