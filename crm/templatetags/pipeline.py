"""What the pipeline shows on other apps' pages (the company page's case button)."""

from typing import Any

from django import template

from crm.models import AcquisitionCase

register = template.Library()


@register.simple_tag
def open_case(company: Any) -> AcquisitionCase | None:
    """The company's case in play (open or on hold), if it has one (one query)."""
    return (
        AcquisitionCase.objects.filter(
            company_id=company.pk, team_id=company.team_id, closed_at__isnull=True
        )
        .select_related("stage")
        .order_by("-opened_at", "-pk")
        .first()
    )
