"""Attach the user's active team and membership to every request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from crm.models import Membership
from crm.selectors import membership_active

ACTIVE_TEAM_SESSION_KEY = "active_team_id"


class ActiveTeamMiddleware:
    """Resolve `request.membership` and `request.team` once per request.

    A user may belong to several teams; the one chosen in the header switcher is
    kept in the session. Every team-scoped selector and service is called with
    `request.team`, so a user never reaches another team's data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership: Membership | None = None
        if request.user.is_authenticated:
            membership = membership_active(
                user=request.user, team_id=request.session.get(ACTIVE_TEAM_SESSION_KEY)
            )
        request.membership = membership  # type: ignore[attr-defined]
        request.team = membership.team if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
