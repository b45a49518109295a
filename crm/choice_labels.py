"""`get_FOO_display()` without translating every choice on every call."""

from typing import Any

from django.db import models
from django.utils.encoding import force_str


class ChoiceLabels:
    """A model mixin: `get_FOO_display()` looks the value up in a dict kept on the field.

    Django's own builds a dict of the field's choices on every call, hashing each
    (value, label) pair, and hashing a lazy label translates it: a case list of 25
    rows translated 400 source labels to show 50. Here the dict is built once per
    field, keyed by value only, and only the label shown is translated.
    """

    def _get_FIELD_display(self, field: models.Field) -> Any:
        value = getattr(self, field.attname)
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:
            labels = field.__dict__["_labels_by_value"] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list, say) is shown as it is
            label = value
        return force_str(label, strings_only=True)
