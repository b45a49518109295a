"""Suggestions of introducers, worded for people: each `Reason` as a phrase in their language."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outreach.introductions import Reason, Suggestion

DAYS_AS_DAYS = 14
DAYS_AS_WEEKS = 60


def _tie_phrase(kind: str, strength: int) -> str:
    phrases = {
        "knows_owner": _("knows the owner personally"),
        "same_association": _("is in the same association or committee"),
        "supplier_customer": _("is a supplier or customer"),
        "mentor_company": _("is a mentor company there"),
        "local_alliance": _("is in the same local alliance"),
        "former_colleague": _("is a former colleague"),
    }
    return phrases.get(kind) or _("has a tie of strength %(strength)s of 5") % {
        "strength": strength
    }


def recency_phrase(days_ago: int | None) -> str:
    """How long ago the last contact was, e.g. "last contact 3 weeks ago"."""
    if days_ago is None:
        return _("no dated contact")
    if days_ago == 0:
        return _("last contact today")
    if days_ago < DAYS_AS_DAYS:
        return ngettext(
            "last contact %(count)d day ago", "last contact %(count)d days ago", days_ago
        ) % {"count": days_ago}
    if days_ago < DAYS_AS_WEEKS:
        weeks = round(days_ago / 7)
        return ngettext(
            "last contact %(count)d week ago", "last contact %(count)d weeks ago", weeks
        ) % {"count": weeks}
    months = round(days_ago / 30)
    return ngettext(
        "last contact %(count)d month ago", "last contact %(count)d months ago", months
    ) % {"count": months}


def reason_phrase(reason: Reason) -> str:
    """One reason, worded."""
    if reason.code == "tie":
        return _tie_phrase(reason.tie_kind, reason.strength)
    if reason.code == "recency":
        return recency_phrase(reason.days_ago)
    if reason.code == "record":
        return ngettext(
            "%(meetings)d of %(count)d introduction led to a meeting",
            "%(meetings)d of %(count)d introductions led to a meeting",
            reason.introductions,
        ) % {"meetings": reason.meetings, "count": reason.introductions}
    if reason.code == "via":
        return _("through %(name)s, who %(tie)s") % {
            "name": reason.via_name,
            "tie": _tie_phrase(reason.tie_kind, reason.strength),
        }
    return ""


def explain(suggestion: Suggestion) -> str:
    """The whole explanation of a suggestion, e.g. "knows the owner personally, last contact
    3 weeks ago, 4 of 5 introductions led to a meeting"."""
    return ", ".join(phrase for phrase in map(reason_phrase, suggestion.reasons) if phrase)
