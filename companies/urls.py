from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="list"),
    path("companies/suggest/", views.CompanySuggestView.as_view(), name="suggest"),
    path("partners/suggest/", views.PartnerSuggestView.as_view(), name="partner_suggest"),
    path("companies/new/", views.CompanyCreateView.as_view(), name="create"),
    path("companies/duplicates/", views.DuplicateReviewView.as_view(), name="duplicates"),
    path(
        "companies/duplicates/<int:a>/<int:b>/distinct/",
        views.DistinctConfirmView.as_view(),
        name="distinct",
    ),
    path(
        "companies/duplicates/<int:a>/<int:b>/related/",
        views.RelateView.as_view(),
        name="relate",
    ),
    path("companies/<int:pk>/unrelate/", views.UnrelateView.as_view(), name="unrelate"),
    path(
        "companies/merge/<int:survivor>/<int:merged>/",
        views.CompanyMergeView.as_view(),
        name="merge",
    ),
    path("companies/import/", views.ImportView.as_view(), name="import"),
    path("companies/import/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("companies/import/<int:pk>/start/", views.ImportStartView.as_view(), name="import_start"),
    path(
        "companies/import/<int:pk>/rejected/",
        views.ImportRejectedView.as_view(),
        name="import_rejected",
    ),
    path("companies/import/<int:pk>/file/", views.ImportFileView.as_view(), name="import_file"),
    path(
        "companies/import/<int:pk>/progress/",
        views.ImportProgressView.as_view(),
        name="import_progress",
    ),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="detail"),
    path("companies/<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="update"),
    path("companies/<int:pk>/delete/", views.CompanyDeleteView.as_view(), name="delete"),
    path(
        "companies/<int:company_pk>/contacts/new/",
        views.ContactCreateView.as_view(),
        name="contact_create",
    ),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/new/", views.PartnerCreateView.as_view(), name="partner_create"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner_update"),
    path("partners/<int:pk>/delete/", views.PartnerDeleteView.as_view(), name="partner_delete"),
    path("ties/new/", views.TieCreateView.as_view(), name="tie_create"),
    path("ties/<int:pk>/edit/", views.TieUpdateView.as_view(), name="tie_update"),
    path("ties/<int:pk>/delete/", views.TieDeleteView.as_view(), name="tie_delete"),
]
