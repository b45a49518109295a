"""Record at every login what the new session still owes for the second factor.

Every way in sends `user_logged_in` (the login form, the admin's login page,
`force_login` in tests), so a session that skipped the code step is caught by
the middleware instead of trusting each login page.
"""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from crm.accounts.selectors import second_factor_state
from crm.accounts.state import SECOND_FACTOR_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="crm.accounts.second_factor_state")
def second_factor_state_on_login(
    sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    # The code step sets `otp_device` on the user before logging them in.
    verified = getattr(user, "otp_device", None) is not None
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor_state(
        user=user, verified=verified
    ).value
