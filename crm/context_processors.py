"""Template context shared by every page: the user's teams for the header switcher."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from crm.selectors import memberships_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: only pages that render the switcher pay for the query.
    return {
        "active_membership": getattr(request, "membership", None),
        "user_memberships": SimpleLazyObject(lambda: list(memberships_for_user(user=user))),
    }
