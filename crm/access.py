"""View mixins that tie every page to the user's active team."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from crm.models import Membership, Team

NO_TEAM_MESSAGE = _("Your account is not a member of any team yet. Ask an administrator.")
LEADS_ONLY_MESSAGE = _("This page is for team leads.")
LEADS_ONLY_ACTION_MESSAGE = _("Only team leads can change this.")


class TeamRequiredMixin(LoginRequiredMixin):
    """Logged-in members of a team only; `self.team` is the active team."""

    team: Team
    membership: Membership
    actor: AbstractBaseUser

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        membership: Membership | None = getattr(request, "membership", None)
        if membership is None:
            raise PermissionDenied(NO_TEAM_MESSAGE)
        self.membership = membership
        self.team = membership.team
        self.actor = request.user
        return super().dispatch(request, *args, **kwargs)


class LeadRequiredMixin(TeamRequiredMixin):
    """Team leads and administrators only."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        membership: Membership | None = getattr(request, "membership", None)
        if request.user.is_authenticated and membership is not None and not membership.is_lead:
            raise PermissionDenied(LEADS_ONLY_MESSAGE)
        return super().dispatch(request, *args, **kwargs)


def require_lead(*, team: Team, user: AbstractBaseUser) -> None:
    """For services: raise PermissionDenied unless `user` leads (or administers) `team`."""
    membership = Membership.objects.filter(team=team, user_id=user.pk).first()
    if membership is None or not membership.is_lead:
        raise PermissionDenied(LEADS_ONLY_ACTION_MESSAGE)
