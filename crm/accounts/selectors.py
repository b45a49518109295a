"""Reads about a user's second factor."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.accounts.state import SecondFactor
from crm.models import Membership


def second_factor_required(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user leads or administers a team that requires a second factor."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=user.pk,
        team__second_factor_required=True,
        role__in=[Membership.Role.LEAD, Membership.Role.ADMIN],
    ).exists()


def second_factor_configured(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user has a confirmed authenticator (TOTP) device."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def second_factor_state(*, user: AbstractBaseUser | AnonymousUser, verified: bool) -> SecondFactor:
    """What a session of `user` still owes; `verified`: it gave a code at login."""
    if verified:
        return SecondFactor.PASSED
    if user_has_device(user, confirmed=True):
        return SecondFactor.CODE
    if second_factor_required(user=user):
        return SecondFactor.SETUP
    return SecondFactor.PASSED


def totp_device_unconfirmed(*, user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    """The authenticator being set up, if any."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()


def recovery_codes_left(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """How many unused recovery codes the user holds."""
    device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    return device.token_set.count() if device else 0


def devices_confirmed(*, user: AbstractBaseUser | AnonymousUser) -> list:
    """Every confirmed device of the user (authenticator and recovery codes)."""
    return list(devices_for_user(user, confirmed=True))
