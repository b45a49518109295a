"""Top-level URLs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from crm import views
from crm.reports import views as report_views

case_patterns = (
    [
        path("", views.CaseListView.as_view(), name="list"),
        path("export.csv", views.CaseExportView.as_view(), name="export"),
        path("new/", views.CaseCreateView.as_view(), name="create"),
        path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
        path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="update"),
        path("<int:pk>/move/", views.CaseMoveView.as_view(), name="move"),
        path("<int:pk>/next-step/", views.CaseNextStepView.as_view(), name="next_step"),
    ],
    "cases",
)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("team/switch/", views.TeamSwitchView.as_view(), name="team_switch"),
    path("pipeline/", views.BoardView.as_view(), name="pipeline"),
    path("pipeline/cases/", include(case_patterns)),
    path("reports/", report_views.ReportView.as_view(), name="reports"),
    path("reports/", include("crm.reports.urls")),
    path("", include("companies.urls")),
    path("", include("benefits.urls")),
    path("", include("outreach.urls")),
    path("", include("history.urls")),
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
    # Before Django's own: the switch also remembers the language for emails.
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
