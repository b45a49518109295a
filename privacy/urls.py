from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("contacts/<int:pk>/access/", views.ContactAccessView.as_view(), name="contact_access"),
    path("contacts/<int:pk>/erase/", views.ContactEraseView.as_view(), name="contact_erase"),
    path("privacy/log/", views.PrivacyLogView.as_view(), name="log"),
]
