from django.urls import path

from benefits import views

app_name = "benefits"

urlpatterns = [
    path("benefits/", views.StatementListView.as_view(), name="statement_list"),
    path(
        "benefits/companies/<int:company_pk>/profile/",
        views.ProfileEditView.as_view(),
        name="profile_edit",
    ),
    path(
        "benefits/companies/<int:company_pk>/draft/",
        views.StatementDraftView.as_view(),
        name="statement_draft",
    ),
    path(
        "benefits/statements/<int:pk>/",
        views.StatementDetailView.as_view(),
        name="statement_detail",
    ),
    path(
        "benefits/statements/<int:pk>/edit/",
        views.StatementEditView.as_view(),
        name="statement_edit",
    ),
    path(
        "benefits/statements/<int:pk>/approve/",
        views.StatementApproveView.as_view(),
        name="statement_approve",
    ),
    path(
        "benefits/statements/<int:pk>/sent/",
        views.StatementSentView.as_view(),
        name="statement_sent",
    ),
    path(
        "benefits/statements/<int:pk>/diff/",
        views.StatementDiffView.as_view(),
        name="statement_diff",
    ),
    path("benefits/catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path(
        "benefits/catalogue/measures/new/",
        views.CatalogueEntryView.as_view(kind="measure"),
        name="measure_create",
    ),
    path(
        "benefits/catalogue/measures/<int:pk>/",
        views.CatalogueEntryView.as_view(kind="measure"),
        name="measure_update",
    ),
    path(
        "benefits/catalogue/arguments/new/",
        views.CatalogueEntryView.as_view(kind="argument"),
        name="argument_create",
    ),
    path(
        "benefits/catalogue/arguments/<int:pk>/",
        views.CatalogueEntryView.as_view(kind="argument"),
        name="argument_update",
    ),
    path("benefits/facts/", views.FactListView.as_view(), name="fact_list"),
    path("benefits/facts/new/", views.FactCreateView.as_view(), name="fact_create"),
    path("benefits/facts/<int:pk>/edit/", views.FactUpdateView.as_view(), name="fact_update"),
    path("benefits/facts/<int:pk>/delete/", views.FactDeleteView.as_view(), name="fact_delete"),
    path("benefits/settings/", views.SettingsView.as_view(), name="settings"),
]
