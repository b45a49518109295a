"""How a duplicate match explains itself on a page."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from companies.matching import Field, Verdict

register = template.Library()

FIELD_LABELS = {
    Field.NAME: _("Name"),
    Field.LEGAL_FORM: _("Legal form"),
    Field.STREET: _("Street"),
    Field.POSTAL_CODE: _("Postal code"),
    Field.CITY: _("City"),
    Field.PHONE: _("Phone"),
    Field.WEBSITE: _("Website"),
}
VERDICT_LABELS = {
    Verdict.SAME: _("same"),
    Verdict.SIMILAR: _("similar"),
    Verdict.DIFFERENT: _("different"),
    Verdict.MISSING: _("missing"),
}
VERDICT_CLASSES = {
    Verdict.SAME: "text-bg-success",
    Verdict.SIMILAR: "text-bg-info",
    Verdict.DIFFERENT: "text-bg-warning",
    Verdict.MISSING: "text-bg-light",
}


@register.inclusion_tag("companies/includes/evidence.html")
def evidence(items: Any) -> dict[str, Any]:
    """Badges for the fields that spoke for or against a match.

    Takes a Match's evidence or the [field, verdict, similarity] lists kept in
    an import report; fields without evidence either way are left out.
    """
    badges = []
    for item in items:
        if isinstance(item, list | tuple):
            field, verdict, similarity = item
        else:
            if not item.weight:
                continue
            field, verdict, similarity = item.field, item.verdict, item.similarity
        badges.append(
            {
                "label": FIELD_LABELS.get(field, field),
                "verdict": VERDICT_LABELS.get(verdict, verdict),
                "css": VERDICT_CLASSES.get(verdict, "text-bg-light"),
                "similarity": similarity if verdict == Verdict.SIMILAR else None,
            }
        )
    return {"badges": badges}
