"""Field validators for German addresses and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_postal_code = RegexValidator(
    regex=r"^\d{5}\Z",
    message=_("Enter a German postal code of five digits, e.g. 04109."),
    code="invalid_postal_code",
)

_PHONE_ALLOWED = re.compile(r"^\+?[\d\s/()\-.]+\Z")


def validate_phone(value: str) -> None:
    """Accept the usual German notations (+49 341 123456, 0341/123 45-6) with 6 to 15 digits."""
    digits = re.sub(r"\D", "", value)
    if not _PHONE_ALLOWED.match(value) or not 6 <= len(digits) <= 15:
        raise ValidationError(
            _("Enter a phone number of 6 to 15 digits, e.g. +49 341 1234567."),
            code="invalid_phone",
        )
