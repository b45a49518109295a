"""Login steps, password reset and the second-factor settings (no namespace:
Django's password views reverse their own names)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from crm.accounts import views

urlpatterns = [
    path("login/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("security/", views.SecurityView.as_view(), name="account_security"),
    path(
        "security/second-factor/start/",
        views.SecondFactorStartView.as_view(),
        name="second_factor_start",
    ),
    path(
        "security/second-factor/",
        views.SecondFactorSetupView.as_view(),
        name="second_factor_setup",
    ),
    path(
        "security/second-factor/off/",
        views.SecondFactorDisableView.as_view(),
        name="second_factor_disable",
    ),
    path(
        "security/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
