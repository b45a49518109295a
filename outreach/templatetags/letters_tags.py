"""The letters panels of the case page and the campaign page."""

from typing import Any

from django import template

from crm.models import AcquisitionCase
from outreach.letters import selectors as letter_selectors
from outreach.letters import services as letter_services
from outreach.models import Campaign

register = template.Library()


@register.inclusion_tag("outreach/_letters_panel.html", takes_context=True)
def letters_case_panel(context: dict[str, Any], case: AcquisitionCase) -> dict[str, Any]:
    """A case's letters, newest version first, and the way to write the next (one query)."""
    return {
        "case": case,
        "letters": list(letter_selectors.letters_for_case(case=case)),
        "closed": case.closed_at is not None,
        "request": context.get("request"),
    }


@register.inclusion_tag("outreach/partials/letter_batch.html", takes_context=True)
def campaign_letters_panel(context: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    """The campaign's letter batch: start it, watch it, download the ZIP (one query)."""
    batch = letter_selectors.batch_for_campaign(campaign=campaign)
    return {
        "campaign": campaign,
        "batch": batch,
        "stalled": batch is not None and letter_services.batch_stalled(batch),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
