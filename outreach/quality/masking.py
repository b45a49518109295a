"""Texts with names, addresses and dates masked, and their fingerprints (pure)."""

import functools
import re
import string
import unicodedata
import zlib
from collections.abc import Iterable

MASK_VALUE = "[merge]"
MASK_SALUTATION = "[salutation]"
MASK_PERSON = "[person]"
MASK_PLACE = "[place]"
MASK_STREET = "[street]"
MASK_DATE = "[date]"
MASK_EMAIL = "[email]"

# How a value's umlauts may be spelled in a text, as seen in the folded text
# (where ä became a): "Müller" is found as "muller" and as "mueller".
_SPELLINGS = {"ä": ("a", "ae"), "ö": ("o", "oe"), "ü": ("u", "ue"), "ß": ("s", "ss")}
_DIGRAPHS = {"ae": ("ae", "a"), "oe": ("oe", "o"), "ue": ("ue", "u"), "ss": ("ss", "s")}
_MAX_SPELLINGS = 16
_UMLAUT_OR_DIGRAPH = re.compile("[äöüß]|ae|oe|ue|ss")
# Length-preserving replacements that fold a text for finding values in it.
_FOLD_ONE = (
    *(("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "s"), ("’", "'")),
    *((space, " ") for space in "\n\t\r\xa0"),
)
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:gmbh\s*&\s*co\.?\s*kg|ggmbh|gmbh|mbh|ug\s*\(haftungsbeschränkt\)|ug|ag|kgaa"
    r"|kg|ohg|gbr|partg(?:\s*mbb)?|e\.\s*k\.|e\.\s*kfr\.|e\.\s*v\.|eg|se|ltd\.?)$",
    re.IGNORECASE,
)
_UPPER = "A-ZÄÖÜ"
# A name in a salutation or address: "Müller", "Müller-Lüdenscheidt", an earlier mask.
# Possessive quantifiers (*+) keep these patterns linear on long texts, and a
# lookahead for the first character lets the scan skip ahead quickly.
_NAME = rf"(?:\[merge\]|[{_UPPER}][\w'’-]*+)"
_TITLES = r"(?:(?:Dr|Prof|Dipl)\.(?:-\w+\.)?\s+)*"
# Formal pronouns are capitalised too but never part of a name.
_NOT_PRONOUN = r"(?!(?:Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b)"
_NAMES = rf"{_TITLES}{_NOT_PRONOUN}{_NAME}(?:[ \t]+{_NOT_PRONOUN}{_NAME})?"
_PEOPLE = re.compile(
    rf"(?=[SLHGF])(?:(?P<salutation>(?:Sehr\s+geehrte[r]?|Liebe[r]?|Hallo|Guten\s+Tag)\s+"
    rf"(?!Gr(?:ü|ue)(?:ß|ss)e\b)(?:(?:Frau|Herr)\s+)?{_NAMES}(?=[ \t]*(?:[,!:\n]|$)))"
    rf"|(?P<person>(?:Frau|Herrn?)\s+{_NAMES}))"
)
_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
)
_PLACES_AND_DATES = re.compile(
    rf"(?=\d)(?:(?P<place>\d{{5}}[ \t]+{_NAME}"
    rf"(?:[ \t]+(?:am|an\s+der|im|in\s+der|ob\s+der|bei)[ \t]+{_NAME}"
    rf"|[ \t]*\([^)\n]{{1,30}}\)|/[ \t]?{_NAME}\.?)?)"
    rf"|(?P<date>\d{{1,2}}\.[ \t]?(?:(?:{_MONTHS})(?:[ \t]+\d{{4}})?|\d{{1,2}}\.(?:\d{{2,4}}\b)?)"
    r"|\d{4}-\d{2}-\d{2}\b))"
)
_STREET_ENDINGS = (
    *("straße", "strasse", "str.", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer"),
    *("chaussee", "steig", "pfad", "markt", "graben", "promenade", "zeile"),
)
_STREET = re.compile(
    rf"(?=[{_UPPER}])\b(?:"
    rf"(?:Am|An\s+der|An\s+den|Im|In\s+der|Zum|Zur|Auf\s+der|Hinter\s+der)[ \t]+{_NAME}"
    rf"|[{_UPPER}][\w.-]*+(?:{'|'.join(f'(?<={re.escape(e)})' for e in _STREET_ENDINGS)}))"
    r"[ \t]+\d+[ \t]?[a-zA-Z]?\b"
)
_MASKS = {
    "salutation": MASK_SALUTATION,
    "person": MASK_PERSON,
    "place": MASK_PLACE,
    "date": MASK_DATE,
}
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
# Greetings that address nobody in particular.
_NOBODY = re.compile(
    r"(?=[sldht])(?:\b(?:sehr\s+geehrte|liebe)\s+(?:damen\s+und\s+herren|herren\s+und\s+damen)\b"
    r"|\bsehr\s+geehrte\s+(?:geschäftsführung|geschäftsleitung|personalabteilung)\b"
    r"|\bsehr\s+geehrtes\s+[\w-]*team\b"
    r"|\b(?:hallo|guten\s+tag)\s+zusammen\b"
    r"|\bdear\s+(?:sir\s+or\s+madam|sir/madam|sirs|hiring\s+manager)\b"
    r"|\bto\s+whom\s+it\s+may\s+concern\b)",
    re.IGNORECASE,
)


def _fold_one(text: str) -> str:
    """Lower case without umlauts, one character for one, so positions stay valid."""
    folded = text.lower()
    if len(folded) != len(text):  # a few letters lower to two characters ("İ")
        folded = "".join(char.lower()[:1] for char in text)
    for old, new in _FOLD_ONE:
        folded = folded.replace(old, new)
    return folded


@functools.lru_cache(maxsize=4096)
def _needles(value: str) -> frozenset[str]:
    """What to look for in a folded text to find `value` (cached: cities and names recur)."""
    value = " ".join(value.replace("’", "'").split())
    needles: set[str] = set()
    # "Metallbau Müller GmbH" is often written without its legal form.
    for variant in (value, _LEGAL_FORM.sub("", value)):
        if len(variant) >= 2:
            needles |= _spellings(variant.lower())
    return frozenset(needles)


def _spellings(value: str) -> set[str]:
    """The ways a lower-case `value` can appear in a folded text: müller as muller or mueller."""
    if _UMLAUT_OR_DIGRAPH.search(value) is None:
        return {value}
    options: list[tuple[str, ...]] = []
    i = 0
    while i < len(value):
        pair = value[i : i + 2]
        if pair in _DIGRAPHS:
            options.append(_DIGRAPHS[pair])
            i += 2
        else:
            options.append(_SPELLINGS.get(value[i], (value[i],)))
            i += 1
    spellings = [""]
    for choice in options:
        spellings = [s + c for s in spellings for c in choice][:_MAX_SPELLINGS]
    return set(spellings)


def _value_spans(folded: str, values: Iterable[str]) -> list[tuple[int, int]]:
    """Where the values occur as whole words (a genitive s included), longest first."""
    needles = set().union(*(_needles(value) for value in values))
    spans = []
    end_of_text = len(folded)
    for needle in needles:
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if folded.startswith("s", end) or folded.startswith("'s", end):
                end += 1 if folded[end] == "s" else 2
            before_ok = start == 0 or not folded[start - 1].isalnum()
            after_ok = end == end_of_text or not folded[end].isalnum()
            if not after_ok and end > start + len(needle):  # the s began a longer word
                end = start + len(needle)
                after_ok = end == end_of_text or not folded[end].isalnum()
            if before_ok and after_ok:
                spans.append((start, end))
            start = folded.find(needle, start + 1)
    spans.sort(key=lambda span: (span[0], -span[1]))
    chosen: list[tuple[int, int]] = []
    for start, end in spans:
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def mask_text(text: str, values: Iterable[str] = ()) -> str:
    """The text with merge values, salutations, addresses, dates and emails replaced.

    Values match case-insensitively and in either umlaut spelling (Müller, Mueller),
    company names also without their legal form.
    """
    # Email addresses first: a merge value may be part of one (info@mueller.de).
    if "@" in text:
        text = _EMAIL.sub(MASK_EMAIL, text)
    spans = _value_spans(_fold_one(text), values)
    if spans:
        parts: list[str] = []
        done = 0
        for start, end in spans:
            parts += (text[done:start], MASK_VALUE)
            done = end
        parts.append(text[done:])
        text = "".join(parts)
    text = _PEOPLE.sub(_placeholder, text)
    text = _STREET.sub(MASK_STREET, text)
    return _PLACES_AND_DATES.sub(_placeholder, text)


def _placeholder(match: re.Match[str]) -> str:
    return _MASKS[match.lastgroup or ""]


def generic_salutation(text: str) -> str | None:
    """The greeting that addresses nobody in particular, if the text has one."""
    match = _NOBODY.search(text)
    return None if match is None else " ".join(match.group().split())


# --- Fingerprints -----------------------------------------------------------------

# Raise when masking or chunking changes, so that stored fingerprints are renewed.
FINGERPRINT_VERSION = 1
CHUNK_SEPARATOR = "|"
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys(string.punctuation, " "))
# A chunk ends after a word whose checksum has these bits clear: one word in four
# on average. The boundaries depend on the words only, so they survive edits elsewhere.
_BOUNDARY_BITS = 3


@functools.lru_cache(maxsize=1 << 16)
def _ends_chunk(word: str) -> bool:
    return not zlib.crc32(word.encode()) & _BOUNDARY_BITS


def text_fingerprint(text: str, values: Iterable[str] = ()) -> str:
    """The masked text in folded words, cut into chunks: what texts are compared by.

    Deterministic (no salted hashes): store it with each written outreach, as
    RecentText.fingerprint, together with FINGERPRINT_VERSION.
    """
    folded = mask_text(text, values).casefold()  # ß becomes ss
    for umlaut, digraph in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        folded = folded.replace(umlaut, digraph)
    # Other accents go (é → e), and so does anything beyond ASCII that is no letter.
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    words = folded.translate(_PUNCTUATION_TO_SPACE).split()
    chunks = []
    start = 0
    for i, word in enumerate(words):
        if _ends_chunk(word):
            chunks.append(" ".join(words[start : i + 1]))
            start = i + 1
    if start < len(words):
        chunks.append(" ".join(words[start:]))
    return CHUNK_SEPARATOR.join(chunks)
