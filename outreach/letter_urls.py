from django.urls import path

from outreach import letter_views

urlpatterns = [
    path(
        "pipeline/cases/<int:pk>/letter/",
        letter_views.CaseLetterView.as_view(),
        name="case_letter",
    ),
    path(
        "outreach/letters/<int:pk>/download/",
        letter_views.LetterDownloadView.as_view(),
        name="letter_download",
    ),
    path(
        "outreach/letters/settings/",
        letter_views.LetterSettingsView.as_view(),
        name="letter_settings",
    ),
    path(
        "outreach/letter-templates/<int:pk>/active/",
        letter_views.LetterTemplateActiveView.as_view(),
        name="letter_template_active",
    ),
    path(
        "outreach/letter-templates/<int:pk>/download/",
        letter_views.LetterTemplateDownloadView.as_view(),
        name="letter_template_download",
    ),
    path(
        "outreach/campaign-letters/<int:pk>/",
        letter_views.CampaignLettersView.as_view(),
        name="campaign_letters",
    ),
    path(
        "outreach/letter-batches/<int:pk>/zip/",
        letter_views.BatchArchiveView.as_view(),
        name="letter_batch_zip",
    ),
]
