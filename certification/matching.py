"""Which mentor fits which mentee: rank mentoring pairs by what they share (pure).

The inputs are plain records a selector fetched for one programme: for every
company its current challenges (needs profile), the measures it committed to or
already offers, its sector (WZ section), size class and place. A pair earns
points for

- each challenge both face (the mentor has been through it: the strongest sign),
- each measure both committed to or offer (the mentor can tell how it went),
- the same sector, and the same or a neighbouring size class,
- being near: the same town, the same district, the same postal area.

Every suggestion carries its reasons as data (`Reason`), so that the interface
words them in the user's language, like the introduction suggestions.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

SHARED_CHALLENGE = 3.0
SHARED_MEASURE = 2.0
SAME_SECTOR = 2.0
SAME_SIZE = 1.5
NEIGHBOUR_SIZE = 0.5
NEARNESS_POINTS = {
    "same_place": 3.0,
    "same_district": 2.0,
    "nearby": 1.5,  # the same three-digit postal area
    "region": 0.5,  # the same two-digit postal region
    "far": 0.0,
    "unknown": 0.0,
}
SIZE_ORDER = ("micro", "small", "medium", "large")
# How many mentors are suggested per mentee.
DEFAULT_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A company in a programme, as the ranking sees it."""

    company_id: int
    name: str
    challenges: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    sector_section: str = ""
    size_class: str = ""
    postal_code: str = ""
    city: str = ""
    district: str = ""
    # Mentors: how many more mentees they can take on.
    free_places: int = 1


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a suggestion's explanation; `code` says which, the rest its details."""

    code: str  # "challenges", "measures", "sector", "size", "place"
    items: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def _postal(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    # Spreadsheets drop the leading zero of Saxon and Thuringian codes (04109 → 4109).
    return "0" + digits if len(digits) == 4 else digits


def nearness(a: Candidate, b: Candidate) -> str:
    """How near two companies are, from their town, district and postal codes."""
    if a.city and a.city.strip().casefold() == b.city.strip().casefold():
        return "same_place"
    if a.district and a.district.strip().casefold() == b.district.strip().casefold():
        return "same_district"
    first, second = _postal(a.postal_code), _postal(b.postal_code)
    if len(first) != 5 or len(second) != 5:
        return "unknown"
    if first == second:
        return "same_place"
    if first[:3] == second[:3]:
        return "nearby"
    if first[:2] == second[:2]:
        return "region"
    return "far"


def _size_step(a: str, b: str) -> int | None:
    if a not in SIZE_ORDER or b not in SIZE_ORDER:
        return None
    return abs(SIZE_ORDER.index(a) - SIZE_ORDER.index(b))


def score_pair(mentor: Candidate, mentee: Candidate) -> Suggestion:
    """The points of one pair, with the reasons that earned them."""
    score = 0.0
    reasons: list[Reason] = []
    challenges = tuple(sorted(mentor.challenges & mentee.challenges))
    if challenges:
        score += SHARED_CHALLENGE * len(challenges)
        reasons.append(Reason("challenges", items=challenges))
    measures = tuple(sorted(mentor.measures & mentee.measures))
    if measures:
        score += SHARED_MEASURE * len(measures)
        reasons.append(Reason("measures", items=measures))
    if mentor.sector_section and mentor.sector_section == mentee.sector_section:
        score += SAME_SECTOR
        reasons.append(Reason("sector", detail=mentor.sector_section))
    step = _size_step(mentor.size_class, mentee.size_class)
    if step == 0:
        score += SAME_SIZE
        reasons.append(Reason("size", detail="same"))
    elif step == 1:
        score += NEIGHBOUR_SIZE
        reasons.append(Reason("size", detail="neighbour"))
    near = nearness(mentor, mentee)
    score += NEARNESS_POINTS[near]
    place = mentor.district if near == "same_district" else mentor.city or mentor.postal_code
    reasons.append(Reason("place", detail=near, items=(place,)))
    return Suggestion(
        mentor_id=mentor.company_id,
        mentee_id=mentee.company_id,
        mentor_name=mentor.name,
        mentee_name=mentee.name,
        score=round(score, 3),
        reasons=tuple(reasons),
    )


def rank_mentors(
    mentee: Candidate, mentors: Iterable[Candidate], *, limit: int = DEFAULT_LIMIT
) -> list[Suggestion]:
    """The best mentors for one mentee: highest score first, then by name (stable).

    Mentors with no free place, and the mentee itself, are left out.
    """
    found = [
        score_pair(mentor, mentee)
        for mentor in mentors
        if mentor.free_places > 0 and mentor.company_id != mentee.company_id
    ]
    found.sort(key=lambda s: (-s.score, s.mentor_name, s.mentor_id))
    return found[:limit]


def suggest(
    mentees: Iterable[Candidate], mentors: Iterable[Candidate], *, limit: int = DEFAULT_LIMIT
) -> dict[int, list[Suggestion]]:
    """Per mentee (by company id), its best mentors."""
    mentor_list = list(mentors)
    return {mentee.company_id: rank_mentors(mentee, mentor_list, limit=limit) for mentee in mentees}
