"""What the pipeline shows on other apps' pages (the company page's case button)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from crm import board_cards, timeline
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


@register.simple_tag(takes_context=True)
def case_cards(context: template.Context, cards: Any, move_options: Any) -> SafeString:
    """A board column's cards (`crm.board_cards`, as `crm/partials/case_card.html`)."""
    return board_cards.cards_html(
        cards,
        move_options=str(move_options or ""),
        board_url=str(context.get("board_url", "")),
        board_query=str(context.get("board_query", "")),
        csrf_token=str(context.get("csrf_token") or ""),
    )


@register.simple_tag
def timeline_items(entries: Any) -> SafeString:
    """The case page's timeline items (`crm.timeline.entries_html`)."""
    return timeline.entries_html(entries)
