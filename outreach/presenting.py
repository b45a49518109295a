"""The outreach checks' findings as the pages show them, worded in the active language.

Shared by the pages that log a contact and the letter page, which both show what
the checks found before anything is saved.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.languages import german_active
from crm.navigation import url_with_next
from outreach import explanations, quality
from outreach.quality.catalogue import CHANNEL_NOT_ALLOWED

CONSENT_FIX = _("Record the contact's consent")
# The consent fields on the contact form (crispy names the wrapper div after the field).
CONSENT_ANCHOR = "#div_id_email_consent_on"


def _language() -> str:
    return "de" if german_active() else "en"


def findings_for_display(
    findings: list[quality.Finding], *, back: str = ""
) -> list[dict[str, Any]]:
    """Each finding with its rule's title, explanation and detail, for the templates.

    A finding the user can make good elsewhere (an email without recorded consent)
    links there; saved, that page returns to `back`.
    """
    language = _language()
    return [
        {
            "rule": finding.rule,
            "title": finding.rule.title(language),
            "explanation": finding.rule.explanation(language),
            "detail": explanations.finding_detail(finding.rule_id, finding.evidence),
            "blocks": finding.blocks,
            **_fix(finding, back),
        }
        for finding in findings
    ]


def _fix(finding: quality.Finding, back: str) -> dict[str, str]:
    evidence = finding.evidence
    contact_id = evidence.get("contact_id")
    if finding.rule_id == CHANNEL_NOT_ALLOWED and evidence.get("channel") == "email" and contact_id:
        url = reverse("companies:contact_update", args=[contact_id])
        if back:
            url = url_with_next(url, back)
        return {"fix_label": str(CONSENT_FIX), "fix_url": url + CONSENT_ANCHOR}
    return {}
