from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("network/", views.PartnerListView.as_view(), name="partner_list"),
    path("network/members/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path(
        "network/members/<int:pk>/status/", views.PartnerStatusView.as_view(), name="partner_status"
    ),
    path(
        "network/members/<int:pk>/people/",
        views.PartnerPersonAddView.as_view(),
        name="partner_person_add",
    ),
    path(
        "network/people/<int:pk>/remove/",
        views.PartnerPersonRemoveView.as_view(),
        name="partner_person_remove",
    ),
    path(
        "network/members/<int:pk>/introducer/",
        views.PartnerIntroducerView.as_view(),
        name="partner_introducer",
    ),
    path("network/experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("network/experts/new/", views.ExpertCreateView.as_view(), name="expert_create"),
    path("network/experts/<int:pk>/", views.ExpertUpdateView.as_view(), name="expert_update"),
    path(
        "network/experts/<int:pk>/remove/", views.ExpertRemoveView.as_view(), name="expert_remove"
    ),
    path("network/topics/", views.TopicListView.as_view(), name="topic_list"),
    path("network/topics/new/", views.TopicCreateView.as_view(), name="topic_create"),
    path("network/topics/<int:pk>/", views.TopicUpdateView.as_view(), name="topic_update"),
    path("network/events/", views.EventListView.as_view(), name="event_list"),
    path("network/events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("network/events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("network/events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path("network/events/<int:pk>/invite/", views.EventInviteView.as_view(), name="event_invite"),
    path(
        "network/events/<int:pk>/register/",
        views.EventRegisterView.as_view(),
        name="event_register",
    ),
    path(
        "network/events/<int:pk>/attendance/",
        views.EventAttendanceView.as_view(),
        name="event_attendance",
    ),
    path("network/events/<int:pk>/event.ics", views.EventIcsView.as_view(), name="event_ics"),
    path(
        "network/events/<int:pk>/letters.zip",
        views.EventLettersView.as_view(),
        name="event_letters",
    ),
    path(
        "network/registrations/<int:pk>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "network/registrations/<int:pk>/company/",
        views.RegistrationCompanyView.as_view(),
        name="registration_company",
    ),
    path("network/feed/renew/", views.FeedRenewView.as_view(), name="feed_renew"),
    # Public: no login; the secret token is the key.
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("e/<str:token>/", views.PublicRegisterView.as_view(), name="public_register"),
    path("e/<str:token>/event.ics", views.PublicIcsView.as_view(), name="public_ics"),
    path("e/cancel/<str:token>/", views.PublicCancelView.as_view(), name="public_cancel"),
]
