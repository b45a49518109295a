"""The tailoring score of a benefit statement (0-100), with its explanation.

Pure Python on plain data, no Django. Three parts:

* needs (40 points): how many of the company's needs the text speaks to,
  recognised by word stems, so an edited text is judged by what it says;
* specifics (30 points): how many company-specific facts it mentions (name,
  place, sector, headcount, shares, what the company already offers, the
  regional facts it draws on);
* distinctness (30 points): how unlike the team's other statements it reads,
  by rapidfuzz's ratio (an order-aware edit similarity) after masking names,
  addresses and numbers — so a letter that differs from others only in its
  merge fields counts as a copy, as mass-mail detectors see it. A set-based
  measure (token set ratio) is no good here: two statements that share one of
  their needs share a paragraph, and its word set makes them look like copies.

  Statements are compared by what is left once the stock passages are taken
  out: the catalogue's claims, figures and measures and the engine's fixed
  phrases (``stock``). Two honest drafts for different companies that answer
  one shared need share that need's paragraph word for word; compared in
  full, that paragraph alone made one in eight such pairs read as copies.
  What remains — the company's size, sector, place, needs, shares, regional
  facts and offers — is what tells two companies apart, and a copy with the
  names swapped keeps the other company's remainder, so it still reads as one.

A statement whose similarity reaches ``COPY_THRESHOLD`` is flagged as reading
like another one, and its score is capped at ``COPY_CAP``.

Points are taken off (``PENALTY_POINTS`` each) for a text that repeats itself
(a sentence twice, or the company's name more than ``NAME_MENTIONS`` times) and
for one that offers what the profile does not support (shift plans to a
company without shift work): a letter like that embarrasses its sender,
however many needs and specifics it mentions.

Comparing with every earlier statement in full is too slow for a team with
thousands of them, so each statement keeps a fingerprint: a one-permutation
MinHash over word pairs of its masked text. Fingerprints are compared with
rapidfuzz's Hamming similarity (their agreement estimates the Jaccard
similarity of the word pairs), and only the nearest candidates are compared in
full. The most similar statement is therefore found among the candidates, which
is exact for copies and near-copies, the case the score is there for.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Hamming

from benefits.vocabulary import NEED_KEYWORDS, presupposed

NEEDS_POINTS = 40
SPECIFICS_POINTS = 30
DISTINCT_POINTS = 30
# Enough specifics for full points: a statement is not better for naming the town five times.
SPECIFICS_FOR_FULL = 5
# Similarities (0-100): at or below DISTINCT_AT a statement counts as its own;
# at COPY_THRESHOLD and above it reads like a copy. Statements the engine drafts
# for profiles that differ in their needs stay around 50-65.
DISTINCT_AT = 60.0
COPY_THRESHOLD = 80.0
COPY_CAP = 20

# Taken off for each kind of slip: a repeated sentence, the name too often, an
# unsupported need; a name is fine once or twice, then "Ihr Betrieb".
PENALTY_POINTS = 15
NAME_MENTIONS = 2
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_REPEAT_MIN_WORDS = 5

FINGERPRINT_BINS = 64
FINGERPRINT_LENGTH = 2 * FINGERPRINT_BINS
CANDIDATES = 20

NAME_MASK = "⟨name⟩"
# A stock passage's gap for what the engine fills in (a name, a place, a measure).
_HOLE = re.compile(r"\{\w*\}")
_GAP = r"[^\n]{0,80}?"
# Below this many characters a remainder says too little to compare on its own.
MIN_SPECIFIC = 40
NUMBER_MASK = "0"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_EMPTY_BIN = 0


@dataclass(frozen=True, slots=True)
class Specific:
    """One company-specific fact a tailored statement may mention, by any of its spellings."""

    kind: str  # name, place, sector, employees, share, offer, fact
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subject:
    """What the score needs to know about the statement's company."""

    needs: tuple[str, ...]
    specifics: tuple[Specific, ...]
    mask_terms: tuple[str, ...]  # names and address parts to mask before comparing


@dataclass(frozen=True, slots=True)
class TailoringScore:
    total: int
    needs_points: int
    needs_addressed: tuple[str, ...]
    needs_missing: tuple[str, ...]
    specifics_points: int
    specifics_found: tuple[str, ...]  # kinds, in Subject order
    specifics_missing: tuple[str, ...]
    distinct_points: int
    similarity: float  # 0-100, to the most similar other statement
    most_similar_id: int | None
    copy_warning: bool
    repetitions: tuple[str, ...] = ()  # "sentence" and/or "name"
    unsupported_needs: tuple[str, ...] = ()  # needs the text presupposes, not in the profile
    penalty_points: int = 0


# ------------------------------------------------------------------------------
# Masking and fingerprints
# ------------------------------------------------------------------------------
def mask(text: str, terms: Iterable[str]) -> str:
    """`text` with the given names and address parts, and every number, masked."""
    words = sorted({t.strip() for t in terms if t and len(t.strip()) >= 2}, key=len, reverse=True)
    if words:
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
        )
        text = pattern.sub(NAME_MASK, text)
    return _NUMBER.sub(NUMBER_MASK, text)


def _shingles(masked: str) -> set[str]:
    tokens = utils.default_process(masked).split()
    if len(tokens) < 2:
        return set(tokens)
    return {f"{a} {b}" for a, b in itertools.pairwise(tokens)}


def fingerprint(masked: str) -> str:
    """A one-permutation MinHash of the text's word pairs, as 128 hex digits.

    Each word pair is hashed once; its hash picks one of 64 bins and the
    smallest value per bin is kept (8 bits, 00 = empty bin). Two fingerprints
    agree in a bin with about the probability that the texts share a word pair
    landing there, so their agreement estimates the Jaccard similarity.
    """
    bins = [_EMPTY_BIN] * FINGERPRINT_BINS
    for shingle in _shingles(masked):
        digest = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        index = digest % FINGERPRINT_BINS
        value = 1 + (digest >> 8) % 255
        if bins[index] == _EMPTY_BIN or value < bins[index]:
            bins[index] = value
    return "".join(f"{value:02x}" for value in bins)


def nearest(
    hex_fingerprint: str, corpus: Sequence[tuple[int, str]], *, limit: int = CANDIDATES
) -> list[int]:
    """Ids of the `limit` statements in `corpus` (id, fingerprint) most likely to be similar.

    The hex strings are compared digit by digit (rapidfuzz Hamming, in C): equal
    bins agree in both digits, different ones in a sixteenth of them by chance,
    which keeps the order of the estimate without decoding 10,000 fingerprints.
    """
    if not corpus:
        return []
    hits = process.extract(
        hex_fingerprint,
        [fp for _, fp in corpus],
        scorer=Hamming.normalized_similarity,
        limit=limit,
    )
    return [corpus[index][0] for _, _, index in hits]


def similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two masked texts in order, ignoring case and punctuation."""
    return float(fuzz.ratio(a, b, processor=utils.default_process))


@functools.lru_cache(maxsize=16)
def stock_pattern(passages: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the stock passages; ``{…}`` in a passage is a gap for a filled-in value.

    A gap at either end is dropped (it would swallow the words around the
    passage); numbers are masked as in `mask`, any run of spaces matches any
    other, and a passage only matches whole words. Cached: a team's stock
    changes only with its catalogue and facts.
    """
    alternatives = set()
    for passage in passages:
        # A figure's full stop gives way to its citation in the text.
        parts = [p.strip() for p in _HOLE.split(passage.strip().rstrip("."))]
        while parts and not parts[0]:
            parts.pop(0)
        while parts and not parts[-1]:
            parts.pop()
        if not parts or len(" ".join(parts)) < 4:
            continue
        literal = [
            r"\s+".join(re.escape(word) for word in _NUMBER.sub(NUMBER_MASK, part).split())
            for part in parts
        ]
        alternatives.add((_GAP).join(literal))
    if not alternatives:
        return None
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(
        r"(?<!\w)(?:" + "|".join(f"(?:{a})" for a in ordered) + r")(?!\w)", re.IGNORECASE
    )


def specific_part(masked: str, stock: re.Pattern[str] | None) -> str:
    """`masked` without its stock passages: what the text says of its own company.

    Only its words are kept: the full stops and dashes the passages leave
    behind are the same in every statement and would read as likeness.
    """
    if stock is not None:
        masked = stock.sub(" ", masked)
    return " ".join(utils.default_process(masked).split())


def distinct_similarity(a: str, b: str, stock: re.Pattern[str] | None) -> float:
    """Similarity (0-100) of two masked statements by what is specific to each.

    A text that is (almost) all stock has nothing of its own to be told apart
    by, so it is compared in full.
    """
    own, other = specific_part(a, stock), specific_part(b, stock)
    if len(own) < MIN_SPECIFIC or len(other) < MIN_SPECIFIC:
        return similarity(a, b)
    return similarity(own, other)


# ------------------------------------------------------------------------------
# The score
# ------------------------------------------------------------------------------
def needs_addressed(text: str, needs: Sequence[str]) -> tuple[str, ...]:
    """The needs among `needs` the text speaks to, by their keywords."""
    lowered = text.casefold()
    return tuple(
        need for need in needs if any(stem in lowered for stem in NEED_KEYWORDS.get(need, ()))
    )


def _mentions(text: str, variants: Iterable[str]) -> bool:
    lowered = text.casefold()
    return any(variant.strip() and variant.strip().casefold() in lowered for variant in variants)


def repetitions(text: str, names: Iterable[str]) -> tuple[str, ...]:
    """What the text repeats: "sentence" (one said twice), "name" (more than NAME_MENTIONS)."""
    found = []
    seen: set[str] = set()
    for sentence in _SENTENCE.split(text):
        words = utils.default_process(sentence).split()
        key = " ".join(words)
        if len(words) >= _REPEAT_MIN_WORDS and key in seen:
            found.append("sentence")
            break
        seen.add(key)
    variants = [n.strip().casefold() for n in names if n and n.strip()]
    if variants and text.casefold().count(min(variants, key=len)) > NAME_MENTIONS:
        found.append("name")
    return tuple(found)


def score(
    subject: Subject,
    text: str,
    masked: str,
    neighbours: Mapping[int, str],
    *,
    stock: re.Pattern[str] | None = None,
) -> TailoringScore:
    """Score `text` (its masked form `masked`) against the masked `neighbours` by id,
    comparing what is left of each without the `stock` passages."""
    countable = tuple(n for n in subject.needs if n in NEED_KEYWORDS)
    addressed = needs_addressed(text, countable)
    needs_points = round(NEEDS_POINTS * len(addressed) / len(countable)) if countable else 0

    found = [s.kind for s in subject.specifics if _mentions(text, s.variants)]
    missing = [s.kind for s in subject.specifics if s.kind not in found]
    wanted = min(len(subject.specifics), SPECIFICS_FOR_FULL)
    specifics_points = (
        round(SPECIFICS_POINTS * min(len(found), SPECIFICS_FOR_FULL) / wanted) if wanted else 0
    )

    best_id: int | None = None
    best = 0.0
    for other_id, other in sorted(neighbours.items()):
        value = distinct_similarity(masked, other, stock)
        if value > best:
            best_id, best = other_id, value
    spread = COPY_THRESHOLD + 10 - DISTINCT_AT  # zero points from 90 upwards
    distinct_share = min(1.0, max(0.0, (COPY_THRESHOLD + 10 - best) / spread))
    distinct_points = round(DISTINCT_POINTS * distinct_share)

    repeated = repetitions(
        text, (v for s in subject.specifics if s.kind == "name" for v in s.variants)
    )
    # Without a profile nothing is known to be unsupported.
    unsupported = (
        tuple(n for n in presupposed(text) if n not in subject.needs) if subject.needs else ()
    )
    penalty = PENALTY_POINTS * (len(repeated) + len(unsupported))

    copy_warning = best >= COPY_THRESHOLD
    total = max(0, needs_points + specifics_points + distinct_points - penalty)
    if copy_warning:
        total = min(total, COPY_CAP)
    return TailoringScore(
        total=total,
        needs_points=needs_points,
        needs_addressed=addressed,
        needs_missing=tuple(n for n in countable if n not in addressed),
        specifics_points=specifics_points,
        specifics_found=tuple(found),
        specifics_missing=tuple(missing),
        distinct_points=distinct_points,
        similarity=round(best, 1),
        most_similar_id=best_id,
        copy_warning=copy_warning,
        repetitions=repeated,
        unsupported_needs=unsupported,
        penalty_points=penalty,
    )
