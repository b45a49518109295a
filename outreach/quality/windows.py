"""Generic text over a whole history: each text against its own window, in blocks (pure).

`similarity.similar_texts` compares a batch of items with one window of recent
texts, as logging a letter or checking a campaign needs. Re-evaluating a team
asks the same question of every written touchpoint at once, each against the
texts of *its* window: other companies' texts with `occurred_on` in
[its date - window_days, its date], itself left out. Doing that one text at a
time would re-read and re-encode the window for every row.

Here the texts arrive once, ordered by date and id (a database cursor streams
them). They are encoded into chunk codes once (`similarity.ChunkCodes`, renewed
only when its code space runs out), and judged in date-ordered blocks: the
distinct chunk sequences of a block against the distinct sequences of the days
the block's windows cover, with the same 8-bit `cdist` pass and exact `cpdist`
confirmation as `similar_texts`. Who counts is then decided per text by its own
date window, with the members of each sequence kept in date order so that a
window is a bisection, not a scan. The figures, and the order of the ids given
as evidence, are those `similar_texts` gives for the text on its own.
"""

import bisect
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Generic, TypeVar

from outreach.quality.masking import CHUNK_SEPARATOR
from outreach.quality.similarity import (
    CODE_BASE,
    MAX_EVIDENCE_IDS,
    ChunkCodes,
    TextMatch,
    candidate_pairs,
    exact_scores,
)
from outreach.quality.thresholds import Thresholds

P = TypeVar("P")

# Texts judged together: large enough that the cdist calls are long, small
# enough that a block spans few days beyond the window.
BLOCK_TEXTS = 2048
# Chunk codes available before the encoder must start again (code points past
# the private-use start); a day's texts must fit into what is left.
_CODE_SPACE = 0x10FFFF - CODE_BASE


@dataclass(frozen=True, slots=True)
class HistoryText(Generic[P]):
    """One written outreach of the history; `payload` travels with it into the result."""

    outreach_id: int
    company_id: int
    occurred_on: date
    fingerprint: str
    payload: P
    # In the other texts' windows (its fingerprint is stored), and judged itself
    # (it has a text). A text logged before fingerprints were kept is judged only.
    stored: bool = True
    judged: bool = True


@dataclass(slots=True)
class _Entry(Generic[P]):
    text: HistoryText[P]
    day: int  # date ordinal
    exact: str | None = None
    coarse: str | None = None


@dataclass(slots=True)
class _Sequence:
    """The stored texts of the covered days that share one exact chunk sequence."""

    coarse: str
    # Newest first: (-day, -id) ascending, the order the rules read recent texts in.
    keys: list[tuple[int, int]] = field(default_factory=list)
    members: list[tuple[int, int]] = field(default_factory=list)  # (company, outreach id)
    by_company: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


def _window(keys: list[tuple[int, int]], day: int, window_days: int) -> tuple[int, int]:
    """The slice of newest-first `keys` whose day lies in [day - window_days, day]."""
    return (
        bisect.bisect_left(keys, (-day, -(1 << 62))),
        bisect.bisect_right(keys, (-(day - window_days), 1 << 62)),
    )


def history_matches(
    texts: Iterable[HistoryText[P]], *, thresholds: Thresholds
) -> Iterator[tuple[HistoryText[P], TextMatch]]:
    """The judged texts that are generic, with their match, as `similar_texts` finds it.

    `texts` must come ordered by (occurred_on, outreach_id).
    """
    window_days = thresholds.generic_window_days
    codes = ChunkCodes(thresholds.generic_min_words)
    days: deque[tuple[int, list[_Entry[P]]]] = deque()  # the covered days, oldest first
    pending = 0  # judged texts in days not yet judged
    first_pending = 0  # index into `days` of the first day not yet judged

    def encode(entry: _Entry[P]) -> None:
        encoded = codes.encode(entry.text.fingerprint)
        entry.exact, entry.coarse = encoded if encoded is not None else (None, None)

    for on, group in groupby(texts, key=lambda text: text.occurred_on):
        entries = [_Entry(text, on.toordinal()) for text in group]
        needed = sum(entry.text.fingerprint.count(CHUNK_SEPARATOR) + 1 for entry in entries)
        if len(codes) + needed > _CODE_SPACE:
            # Start numbering again with the days still covered, and this one.
            codes = ChunkCodes(thresholds.generic_min_words)
            for _, covered in days:
                for entry in covered:
                    encode(entry)
        for entry in entries:
            encode(entry)
        days.append((entries[0].day, entries))
        pending += sum(entry.text.judged for entry in entries)
        if pending >= BLOCK_TEXTS:
            yield from _judge(days, first_pending, window_days, thresholds)
            # Keep only what the windows of later days can still reach.
            while days and days[0][0] < entries[0].day + 1 - window_days:
                days.popleft()
            first_pending, pending = len(days), 0
    if pending:
        yield from _judge(days, first_pending, window_days, thresholds)


def _judge(
    days: deque[tuple[int, list[_Entry[P]]]],
    first_pending: int,
    window_days: int,
    thresholds: Thresholds,
) -> Iterator[tuple[HistoryText[P], TextMatch]]:
    """Judge the texts of days[first_pending:] against every covered day."""
    judged = [
        entry
        for i in range(first_pending, len(days))
        for entry in days[i][1]
        if entry.text.judged and entry.exact is not None
    ]
    if not judged:
        return
    earliest = days[first_pending][0] - window_days
    sequences: dict[str, _Sequence] = {}
    for day, entries in reversed(days):
        if day < earliest:
            break
        for entry in reversed(entries):
            if not entry.text.stored or entry.exact is None or entry.coarse is None:
                continue
            sequence = sequences.get(entry.exact)
            if sequence is None:
                sequence = sequences[entry.exact] = _Sequence(entry.coarse)
            key = (-day, -entry.text.outreach_id)
            sequence.keys.append(key)
            sequence.members.append((entry.text.company_id, entry.text.outreach_id))
            sequence.by_company.setdefault(entry.text.company_id, []).append(key)
    choices = list(sequences)
    queries = list(dict.fromkeys(entry.exact for entry in judged if entry.exact is not None))
    coarse = [sequences[exact].coarse for exact in choices]
    own_coarse = {entry.exact: entry.coarse for entry in judged}
    query_codes = [own_coarse[exact] or "" for exact in queries]
    level = thresholds.generic_similarity
    pairs = candidate_pairs(query_codes, coarse, level)
    scores = exact_scores([queries[q] for q, _ in pairs], [choices[c] for _, c in pairs], level)
    alike: dict[str, list[tuple[float, _Sequence]]] = {}
    for (q, c), score in zip(pairs, scores, strict=True):
        if score:
            alike.setdefault(queries[q], []).append((score, sequences[choices[c]]))

    for entry in judged:
        found = alike.get(entry.exact or "")
        if not found:
            continue
        match = _match(entry, found, window_days)
        if match is not None:
            yield entry.text, match


def _match(
    entry: _Entry[P], found: list[tuple[float, _Sequence]], window_days: int
) -> TextMatch | None:
    """The match of one text against the sequences alike to it, within its own window."""
    company = entry.text.company_id
    ranked = []
    for score, sequence in found:
        start, end = _window(sequence.keys, entry.day, window_days)
        own_start, own_end = _window(sequence.by_company.get(company, []), entry.day, window_days)
        others = (end - start) - (own_end - own_start)
        if others <= 0:
            continue
        # similar_texts lists sequences in the order their first text appears among
        # the recent ones (newest first); the text's own sequence, the one alike at
        # 100, comes first by its score.
        ranked.append((-score, sequence.keys[start], score, others, sequence, start, end))
    if not ranked:
        return None
    ranked.sort(key=lambda r: (r[0], r[1]))
    best = 0.0
    count = 0
    ids: list[int] = []
    for _, _, score, others, sequence, start, end in ranked:
        best = max(best, score)
        count += others
        members = sequence.members
        # Walk from the newest; a mass letter's sequence may have thousands of members.
        while start < end and len(ids) < MAX_EVIDENCE_IDS:
            member_company, member_id = members[start]
            if member_company != company:
                ids.append(member_id)
            start += 1
    return TextMatch(round(best, 1), count, tuple(ids))
