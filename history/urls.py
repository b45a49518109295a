from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("history/protocol/", views.ProtocolView.as_view(), name="protocol"),
    path("history/processing/", views.ProcessingRecordView.as_view(), name="processing"),
    path(
        "history/processing/export.docx",
        views.ProcessingRecordExportView.as_view(),
        name="processing_export",
    ),
    path("history/<slug:kind>/<int:pk>/", views.RecordHistoryView.as_view(), name="record"),
]
