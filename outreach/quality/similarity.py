"""How alike texts are, by their fingerprints' chunk sequences (pure).

`similar_texts` compares a batch of items with one window of recent texts.
`windows` runs the same comparison over a whole history, with the chunk codes
(`ChunkCodes`) and the two passes (`candidate_pairs`, `exact_scores`) made here.
"""

import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from outreach.quality.inputs import RecentText
from outreach.quality.masking import CHUNK_SEPARATOR
from outreach.quality.thresholds import Thresholds

# rapidfuzz's cdist and cpdist return numpy arrays; without numpy the comparison
# falls back to process.extract per distinct text, which is slower but exact.
_HAS_NUMPY = importlib.util.find_spec("numpy") is not None

# Exact chunk ids become code points from here on, past the surrogates.
CODE_BASE = 0xE000
_QUERY_BLOCK = 2048  # rows of one cdist call, to bound its memory
MAX_EVIDENCE_IDS = 5
# Marks a short text's single chunk, so that it never equals a chunk of a longer text.
_WHOLE = "\x00"


@dataclass(slots=True)
class _Group:
    """The texts that share one exact chunk sequence."""

    exact: str
    coarse: str
    members: list[tuple[int, int | None]] = field(default_factory=list)  # company, outreach
    per_company: dict[int, int] = field(default_factory=dict)


class ChunkCodes:
    """Numbers the chunks of one comparison: exact ids, and 8-bit codes that may collide."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words
        self._exact: dict[str, str] = {}
        self._coarse: dict[str, str] = {}

    def encode(self, fingerprint: str) -> tuple[str, str] | None:
        if not fingerprint:
            return None
        chunks = fingerprint.split(CHUNK_SEPARATOR)
        if fingerprint.count(" ") + len(chunks) < self.min_words:
            # Too short to judge by likeness, yet the same short note to many companies
            # is still a mass text: the whole text becomes one chunk, alike only to itself.
            chunks = [_WHOLE + fingerprint]
        exact, coarse = self._exact, self._coarse
        # Numbering order does not matter: only equal chunks must get equal codes.
        for chunk in set(chunks).difference(exact):
            number = len(exact)
            exact[chunk] = _code_point(number)
            coarse[chunk] = chr(1 + number % 255)
        return "".join(map(exact.__getitem__, chunks)), "".join(map(coarse.__getitem__, chunks))

    def __len__(self) -> int:
        """How many distinct chunks have a code so far."""
        return len(self._exact)


def _code_point(number: int) -> str:
    if CODE_BASE + number > 0x10FFFF:
        raise ValueError("too many distinct texts for one check; check them in blocks")
    return chr(CODE_BASE + number)


@dataclass(frozen=True, slots=True)
class TextMatch:
    """How alike an item's text is to the texts of other companies."""

    similarity: float  # the best at or above the level, 0-100; 0 if none
    count: int  # texts at or above the level
    outreach_ids: tuple[int, ...] = ()  # some of them, the most similar first

    @property
    def generic(self) -> bool:
        return self.count > 0


def candidate_pairs(queries: list[str], choices: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Pairs (query, choice) whose 8-bit chunk codes reach the cutoff."""
    if not queries or not choices:
        return []
    if not _HAS_NUMPY:
        return [
            (row, col)
            for row, query in enumerate(queries)
            for _, _, col in process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
        ]
    import numpy as np

    pairs: list[tuple[int, int]] = []
    for offset in range(0, len(queries), _QUERY_BLOCK):
        matrix = process.cdist(
            queries[offset : offset + _QUERY_BLOCK],
            choices,
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            # Scores below the cutoff are 0, those at or above it round to >= 1:
            # one byte a pair is enough to tell candidates, at a quarter of the memory.
            dtype=np.uint8,
            workers=-1,
        )
        rows, cols = np.nonzero(matrix)
        pairs.extend(zip((rows + offset).tolist(), cols.tolist(), strict=True))
    return pairs


def exact_scores(left: list[str], right: list[str], cutoff: float) -> list[float]:
    if not left:
        return []
    if not _HAS_NUMPY:
        return [fuzz.ratio(a, b, score_cutoff=cutoff) for a, b in zip(left, right, strict=True)]
    scores = process.cpdist(left, right, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1)
    return [float(score) for score in scores.tolist()]


def similar_texts(
    items: Sequence[tuple[int, int | None, str]],
    recent: Iterable[RecentText],
    *,
    thresholds: Thresholds,
) -> list[TextMatch | None]:
    """For each (company id, outreach id, fingerprint), how alike it is to the others.

    The items are compared with each other and with `recent`; texts to the same
    company never count (a reminder is not a mass letter). A text shorter than
    `generic_min_words` counts only where it is the same; None where there is no text.
    """
    level = thresholds.generic_similarity
    codes = ChunkCodes(thresholds.generic_min_words)
    groups: dict[str, _Group] = {}

    def add(company_id: int, outreach_id: int | None, fingerprint: str) -> _Group | None:
        encoded = codes.encode(fingerprint)
        if encoded is None:
            return None
        group = groups.get(encoded[0])
        if group is None:
            group = groups[encoded[0]] = _Group(*encoded)
        group.members.append((company_id, outreach_id))
        group.per_company[company_id] = group.per_company.get(company_id, 0) + 1
        return group

    item_groups = [add(*item) for item in items]
    own_ids = {oid for _, oid, _ in items if oid is not None}
    for text in recent:
        if text.outreach_id not in own_ids:
            add(text.company_id, text.outreach_id, text.fingerprint)

    choices = list(groups.values())
    index = {id(group): i for i, group in enumerate(choices)}
    queries = list({id(g): g for g in item_groups if g is not None}.values())
    candidates = candidate_pairs([g.coarse for g in queries], [g.coarse for g in choices], level)
    scores = exact_scores(
        [queries[row].exact for row, _ in candidates],
        [choices[col].exact for _, col in candidates],
        level,
    )
    matches: dict[int, list[tuple[float, _Group]]] = {}
    for (row, col), score in zip(candidates, scores, strict=True):
        if score:  # rapidfuzz returns 0 below the cutoff
            matches.setdefault(index[id(queries[row])], []).append((score, choices[col]))
    for found in matches.values():
        found.sort(key=lambda match: -match[0])

    results: list[TextMatch | None] = []
    for (company_id, _, _), group in zip(items, item_groups, strict=True):
        if group is None:
            results.append(None)
            continue
        best = 0.0
        count = 0
        ids: list[int] = []
        for score, other in matches.get(index[id(group)], []):
            others = len(other.members) - other.per_company.get(company_id, 0)
            if not others:
                continue
            best = max(best, score)
            count += others
            for member_company, member_id in other.members:
                if len(ids) == MAX_EVIDENCE_IDS:
                    break
                if member_company != company_id and member_id is not None:
                    ids.append(member_id)
        results.append(TextMatch(round(best, 1), count, tuple(ids)))
    return results
