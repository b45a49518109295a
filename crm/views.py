"""Start page, team switching and the sections that later issues fill."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from companies.selectors import companies_for_team, partners_for_team
from crm.access import TeamRequiredMixin
from crm.middleware import ACTIVE_TEAM_SESSION_KEY
from crm.selectors import memberships_for_user


class HomeView(TeamRequiredMixin, TemplateView):
    template_name = "crm/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["company_count"] = companies_for_team(team=self.team).count()
        context["partner_count"] = partners_for_team(team=self.team).count()
        return context


class ComingSoonView(TeamRequiredMixin, TemplateView):
    """A section whose issue has not landed yet: says so instead of a dead link."""

    template_name = "crm/coming_soon.html"
    section = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(section=self.section, **kwargs)


class TeamSwitchView(TeamRequiredMixin, View):
    """Make another of the user's teams the active one."""

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            team_id = int(request.POST.get("team", ""))
        except ValueError:
            team_id = 0
        membership = memberships_for_user(user=request.user).filter(team_id=team_id).first()
        if membership is None:
            messages.error(request, _("You are not a member of that team."))
        else:
            request.session[ACTIVE_TEAM_SESSION_KEY] = membership.team_id
            messages.success(
                request, _("You are now working in %(team)s.") % {"team": membership.team.name}
            )
        # Object pages of the old team would answer 404: start over on the home page.
        return redirect("home")
