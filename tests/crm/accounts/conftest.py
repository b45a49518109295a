"""Helpers for the login tests: codes computed from a device's key, as an app would."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.accounts import services


def code_for(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code an authenticator app shows now (`drift`: steps ahead)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def lead_with_device(lead):
    """The lead with a confirmed authenticator and ten recovery codes."""
    device = TOTPDevice.objects.create(user=lead.user, name="Authenticator", confirmed=True)
    codes = services.recovery_codes_regenerate(user=lead.user)
    return lead, device, codes
