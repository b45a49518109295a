"""Mentoring suggestions worded for people: each `Reason` as a phrase in their language."""

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from benefits.models import Need
from certification.matching import Reason, Suggestion
from companies.sectors import SECTIONS_BY_CODE


def _listed(items: tuple[str, ...]) -> str:
    return ", ".join(items)


def _need_label(code: str) -> str:
    return str(dict(Need.choices).get(code, code))


def _sector_title(code: str) -> str:
    section = SECTIONS_BY_CODE.get(code)
    if section is None:
        return code
    return section.title_en if (get_language() or "de").startswith("en") else section.title_de


def reason_phrase(reason: Reason) -> str:
    """One reason, worded."""
    if reason.code == "challenges":
        return ngettext(
            "faces the same challenge: %(items)s",
            "faces the same challenges: %(items)s",
            len(reason.items),
        ) % {"items": _listed(tuple(_need_label(code) for code in reason.items))}
    if reason.code == "measures":
        return ngettext(
            "committed to the same measure: %(items)s",
            "committed to the same measures: %(items)s",
            len(reason.items),
        ) % {"items": _listed(reason.items)}
    if reason.code == "sector":
        return _("same sector (%(sector)s)") % {"sector": _sector_title(reason.detail)}
    if reason.code == "size":
        return _("same size") if reason.detail == "same" else _("similar size")
    if reason.code == "place":
        place = reason.items[0] if reason.items else ""
        phrases = {
            "same_place": _("in the same town (%(place)s)"),
            "same_district": _("in the same district (%(place)s)"),
            "nearby": _("nearby (%(place)s)"),
            "region": _("in the same region (%(place)s)"),
            "far": _("farther away (%(place)s)"),
        }
        phrase = phrases.get(reason.detail)
        return phrase % {"place": place} if phrase else _("place unknown")
    return ""


def explain(suggestion: Suggestion) -> str:
    """The whole explanation, e.g. "faces the same challenges: Shift or weekend work,
    same sector (Manufacturing), in the same town (Zwickau)"."""
    return ", ".join(phrase for phrase in map(reason_phrase, suggestion.reasons) if phrase)
