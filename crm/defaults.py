"""The pipeline, stages and lost reasons every new team starts with (plain data).

Teams edit their copies afterwards (administration); these values only seed
them. The data migration that gave existing teams their defaults keeps its own
frozen copy, so changing this module never rewrites history.
"""

from dataclasses import dataclass

from crm.requirements import BENEFIT_STATEMENT, INTRODUCTION, NEEDS_PROFILE


@dataclass(frozen=True, slots=True)
class StageSpec:
    name_de: str
    name_en: str
    kind: str  # crm.models.Stage.Kind
    rotting_days: int | None = None
    requirements: tuple[str, ...] = ()


PIPELINE_NAME = "Netzwerk-Partnerschaft"

STAGES: tuple[StageSpec, ...] = (
    StageSpec("Hinweis/Empfehlung", "Lead/referral", "open", rotting_days=14),
    StageSpec("Vorbereitet", "Prepared", "open", rotting_days=21, requirements=(NEEDS_PROFILE,)),
    StageSpec("Vorgestellt", "Introduced", "open", rotting_days=21, requirements=(INTRODUCTION,)),
    StageSpec("Im Gespräch", "In talks", "open", rotting_days=30),
    StageSpec("Angebot", "Offer", "open", rotting_days=30, requirements=(BENEFIT_STATEMENT,)),
    StageSpec("Partnerschaft", "Partnership", "won"),
    StageSpec("Abgesagt", "Declined", "lost"),
    StageSpec("Zurückgestellt", "On hold", "paused"),
)

# (German, English)
LOST_REASONS: tuple[tuple[str, str], ...] = (
    ("Keine Kapazität", "No capacity"),
    ("Gerade nicht der richtige Zeitpunkt", "Not the right time"),
    ("Bereits in einem anderen Netzwerk", "Already in another network"),
    ("Kein Bedarf gesehen", "No need seen"),
    ("Keine Entscheidungsperson erreicht", "No decision maker reached"),
    ("Aufwand erscheint zu hoch", "Effort seems too high"),
    ("Betrieb aufgegeben oder verkauft", "Business closed or sold"),
    ("Sonstiges", "Other"),
)
