"""Top-level URLs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from crm import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("team/switch/", views.TeamSwitchView.as_view(), name="team_switch"),
    path(
        "pipeline/",
        views.ComingSoonView.as_view(section=_("Pipeline")),
        name="pipeline",
    ),
    path(
        "outreach/",
        views.ComingSoonView.as_view(section=_("Outreach")),
        name="outreach",
    ),
    path(
        "reports/",
        views.ComingSoonView.as_view(section=_("Reports")),
        name="reports",
    ),
    path("", include("companies.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
