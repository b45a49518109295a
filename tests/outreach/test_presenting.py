"""The checks' findings as the pages show them, worded in the active language."""

from django.utils import translation

from outreach import quality
from outreach.presenting import findings_for_display


def test_findings_are_worded_in_the_active_language():
    finding = quality.Finding(quality.UNPREPARED_FIRST_CONTACT, quality.Severity.BLOCK, {})
    with translation.override("en"):
        (shown,) = findings_for_display([finding])
    assert shown["rule"] is finding.rule
    assert shown["title"] == finding.rule.title("en")
    assert shown["explanation"] == finding.rule.explanation("en")
    assert shown["detail"] == "No needs profile was captured before this first contact."
    assert shown["blocks"] is True
    with translation.override("de"):
        (shown,) = findings_for_display([finding])
    assert shown["title"] == finding.rule.title("de")
    assert shown["title"] != finding.rule.title("en")
