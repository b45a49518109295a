"""The rules as users see them: complete, numbered, in German and English (no database)."""

from outreach.quality import (
    CHANNEL_NOT_ALLOWED,
    DO_NOT_CONTACT,
    GENERIC_TEXT,
    RULES,
    Severity,
)


def test_rule_registry_is_complete_and_bilingual():
    assert sorted(rule.number for rule in RULES.values()) == list(range(1, 10))
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.title("de")
        assert rule.title("en") not in ("", rule.title("de"))
        assert rule.explanation("de-de") == rule.explanation_de
        assert rule.explanation("en") == rule.explanation_en
    blocking = {rule.id for rule in RULES.values() if rule.severity == Severity.BLOCK}
    assert blocking == {CHANNEL_NOT_ALLOWED, DO_NOT_CONTACT}
    assert RULES[GENERIC_TEXT].campaign_severity == Severity.BLOCK
