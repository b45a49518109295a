"""Hold a session to the second factor it owes."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from crm.accounts.selectors import second_factor_state
from crm.accounts.state import SECOND_FACTOR_SESSION_KEY, SecondFactor

# Pages a user who must still set up a second factor may open.
SETUP_URL_NAMES = frozenset(
    {
        "account_security",
        "second_factor_start",
        "second_factor_setup",
        "recovery_codes",
        "logout",
        "set_language",
        "password_change",
        "password_change_done",
    }
)
SETUP_REQUIRED = _(
    "Your team requires a second factor for team leads and admins. Please set one up "
    "before you continue."
)


class SecondFactorMiddleware:
    """Send a session that owes a code back to the login; one that owes a set-up to it.

    The state is decided once at login (crm.accounts.receivers) and kept in the
    session, so an ordinary request costs no query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            state = request.session.get(SECOND_FACTOR_SESSION_KEY)
            if state is None:
                # A session from before second factors existed.
                state = second_factor_state(user=request.user, verified=False).value
                request.session[SECOND_FACTOR_SESSION_KEY] = state
            if state == SecondFactor.CODE:
                # Logged in without the code step (e.g. another login page).
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        if (
            request.user.is_authenticated
            and request.session.get(SECOND_FACTOR_SESSION_KEY) == SecondFactor.SETUP
            and request.resolver_match is not None
            and request.resolver_match.url_name not in SETUP_URL_NAMES
        ):
            messages.warning(request, SETUP_REQUIRED)
            return redirect("account_security")
        return None
