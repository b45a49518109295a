"""Suggestions of introducers, worded for people: each `Reason` as a phrase in their language."""

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.exports import number_text
from outreach import quality
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


def _number(value: Any) -> Any:
    """A figure of the evidence as the active language writes it ("100,0" in German)."""
    return number_text(value) if isinstance(value, float) else value


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


# --- Targeting findings -------------------------------------------------------------


def _reason_phrase(reason: str) -> str:
    phrases = {
        "no_email_consent": _("no prior consent to advertising email is recorded"),
        "consent_after_contact": _("the consent to email was given only after this date"),
        "no_presumed_consent_reason": _(
            "no reason from the company's own interest for a call is recorded"
        ),
        "do_not_contact": _("the person is marked “do not contact”"),
        "objection": _("the person objected to direct marketing"),
        "declined": _("the company said no and is not due to be approached again"),
    }
    return phrases.get(reason, reason)


def finding_detail(rule_id: str, evidence: dict[str, Any]) -> str:
    """What made a rule fire, in a sentence of the active language."""
    if rule_id == quality.UNPREPARED_FIRST_CONTACT:
        if evidence.get("age_days") is None:
            return _("No needs profile was captured before this first contact.")
        return _("The needs profile is %(age)s days old (counts for %(max)s days).") % {
            "age": evidence["age_days"],
            "max": evidence.get("max_age_days"),
        }
    if rule_id == quality.COLD_ALTHOUGH_WARM:
        return ngettext(
            "%(count)s partner has a strong tie (strength %(strength)s, %(age)s days ago).",
            "%(count)s partners have a strong tie (the best: strength %(strength)s, "
            "%(age)s days ago).",
            evidence.get("strong_ties", 1),
        ) % {
            "count": evidence.get("strong_ties", 1),
            "strength": evidence.get("tie_strength"),
            "age": evidence.get("tie_age_days"),
        }
    if rule_id == quality.GENERIC_TEXT:
        if evidence.get("scope") == "campaign":
            return _(
                "%(generic)s of %(letters)s letters (%(percent)s %%) read like a mass letter; "
                "at most %(max)s %% may."
            ) % {
                "generic": evidence.get("generic"),
                "letters": evidence.get("letters"),
                "percent": _number(evidence.get("percent")),
                "max": _number(evidence.get("max_percent")),
            }
        return ngettext(
            "The text is %(similarity)s %% alike to %(count)s other text once names and "
            "addresses are masked.",
            "The text is %(similarity)s %% alike to %(count)s other texts once names and "
            "addresses are masked.",
            evidence.get("similar_texts", 1),
        ) % {
            "similarity": _number(evidence.get("similarity")),
            "count": evidence.get("similar_texts"),
        }
    if rule_id == quality.VOLUME_BURST:
        parts = evidence.get("exceeded") or [evidence]
        scopes = {
            "person": _("cold first contacts by this person"),
            "campaign": _("cold first contacts in this campaign"),
            "template": _("companies contacted with this template"),
        }
        return " ".join(
            _("%(count)s %(what)s within %(days)s days (at most %(max)s).")
            % {
                "count": part.get("count"),
                "what": scopes.get(part.get("scope", ""), ""),
                "days": part.get("days"),
                "max": part.get("max"),
            }
            for part in parts
        )
    if rule_id == quality.POOR_FIT:
        labels = {
            "size_class": _("size class"),
            "district": _("district"),
            "section": _("sector"),
        }
        outside = ", ".join(str(labels.get(name, name)) for name in evidence.get("outside", []))
        return _("Outside the pipeline's target group: %(what)s.") % {"what": outside}
    if rule_id in (quality.CHANNEL_NOT_ALLOWED, quality.DO_NOT_CONTACT):
        reasons = evidence.get("reasons") or [evidence.get("reason", "")]
        text = "; ".join(_reason_phrase(str(reason)) for reason in reasons)
        return text[:1].upper() + text[1:] + "."
    if rule_id == quality.NO_NAMED_PERSON:
        if evidence.get("salutation"):
            return _("Addressed as “%(salutation)s”, to no one in particular.") % {
                "salutation": evidence["salutation"]
            }
        return _("No contact person is chosen.")
    if rule_id == quality.REPEAT_CONTACT:
        channels = {"letter": _("a letter"), "email": _("an email")}
        return ngettext(
            "The company got %(what)s from the team %(days)s day earlier, on %(on)s "
            "(contact no. %(id)s); the team allows one every %(window)s days.",
            "The company got %(what)s from the team %(days)s days earlier, on %(on)s "
            "(contact no. %(id)s); the team allows one every %(window)s days.",
            int(evidence.get("days_between") or 0),
        ) % {
            "what": channels.get(str(evidence.get("earlier_channel")), _("a letter")),
            "days": evidence.get("days_between"),
            "on": _date(evidence.get("earlier_on")),
            "id": evidence.get("earlier_id"),
            "window": evidence.get("window_days"),
        }
    return ""


def _date(iso: Any) -> str:
    """An ISO date from the evidence in the active language's short format."""
    try:
        return date_format(date.fromisoformat(str(iso)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(iso)
