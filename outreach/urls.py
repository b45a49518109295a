from django.urls import path

from outreach import views
from outreach.letters import urls as letter_urls

app_name = "outreach"

urlpatterns = [
    path("pipeline/referral/", views.ReferralCreateView.as_view(), name="referral"),
    path(
        "pipeline/cases/<int:pk>/introductions/new/",
        views.IntroductionCreateView.as_view(),
        name="introduction_create",
    ),
    path(
        "pipeline/introductions/<int:pk>/outcome/",
        views.IntroductionOutcomeView.as_view(),
        name="introduction_outcome",
    ),
    path(
        "pipeline/cases/<int:pk>/introductions/request/",
        views.IntroductionRequestView.as_view(),
        name="introduction_request",
    ),
]

urlpatterns += [
    path(
        "pipeline/cases/<int:pk>/touchpoints/new/",
        views.TouchpointCreateView.as_view(),
        name="touchpoint_create",
    ),
    path("outreach/", views.CampaignListView.as_view(), name="campaign_list"),
    path("outreach/campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path(
        "outreach/campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"
    ),
    path(
        "outreach/campaigns/<int:pk>/edit/",
        views.CampaignUpdateView.as_view(),
        name="campaign_update",
    ),
    path(
        "outreach/campaigns/add-cases/",
        views.CampaignCasesBulkAddView.as_view(),
        name="campaign_cases_bulk_add",
    ),
    path(
        "outreach/campaigns/<int:pk>/cases/",
        views.CampaignCasesAddView.as_view(),
        name="campaign_cases_add",
    ),
    path(
        "outreach/campaigns/<int:pk>/<slug:action>/",
        views.CampaignActionView.as_view(),
        name="campaign_action",
    ),
    path(
        "outreach/campaign-items/<int:pk>/",
        views.CampaignItemUpdateView.as_view(),
        name="campaign_item_update",
    ),
    path(
        "outreach/campaign-items/<int:pk>/remove/",
        views.CampaignItemRemoveView.as_view(),
        name="campaign_item_remove",
    ),
    path("outreach/review/", views.ReviewQueueView.as_view(), name="review"),
    path("outreach/flags/bulk/", views.FlagBulkView.as_view(), name="flags_bulk"),
    path("outreach/flags/<int:pk>/", views.FlagResolveView.as_view(), name="flag_resolve"),
    path("outreach/settings/", views.OutreachSettingsView.as_view(), name="settings"),
    path(
        "outreach/settings/pipelines/<int:pk>/",
        views.PipelineTargetView.as_view(),
        name="pipeline_targets",
    ),
    path(
        "outreach/touchpoints/<int:pk>/outcome/",
        views.TouchpointOutcomeView.as_view(),
        name="touchpoint_outcome",
    ),
]

# Letters: a case's letter, the letterhead and templates, a campaign's batch.
urlpatterns += letter_urls.urlpatterns
