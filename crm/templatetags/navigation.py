"""The way back: a form reached from another page links (and, saved, returns) there."""

from typing import Any

from django import template

from crm.navigation import next_url

register = template.Library()


@register.inclusion_tag("includes/back_link.html", takes_context=True)
def back_link(context: dict[str, Any]) -> dict[str, Any]:
    """A "back" link to the page that sent the user here (a checked `next`), if any."""
    request = context.get("request")
    return {"back": next_url(request) if request is not None else ""}
