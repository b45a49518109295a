"""The words the benefit domain is built from: needs, size classes, regions (plain data).

Shared by the models (as choice values), the drafting engine and the tailoring
score, which import no Django; the user-facing labels of these codes live in
``benefits.models`` (translated with gettext).
"""

from __future__ import annotations

# -- needs: what a company faces now --------------------------------------------
SKILLED_STAFF = "skilled_staff"
SHIFT_WORK = "shift_work"
PART_TIME = "part_time"
CAREGIVERS = "caregivers"
YOUNG_PARENTS = "young_parents"
RETURNERS = "returners"
GROWTH = "growth"
AGEING = "ageing"
RURAL = "rural"
OTHER = "other"

NEEDS: tuple[str, ...] = (
    SKILLED_STAFF,
    SHIFT_WORK,
    PART_TIME,
    CAREGIVERS,
    YOUNG_PARENTS,
    RETURNERS,
    GROWTH,
    AGEING,
    RURAL,
    OTHER,
)

# Needs the catalogue can speak to; "other" is free text and has no arguments.
CATALOGUE_NEEDS: tuple[str, ...] = tuple(n for n in NEEDS if n != OTHER)

# Word stems (lower case, German and English) by which the tailoring score
# recognises that a statement speaks to a need, whatever its author wrote.
NEED_KEYWORDS: dict[str, tuple[str, ...]] = {
    SKILLED_STAFF: ("fachkräft", "fachkraft", "bewerb", "skilled", "specialist", "applicant"),
    SHIFT_WORK: ("schicht", "wochenend", "randzeit", "shift", "weekend", "off-peak"),
    PART_TIME: ("teilzeit", "vollzeitnah", "part-time", "part time", "full-time"),
    CAREGIVERS: (
        "angehörige",
        "pflegend",
        "pflegebedürf",
        "pflegezeit",
        "beruf und pflege",
        "relatives",
        "eldercare",
        "caring",
        "carer",
    ),
    YOUNG_PARENTS: (
        "junge eltern",
        "mütter",
        "väter",
        "kita",
        "kinderbetreuung",
        "young parents",
        "mothers",
        "fathers",
        "nursery",
        "childcare",
    ),
    RETURNERS: (
        "elternzeit",
        "wiedereinstieg",
        "rückkehr",
        "parental leave",
        "returner",
        "come back",
        "re-entry",
    ),
    GROWTH: (
        "wächst",
        "wachstum",
        "neue stelle",
        "einstell",
        "growing",
        "growth",
        "hiring",
        "new post",
    ),
    AGEING: ("ruhestand", "älter", "generation", "retire", "ageing", "older", "succession"),
    RURAL: ("pendel", "arbeitsweg", "ländlich", "auf dem land", "commut", "rural", "countryside"),
}

# -- size classes (EU SME definition, as in companies.models.SizeClass) ---------
MICRO = "micro"
SMALL = "small"
MEDIUM = "medium"
LARGE = "large"
SIZE_CLASSES: tuple[str, ...] = (MICRO, SMALL, MEDIUM, LARGE)

# -- regions: childcare and care structures still differ between East and West --
EAST = "east"
WEST = "west"
REGIONS: tuple[str, ...] = (EAST, WEST)

# NACE sections A-V (companies.sectors); kept here so pure code can validate them.
SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTUV")

# Five-digit postal code ranges that lie in the East although their leading
# digits say West, and the reverse (border districts, the Harz, Eichsfeld,
# Sonneberg, the Altmark, Amt Neuhaus). Not exhaustive: teams in border areas
# set their region explicitly.
_EAST_RANGES: tuple[tuple[int, int], ...] = (
    (23923, 23999),  # Nordwestmecklenburg
    (29410, 29416),  # Salzwedel
    (36404, 36469),  # Wartburgkreis
    (37308, 37359),  # Eichsfeld
    (38486, 38489),  # Altmark
    (38820, 38899),  # Harz (Sachsen-Anhalt)
    (96515, 96529),  # Sonneberg
)
_WEST_RANGES: tuple[tuple[int, int], ...] = ((19271, 19273),)  # Amt Neuhaus


def region_for_postal_code(postal_code: str) -> str | None:
    """East or West Germany for a postal code (Berlin counts as East, as Destatis does).

    An approximation from the postal regions: 0xxxx, 1xxxx, 39xxx, 98xxx and
    99xxx are East, with the exceptions above. None for an empty or odd code.
    """
    if len(postal_code) != 5 or not postal_code.isdigit():
        return None
    number = int(postal_code)
    if any(low <= number <= high for low, high in _WEST_RANGES):
        return WEST
    if any(low <= number <= high for low, high in _EAST_RANGES):
        return EAST
    if postal_code[0] in "01" or postal_code[:2] in {"39", "98", "99"}:
        return EAST
    return WEST


# Needs a measure or figure presupposes when its words speak of them: shift plans
# are for a company that works in shifts, whatever other needs they also help
# with. The drafting engine picks such entries only where the profile names the
# need, and the tailoring score marks a text that offers them elsewhere.
PRESUPPOSED_NEEDS: dict[str, tuple[str, ...]] = {
    SHIFT_WORK: ("schicht", "shift"),
}


def presupposed(text: str) -> tuple[str, ...]:
    """The needs whose words `text` uses and which it therefore presupposes."""
    lowered = text.casefold()
    return tuple(
        need for need, stems in PRESUPPOSED_NEEDS.items() if any(s in lowered for s in stems)
    )
