"""Each report's page and its exports (the overview `reports` is the funnel, in crm.urls)."""

from django.urls import path

from crm.reports import views

app_name = "reports"

urlpatterns = [
    path("<slug:report>/", views.ReportView.as_view(), name="detail"),
    path("<slug:report>/export.<str:fmt>", views.ReportExportView.as_view(), name="export"),
]
