"""The Django administration, for superusers only.

The administration is not team-scoped: it shows every team's rows. So only a
superuser (the operator of the installation) may open it; team leads set up
their pipeline, lost reasons, catalogue and thresholds on the app's own pages,
which check the team.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    site_header = _("Tandem administration")
    site_title = _("Tandem administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class TandemAdminConfig(AdminConfig):
    default_site = "crm.admin_site.SuperuserAdminSite"
