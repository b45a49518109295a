"""The topics the expert directory starts with, and the needs each helps with (pure data)."""

from dataclasses import dataclass

from benefits import vocabulary as v


@dataclass(frozen=True, slots=True)
class TopicSpec:
    code: str
    name_de: str
    name_en: str
    needs: tuple[str, ...]


DEFAULT_TOPICS = (
    TopicSpec("care_counselling", "Pflegeberatung", "Care counselling", (v.CAREGIVERS, v.AGEING)),
    TopicSpec("kita_places", "Kita-Plätze", "Kita places", (v.YOUNG_PARENTS, v.RETURNERS)),
    TopicSpec("holiday_care", "Ferienbetreuung", "Holiday care", (v.YOUNG_PARENTS, v.SHIFT_WORK)),
    TopicSpec(
        "flexible_hours",
        "Flexible Arbeitszeiten",
        "Flexible hours",
        (v.PART_TIME, v.SHIFT_WORK, v.CAREGIVERS, v.SKILLED_STAFF),
    ),
    TopicSpec(
        "parental_leave_return",
        "Wiedereinstieg nach der Elternzeit",
        "Return from parental leave",
        (v.RETURNERS, v.YOUNG_PARENTS),
    ),
    TopicSpec("agg", "AGG (Gleichbehandlung)", "AGG (equal treatment)", (v.GROWTH,)),
    TopicSpec(
        "works_agreements",
        "Betriebsvereinbarungen",
        "Works agreements",
        (v.SHIFT_WORK, v.GROWTH),
    ),
)


def topics_for_needs(needs: list[str], topic_needs: dict[int, list[str]]) -> list[int]:
    """The topics (ids) that help with any of `needs`, best first: most needs covered."""
    wanted = set(needs)
    scored = [
        (len(wanted & set(covers)), topic_id)
        for topic_id, covers in topic_needs.items()
        if wanted & set(covers)
    ]
    return [topic_id for _score, topic_id in sorted(scored, key=lambda pair: (-pair[0], pair[1]))]
