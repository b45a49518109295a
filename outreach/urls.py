from django.urls import path

from outreach import views

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
