from django.urls import path

from outreach.letters import views

urlpatterns = [
    path(
        "pipeline/cases/<int:pk>/letter/",
        views.CaseLetterView.as_view(),
        name="case_letter",
    ),
    path(
        "outreach/letters/<int:pk>/download/",
        views.LetterDownloadView.as_view(),
        name="letter_download",
    ),
    path(
        "outreach/letters/settings/",
        views.LetterSettingsView.as_view(),
        name="letter_settings",
    ),
    path(
        "outreach/letters/settings/logo/",
        views.LetterheadLogoView.as_view(),
        name="letterhead_logo",
    ),
    path(
        "outreach/letter-templates/<int:pk>/active/",
        views.LetterTemplateActiveView.as_view(),
        name="letter_template_active",
    ),
    path(
        "outreach/letter-templates/<int:pk>/download/",
        views.LetterTemplateDownloadView.as_view(),
        name="letter_template_download",
    ),
    path(
        "outreach/campaign-letters/<int:pk>/",
        views.CampaignLettersView.as_view(),
        name="campaign_letters",
    ),
    path(
        "outreach/letter-batches/<int:pk>/zip/",
        views.BatchArchiveView.as_view(),
        name="letter_batch_zip",
    ),
]
