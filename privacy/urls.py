from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("contacts/<int:pk>/access/", views.ContactAccessView.as_view(), name="contact_access"),
    path("contacts/<int:pk>/erase/", views.ContactEraseView.as_view(), name="contact_erase"),
    path("partners/<int:pk>/access/", views.PartnerAccessView.as_view(), name="partner_access"),
    path("partners/<int:pk>/erase/", views.PartnerEraseView.as_view(), name="partner_erase"),
    path("privacy/log/", views.PrivacyLogView.as_view(), name="log"),
    path("privacy/retention/", views.RetentionView.as_view(), name="retention"),
    path("privacy/retention/hold/", views.RetentionHoldView.as_view(), name="retention_hold"),
    path(
        "privacy/retention/holds/<int:pk>/release/",
        views.RetentionReleaseView.as_view(),
        name="retention_release",
    ),
]
