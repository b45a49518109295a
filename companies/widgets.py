"""A select that searches as you type (Tom Select, static/js/pickers.js).

It renders only the chosen option, not the team's hundreds of companies; the
browser asks a JSON endpoint (`companies:suggest`, `companies:partner_suggest`)
for matches. The form field still validates the chosen id against its own
queryset, so a typed-in id of another team is refused as an invalid choice.
"""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PickerSelect(forms.Select):
    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-picker-url": reverse(self.url_name),
            "data-picker-placeholder": str(_("Type a name, town or postal code …")),
            "data-picker-empty": str(_("Nothing found.")),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        chosen = {str(v) for v in value if v not in (None, "")}
        everything = self.choices
        queryset = getattr(everything, "queryset", None)
        if queryset is None:  # plain choices: nothing to search, show them all
            return super().optgroups(name, value, attrs)
        # An empty option first: "nothing chosen" (pickers.js shows the placeholder).
        options: list[Any] = [("", "")]
        if chosen:
            ids = [int(v) for v in chosen if v.isdigit()]
            options += [everything.choice(obj) for obj in queryset.filter(pk__in=ids)]
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


def company_picker() -> PickerSelect:
    return PickerSelect("companies:suggest")


def partner_picker() -> PickerSelect:
    return PickerSelect("companies:partner_suggest")
