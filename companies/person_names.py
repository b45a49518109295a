"""Splitting a person's full name as German address lists write it (pure, no Django).

"Frau Dr. Petra Meißner", "Meißner, Petra", "Herrn Klaus-Peter von der Heide":
a salutation word, academic titles, first names and a last name that keeps its
particles ("von der Heide"), so that a letter can say "Sehr geehrter Herr von der Heide".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Salutation words (folded to lower case, dots stripped) → "frau" or "herr".
SALUTATIONS = {
    "frau": "frau",
    "fr": "frau",
    "ms": "frau",
    "mrs": "frau",
    "miss": "frau",
    "herr": "herr",
    "herrn": "herr",
    "hr": "herr",
    "hrn": "herr",
    "mr": "herr",
}
# Academic titles as written before a name: abbreviations of two letters or more
# ("Dr.", "Prof.", "med.", "Dr.-Ing.", "Dipl.-Kfm."), and a few written without a dot.
# An initial ("E.") is not a title.
_TITLE = re.compile(r"^[^\W\d_]{2,6}\.(?:[^\W\d_]{1,6}\.|-[^\W\d_]+\.?)*$")
_TITLE_WORDS = frozenset({"h.c.", "mba", "phd", "llm", "msc", "bsc"})
# Particles that belong to the last name ("von der Heide", "van Dyk", "zu Guttenberg").
_PARTICLES = frozenset(
    {
        "von",
        "vom",
        "van",
        "de",
        "der",
        "den",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "zu",
        "zum",
        "zur",
        "ten",
        "ter",
        "op",
        "dos",
        "das",
    }
)


@dataclass(frozen=True, slots=True)
class PersonName:
    salutation: str = ""  # "frau", "herr" or "" (not written)
    title: str = ""
    first_name: str = ""
    last_name: str = ""


def _salutation(word: str) -> str:
    return SALUTATIONS.get(word.lower().rstrip("."), "")


def _is_title(word: str) -> bool:
    return bool(_TITLE.match(word)) or word.lower() in _TITLE_WORDS


def _take_front(words: list[str]) -> tuple[str, list[str], list[str]]:
    """Salutation and titles from the front of `words`; the rest."""
    salutation = ""
    titles: list[str] = []
    while words:
        word = words[0]
        if not salutation and not titles and _salutation(word):
            salutation = _salutation(word)
        elif _is_title(word):
            titles.append(word)
        else:
            break
        words = words[1:]
    return salutation, titles, words


def split_person_name(text: str) -> PersonName:
    """The parts of a full name; a name that cannot be split is all last name."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ,;")
    if not text:
        return PersonName()
    if "," in text:
        # "Meißner, Petra" or "Meißner, Frau Dr. Petra": last name first.
        last, _, rest = text.partition(",")
        salutation, titles, firsts = _take_front(rest.split())
        lead_salutation, lead_titles, last_words = _take_front(last.split())
        return PersonName(
            salutation=salutation or lead_salutation,
            title=" ".join(lead_titles + titles),
            first_name=" ".join(firsts).strip(" ,"),
            last_name=" ".join(last_words).strip(" ,"),
        )
    salutation, titles, words = _take_front(text.split())
    if not words:
        return PersonName(salutation=salutation, title=" ".join(titles))
    # The last name is the last word and the particles right before it; with a
    # particle, the words before it ("Klaus-Peter") are the first names.
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    if start == 1 and len(words) > 2 and words[0].lower() in _PARTICLES:
        start = 0
    return PersonName(
        salutation=salutation,
        title=" ".join(titles),
        first_name=" ".join(words[:start]),
        last_name=" ".join(words[start:]),
    )
