"""Login with a second factor, the second-factor settings, and the lockout page."""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.accounts import selectors, services
from crm.accounts.forms import CodeForm, PasswordConfirmForm
from crm.accounts.qr import qr_svg
from crm.accounts.state import (
    NEW_CODES_SESSION_KEY,
    PENDING_BACKEND_SESSION_KEY,
    PENDING_SECONDS,
    PENDING_SINCE_SESSION_KEY,
    PENDING_USER_SESSION_KEY,
    SECOND_FACTOR_SESSION_KEY,
    SecondFactor,
)

CODE_WRONG = gettext_lazy("This code is not valid. Please try again with a new code.")
PENDING_EXPIRED = gettext_lazy("Please log in again.")


def _lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed login attempts. Logging in is blocked for %(minutes)d minute; "
        "please try again after that.",
        "Too many failed login attempts. Logging in is blocked for %(minutes)d minutes; "
        "please try again after that.",
        minutes,
    ) % {"minutes": minutes}


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with the wait time, for a locked user name or address (axes)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    username = (credentials or {}).get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout_message": _lockout_message(minutes), "next": ""}
    return render(request, "registration/login.html", context, status=429)


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """The password; then the code step when the user has a second factor."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not selectors.devices_confirmed(user=user):
            return super().form_valid(form)
        session = self.request.session
        session[PENDING_USER_SESSION_KEY] = user.pk
        session[PENDING_BACKEND_SESSION_KEY] = user.backend
        session[PENDING_SINCE_SESSION_KEY] = time.time()
        url = reverse("login_code")
        next_url = self.get_redirect_url()
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


class LoginCodeView(FormView):
    """The second step of the login: a code from the app or a recovery code."""

    form_class = CodeForm
    template_name = "registration/login_code.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        session = request.session
        since = session.get(PENDING_SINCE_SESSION_KEY, 0)
        pending_id = session.get(PENDING_USER_SESSION_KEY)
        user = None
        if pending_id is not None and time.time() - since < PENDING_SECONDS:
            user = get_user_model().objects.filter(pk=pending_id, is_active=True).first()
        if user is None:
            messages.info(request, PENDING_EXPIRED)
            return redirect("login")
        self.pending_user: Any = user
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)

    def form_valid(self, form: CodeForm) -> HttpResponse:
        user = self.pending_user
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", CODE_WRONG)
            return self.form_invalid(form)
        session = self.request.session
        backend = session.pop(PENDING_BACKEND_SESSION_KEY)
        for key in (PENDING_USER_SESSION_KEY, PENDING_SINCE_SESSION_KEY):
            session.pop(key, None)
        # django-otp keeps the device in the session on login (its own receiver).
        user.otp_device = device
        auth_login(self.request, user, backend=backend)
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(
                self.request,
                ngettext(
                    "You logged in with a recovery code; %(count)d code is left.",
                    "You logged in with a recovery code; %(count)d codes are left.",
                    left,
                )
                % {"count": left},
            )
        return redirect(_safe_next(self.request, self.request.POST.get("next", "")))


class SecurityView(LoginRequiredMixin, TemplateView):
    """The profile section "Two-factor login": state, set up, new codes, switch off."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        kwargs.setdefault("disable_form", PasswordConfirmForm(user=user))
        return super().get_context_data(
            configured=selectors.second_factor_configured(user=user),
            required=selectors.second_factor_required(user=user),
            codes_left=selectors.recovery_codes_left(user=user),
            **kwargs,
        )


class SecondFactorStartView(LoginRequiredMixin, View):
    """Begin setting up an authenticator app."""

    def post(self, request: HttpRequest) -> HttpResponse:
        services.totp_device_start(user=request.user)
        return redirect("second_factor_setup")


class SecondFactorSetupView(LoginRequiredMixin, FormView):
    """The QR code and the secret; confirmed by a first code from the app."""

    form_class = CodeForm
    template_name = "accounts/setup.html"

    device: TOTPDevice

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            device = selectors.totp_device_unconfirmed(user=request.user)
            if device is None:
                return redirect("account_security")
            self.device = device
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            qr_code=qr_svg(self.device.config_url),
            secret=services.totp_secret(device=self.device),
            **kwargs,
        )

    def form_valid(self, form: CodeForm) -> HttpResponse:
        codes = services.totp_device_confirm(device=self.device, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", CODE_WRONG)
            return self.form_invalid(form)
        # This session has just shown the new device a code.
        otp_login(self.request, self.device)
        self.request.session[SECOND_FACTOR_SESSION_KEY] = SecondFactor.PASSED.value
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(self.request, _("Two-factor login is on."))
        return redirect("recovery_codes")


class RecoveryCodesView(LoginRequiredMixin, View):
    """Show new recovery codes once (GET), or make new ones (POST)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        if not codes:
            return redirect("account_security")
        return render(request, "accounts/recovery_codes.html", {"codes": codes})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not selectors.second_factor_configured(user=request.user):
            return redirect("account_security")
        codes = services.recovery_codes_regenerate(user=request.user)
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("New recovery codes were made; the old ones no longer work."))
        return redirect("recovery_codes")


class SecondFactorDisableView(LoginRequiredMixin, View):
    """Switch the second factor off, after the password is given again."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PasswordConfirmForm(request.POST, user=request.user)
        if not form.is_valid():
            view = SecurityView(request=request, kwargs={})
            context = view.get_context_data(disable_form=form)
            return render(request, SecurityView.template_name, context, status=400)
        services.second_factor_disable(user=request.user)
        required = selectors.second_factor_required(user=request.user)
        state = SecondFactor.SETUP if required else SecondFactor.PASSED
        request.session[SECOND_FACTOR_SESSION_KEY] = state.value
        messages.success(request, _("Two-factor login is off."))
        return redirect("account_security")
