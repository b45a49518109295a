"""The outreach checks' findings as the pages show them, worded in the active language.

Shared by the pages that log a contact and the letter page, which both show what
the checks found before anything is saved.
"""

from typing import Any

from crm.languages import german_active
from outreach import explanations, quality


def _language() -> str:
    return "de" if german_active() else "en"


def findings_for_display(findings: list[quality.Finding]) -> list[dict[str, Any]]:
    """Each finding with its rule's title, explanation and detail, for the templates."""
    language = _language()
    return [
        {
            "rule": finding.rule,
            "title": finding.rule.title(language),
            "explanation": finding.rule.explanation(language),
            "detail": explanations.finding_detail(finding.rule_id, finding.evidence),
            "blocks": finding.blocks,
        }
        for finding in findings
    ]
