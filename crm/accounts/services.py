"""Writes to a user's second factor: set up, confirm, new recovery codes, switch off."""

from base64 import b32encode

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.accounts.state import RECOVERY_CODE_COUNT
from history.recording import recorded

DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"


def totp_secret(*, device: TOTPDevice) -> str:
    """The device key in Base32, in groups of four, for typing into an app."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
@recorded("totp_device_start")
def totp_device_start(*, user: AbstractBaseUser | AnonymousUser) -> TOTPDevice:
    """Begin setting up an authenticator; an earlier unfinished set-up is dropped."""
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    return TOTPDevice.objects.create(user_id=user.pk, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
@recorded("totp_device_confirm")
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns new recovery codes.

    None when the code is wrong. Another authenticator the user had is replaced.
    """
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_regenerate(user=device.user)


@transaction.atomic
@recorded("recovery_codes_regenerate")
def recovery_codes_regenerate(*, user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """Replace the user's recovery codes with new single-use ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user_id=user.pk, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
@recorded("second_factor_disable")
def second_factor_disable(*, user: AbstractBaseUser | AnonymousUser) -> None:
    """Remove the user's authenticator and recovery codes."""
    TOTPDevice.objects.filter(user_id=user.pk).delete()
    StaticDevice.objects.filter(user_id=user.pk).delete()
