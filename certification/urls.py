from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("certification/", views.RoundListView.as_view(), name="round_list"),
    path("certification/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("certification/settings/", views.SettingsView.as_view(), name="settings"),
    path("certification/due/", views.DueListView.as_view(), name="due_list"),
    path("certification/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path(
        "certification/<int:pk>/apply/",
        views.ApplicationCreateView.as_view(),
        name="application_create",
    ),
    path(
        "certification/applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "certification/applications/<int:pk>/commitments/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "certification/applications/<int:pk>/reviews/<int:commitment_pk>/",
        views.ReviewView.as_view(),
        name="review",
    ),
    path(
        "certification/applications/<int:pk>/decide/",
        views.DecisionView.as_view(),
        name="decide",
    ),
    path(
        "certification/applications/<int:pk>/certificate.docx",
        views.DocumentView.as_view(kind="certificate"),
        name="certificate",
    ),
    path(
        "certification/applications/<int:pk>/letter.docx",
        views.DocumentView.as_view(kind="letter"),
        name="decision_letter",
    ),
    path(
        "certification/companies/<int:company_pk>/commitments/",
        views.CompanyCommitmentCreateView.as_view(),
        name="company_commitment_create",
    ),
    path("mentoring/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("mentoring/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("mentoring/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        "mentoring/<int:pk>/participants/",
        views.ParticipantAddView.as_view(),
        name="participant_add",
    ),
    path("mentoring/<int:pk>/tandems/", views.TandemCreateView.as_view(), name="tandem_create"),
    path("mentoring/tandems/<int:pk>/", views.TandemDetailView.as_view(), name="tandem_detail"),
    path(
        "mentoring/tandems/<int:pk>/meetings/",
        views.TandemMeetingView.as_view(),
        name="tandem_meeting",
    ),
    path("mentoring/tandems/<int:pk>/goals/", views.TandemGoalsView.as_view(), name="tandem_goals"),
    path(
        "mentoring/tandems/<int:pk>/finish/",
        views.TandemFinishView.as_view(),
        name="tandem_finish",
    ),
]
