"""What a rule says when it fires: a finding, with its evidence (pure)."""

from dataclasses import dataclass
from typing import TypeAlias

from outreach.quality.catalogue import RULES, Rule, Severity

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
Evidence: TypeAlias = dict[str, JSONValue]


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired, on what, and the figures that made it fire."""

    rule_id: str
    severity: Severity
    evidence: Evidence
    outreach_id: int | None = None
    company_id: int | None = None
    campaign_id: int | None = None
    user_id: int | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.BLOCK

    def as_dict(self) -> Evidence:
        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "evidence": self.evidence,
            "outreach_id": self.outreach_id,
            "company_id": self.company_id,
            "campaign_id": self.campaign_id,
            "user_id": self.user_id,
        }
