"""The REST API under /api/v1/, its schema and docs; the token page of the profile."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import endpoints, reports, views

router = SimpleRouter(use_regex_path=False)
router.register("companies", endpoints.CompanyViewSet, basename="company")
router.register("contacts", endpoints.ContactViewSet, basename="contact")
router.register("partners", endpoints.PartnerViewSet, basename="partner")
router.register("ties", endpoints.TieViewSet, basename="tie")
router.register("cases", endpoints.CaseViewSet, basename="case")
router.register("stages", endpoints.StageViewSet, basename="stage")
router.register("introductions", endpoints.IntroductionViewSet, basename="introduction")
router.register("touchpoints", endpoints.TouchpointViewSet, basename="touchpoint")
router.register("campaigns", endpoints.CampaignViewSet, basename="campaign")
router.register("flags", endpoints.FlagViewSet, basename="flag")
router.register("needs-profiles", endpoints.NeedsProfileViewSet, basename="needs-profile")
router.register("statements", endpoints.StatementViewSet, basename="statement")
router.register("reports", reports.ReportViewSet, basename="report")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

token_urlpatterns = [
    path("empfehlen/danke/", views.ReferralThanksView.as_view(), name="referral_thanks"),
    path("empfehlen/<str:token>/", views.ReferralFormView.as_view(), name="referral_form"),
    path(
        "partners/<int:pk>/referral-link/",
        views.ReferralLinkView.as_view(),
        name="referral_link",
    ),
    path(
        "pipeline/cases/<int:pk>/thanks-letter/",
        views.ThanksLetterView.as_view(),
        name="thanks_letter",
    ),
    path(
        "thanks-letters/<int:pk>/docx/",
        views.ThanksLetterDownloadView.as_view(),
        name="thanks_letter_download",
    ),
    path("webhooks/", views.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook_delete"),
    path(
        "webhooks/deliveries/<int:pk>/replay/",
        views.WebhookReplayView.as_view(),
        name="webhook_replay",
    ),
    path("accounts/api-tokens/", views.TokenListView.as_view(), name="api_tokens"),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        views.TokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
]
