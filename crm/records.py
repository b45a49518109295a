"""Small helpers that every app's services share when they write a record."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model


def fields_assign(instance: Model, fields: dict[str, Any]) -> None:
    """Set each named field of `instance` to its value; the caller validates and saves."""
    for name, value in fields.items():
        setattr(instance, name, value)


@contextmanager
def unique_or_error(field: str, message: Any) -> Iterator[None]:
    """Save inside a savepoint; a unique clash becomes the form's error on `field`.

    The service checks for the clash first; this covers the race, when someone else
    saved the same name between that check and this save.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ValidationError({field: ValidationError(message, code="unique")}) from exc
