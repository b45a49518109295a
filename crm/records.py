"""Small helpers that every app's services share when they write a record."""

from typing import Any

from django.db.models import Model


def fields_assign(instance: Model, fields: dict[str, Any]) -> None:
    """Set each named field of `instance` to its value; the caller validates and saves."""
    for name, value in fields.items():
        setattr(instance, name, value)
