"""The difference between two versions of a statement, word by word (pure, no Django)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# Words, runs of white space and single punctuation marks: a changed comma shows
# as a changed comma, not as a changed word.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Segment:
    op: str  # equal / insert / delete
    text: str


@dataclass(frozen=True, slots=True)
class Diff:
    segments: tuple[Segment, ...]
    inserted_words: int
    deleted_words: int


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if token.strip() and token[0].isalnum())


def word_diff(old: str, new: str) -> Diff:
    """Segments that turn `old` into `new`, with counts of the words added and removed.

    A space between two changed words belongs to the change, so "kleines
    Unternehmen" → "kleiner Familienbetrieb" reads as one replacement.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    # [changed?, old tokens, new tokens]
    runs: list[tuple[bool, list[str], list[str]]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if (
            changed
            and len(runs) >= 2
            and runs[-2][0]
            and not runs[-1][0]
            and "".join(runs[-1][1]).isspace()
        ):
            space = runs.pop()[1]
            previous = runs.pop()
            runs.append((True, previous[1] + space + a[i1:i2], previous[2] + space + b[j1:j2]))
            continue
        runs.append((changed, a[i1:i2], b[j1:j2]))
    segments: list[Segment] = []
    inserted = deleted = 0
    for changed, old_tokens, new_tokens in runs:
        if not changed:
            segments.append(Segment(EQUAL, "".join(old_tokens)))
            continue
        if old_tokens:
            segments.append(Segment(DELETE, "".join(old_tokens)))
            deleted += _words(old_tokens)
        if new_tokens:
            segments.append(Segment(INSERT, "".join(new_tokens)))
            inserted += _words(new_tokens)
    return Diff(tuple(segments), inserted, deleted)
