"""Template helpers for people: a user's display name that survives a deleted user."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """Full name, else user name; "deleted user" where the user was deleted.

    Most user references are `SET_NULL`, so a row outlives its author: a template
    must render such a row, not answer 500.
    """
    if user is None or user == "":
        return _("deleted user")
    return user.get_full_name() or user.get_username()
