"""A select's options, written in one pass.

The template loop that wrote them (`{% for value, label in field.field.choices %}` with
the bound value formatted for every option) cost 10–20 ms on a filter form with a few
hundred options (districts, owners, stages, sectors): the bound value was worked out
again for each option.
"""

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def select_options(field: BoundField) -> SafeString:
    """The `<option>`s of a choice field, the bound value selected."""
    current = f"{field.value()}"
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if f"{value}" == current else "", label)
            for value, label in field.field.choices  # type: ignore[attr-defined]
        ),
    )
