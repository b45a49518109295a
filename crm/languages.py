"""The interface language, for the models and catalogues that store German and English."""

from django.conf import settings
from django.utils.translation import get_language


def german_active() -> bool:
    """Whether the active language is German (the default when none is active)."""
    return (get_language() or settings.LANGUAGE_CODE).startswith("de")
