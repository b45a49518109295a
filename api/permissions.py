"""Who may use the API: members of the active team; read-only tokens only read."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from api.models import ApiToken
from crm.access import LEADS_ONLY_ACTION_MESSAGE, NO_TEAM_MESSAGE
from crm.models import Membership

TOKEN_READ_ONLY = _("This token may only read.")


def request_membership(request: Request) -> Membership | None:
    """The token's team for a token, the page's active team for a browser session."""
    if isinstance(request.auth, ApiToken):
        return getattr(request.auth, "membership", None)
    return getattr(request._request, "membership", None)


class TeamMember(BasePermission):
    message = NO_TEAM_MESSAGE

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        membership = request_membership(request)
        if membership is None:
            return False
        view.membership = membership
        view.team = membership.team
        return True


class TokenScope(BasePermission):
    message = TOKEN_READ_ONLY

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        return not (
            isinstance(token, ApiToken) and token.read_only and request.method not in SAFE_METHODS
        )


class LeadForWrites(BasePermission):
    """Writes for team leads only (the pages' LeadRequiredMixin on the same actions)."""

    message = LEADS_ONLY_ACTION_MESSAGE

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        membership = request_membership(request)
        return membership is not None and membership.is_lead
