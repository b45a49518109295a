"""Top-level URLs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from api import urls as api_urls
from crm import health, setup_views, views
from crm.accounts import views as account_views
from crm.reports import views as report_views

case_patterns = (
    [
        path("", views.CaseListView.as_view(), name="list"),
        path("export.csv", views.CaseExportView.as_view(), name="export"),
        path("bulk/", views.CaseBulkView.as_view(), name="bulk"),
        path("new/", views.CaseCreateView.as_view(), name="create"),
        path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
        path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="update"),
        path("<int:pk>/move/", views.CaseMoveView.as_view(), name="move"),
        path("<int:pk>/next-step/", views.CaseNextStepView.as_view(), name="next_step"),
    ],
    "cases",
)

urlpatterns = [
    # For the load balancer: the process answers / it can serve (database, broker).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.HomeView.as_view(), name="home"),
    path("team/switch/", views.TeamSwitchView.as_view(), name="team_switch"),
    path("pipeline/", views.BoardView.as_view(), name="pipeline"),
    path(
        "pipeline/columns/<int:stage_pk>/",
        views.BoardColumnView.as_view(),
        name="pipeline_column",
    ),
    path("pipeline/cases/", include(case_patterns)),
    path("pipeline/setup/", setup_views.PipelineSetupView.as_view(), name="pipeline_setup"),
    path(
        "pipeline/setup/<int:pk>/stages/new/",
        setup_views.StageCreateView.as_view(),
        name="stage_create",
    ),
    path(
        "pipeline/setup/stages/<int:pk>/",
        setup_views.StageUpdateView.as_view(),
        name="stage_update",
    ),
    path(
        "pipeline/setup/stages/<int:pk>/remove/",
        setup_views.StageRemoveView.as_view(),
        name="stage_remove",
    ),
    path(
        "pipeline/setup/lost-reasons/<int:pk>/",
        setup_views.LostReasonUpdateView.as_view(),
        name="lost_reason_update",
    ),
    path("reports/", report_views.ReportView.as_view(), name="reports"),
    path("reports/", include("crm.reports.urls")),
    path("", include("companies.urls")),
    path("", include("benefits.urls")),
    path("", include("certification.urls")),
    path("", include("outreach.urls")),
    path("", include("network.urls")),
    path("", include("privacy.urls")),
    path("", include("history.urls")),
    # The password, then a code when the user has a second factor (crm.accounts).
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
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
    path("accounts/", include("crm.accounts.urls")),
    path("api/", include("api.urls")),
    *api_urls.token_urlpatterns,
    # Before Django's own: the switch also remembers the language for emails.
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # One login page for everything: the admin's own would skip the second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
]
# No pattern serves MEDIA_ROOT, in any mode: stored files leave only through
# the team-checked views (crm.files.private_file_response).

if settings.BENCH_LOAD:
    # The load benchmark's floor: the base layout for a logged-in user (bench/load).
    urlpatterns += [path("bench/bare/", views.BareView.as_view(), name="bench_bare")]
