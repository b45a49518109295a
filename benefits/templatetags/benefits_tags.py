"""Template helpers: the panel on the company page and labels for stored codes."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from benefits import selectors
from benefits.models import Need, Region
from companies.models import Company, SizeClass
from crm.languages import german_active

register = template.Library()

_NEEDS = dict(Need.choices)


@register.inclusion_tag("benefits/_company_panel.html", takes_context=True)
def benefits_company_panel(context: dict[str, Any], company: Company) -> dict[str, Any]:
    """Needs profile and statements of a company, for its page (three queries)."""
    panel = selectors.company_panel(company=company)
    return {
        "available": True,
        "company": company,
        "profile": panel.profile,
        "statements": panel.statements,
        "statement_count": panel.statement_count,
        "request": context.get("request"),
    }


@register.filter
def local(obj: Any, field: str) -> Any:
    """`obj.<field>_de` or `obj.<field>_en`, by the page's language (dicts work too)."""
    suffix = "de" if german_active() else "en"
    if isinstance(obj, dict):
        return obj.get(f"{field}_{suffix}") or obj.get(f"{field}_de", "")
    return getattr(obj, f"{field}_{suffix}", "") or getattr(obj, f"{field}_de", "")


@register.filter
def need_label(code: str) -> str:
    return str(_NEEDS.get(code, code))


@register.filter
def need_labels(codes: Any) -> list[str]:
    return [need_label(code) for code in codes or []]


@register.filter
def size_labels(codes: Any) -> list[str]:
    sizes = dict(SizeClass.choices)
    return [str(sizes.get(code, code)) for code in codes or []]


@register.filter
def reason_label(reason: Any) -> str:
    """A drafting reason ({"kind", "value"} as stored in the provenance) in words."""
    kind, value = (reason["kind"], reason["value"]) if isinstance(reason, dict) else reason
    if kind == "need":
        return _("answers: %(need)s") % {"need": need_label(value)}
    if kind == "sector":
        return _("fits sector %(sector)s") % {"sector": value}
    if kind == "size":
        return _("fits the size: %(size)s") % {"size": dict(SizeClass.choices).get(value, value)}
    if kind == "region":
        return _("fits the region: %(region)s") % {"region": dict(Region.choices).get(value, value)}
    if kind == "recent":
        return _("recent evidence (%(year)s)") % {"year": value}
    if kind == "offered":
        return _("weaker: argues for what the company already offers")
    if kind == "links":
        return _("backs one of the chosen arguments")
    if kind == "district":
        return _("about %(district)s") % {"district": value}
    return f"{kind}: {value}"


@register.filter
def specific_label(kind: str) -> str:
    """A kind of company-specific fact the tailoring score looks for, in words."""
    labels = {
        "name": _("company name"),
        "place": _("town or district"),
        "sector": _("sector"),
        "employees": _("number of employees"),
        "share": _("share of women or part-time staff"),
        "offer": _("what the company already offers"),
        "fact": _("a regional fact"),
    }
    return str(labels.get(kind, kind))
