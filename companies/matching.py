"""Duplicate matching for German company records (pure Python, no Django).

The pipeline has four steps, each a plain function on plain data:

1. **normalise** (`prepare`): fold case, umlauts and ß, punctuation and spacing;
   recognise and separate the legal form (cleanco's maintained suffix table,
   extended with the German forms it misses); expand abbreviations (Str., Gebr.);
   reduce phone numbers to national digits and websites to their host.
2. **block** (`blocking_keys`): a few keys per record (name sounds per place,
   phone, website) so that only records sharing a key are ever compared. The keys
   depend on the record alone, so the database can store and index them too.
3. **score** (`score`): evidence per field in the manner of Fellegi and Sunter:
   agreeing fields add weight, disagreeing ones subtract, missing ones count
   nothing. Every match carries its evidence, so it explains itself. A differing
   city weighs almost as much as an identical name: the same name in another
   town is normally another company. In a whole list (`find_clusters`) the
   name's frequency counts too (`count_names`): a common name weighs less, and a
   distinctive one in the same postal zone speaks for a company that moved.
4. **cluster** (`cluster`): constrained average linkage over the pairs above
   the threshold, with cannot-link rules between whole clusters (no chains).
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np
from cleanco.termdata import terms_by_country
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

# ------------------------------------------------------------------------------
# Thresholds (in evidence weight; see `score`)
# ------------------------------------------------------------------------------
#: Pairs at or above this weight are the same company (clusters, import).
DUPLICATE_WEIGHT = 4.0
#: Pairs at or above this weight are shown as possible duplicates while entering.
SUGGEST_WEIGHT = 1.5
#: No pair inside a cluster may weigh less than this: each member must be at
#: least a plausible match of every other, not only of its neighbour.
LINK_FLOOR = -5.0

# Blocks larger than this are compared only between neighbours in name order
# (sorted neighbourhood), so one very common key cannot make the work quadratic.
MAX_BLOCK = 400
NEIGHBOURHOOD = 30
# A cheap first look at the names: below this (0–100) a pair is never scored.
PREFILTER = 75.0

# ------------------------------------------------------------------------------
# Legal forms
# ------------------------------------------------------------------------------
OTHER_FORM = "sonstige"

# German forms as the register writes them (the keys equal the values of
# companies.models.LegalForm), with the spellings found in lists and spreadsheets.
# cleanco knows GmbH, AG, KG, OHG, GbR, KGaA, PartG, e.V. and "GmbH & Co. KG";
# this table adds the ones it misses and the long written-out forms.
GERMAN_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "GmbH & Co. KG": (
        "GmbH & Co. KG",
        "GmbH & Co KG",
        "GmbH + Co. KG",
        "GmbH und Co. KG",
        "GmbH u. Co. KG",
        "mbH & Co. KG",
        "GmbH & Co. KG i.L.",
        "Gesellschaft mit beschränkter Haftung & Co. KG",
        "GmbH & Cie. KG",
    ),
    "UG (haftungsbeschränkt) & Co. KG": (
        "UG (haftungsbeschränkt) & Co. KG",
        "UG (haftungsbeschränkt) & Co KG",
        "UG (haftungsbeschr.) & Co. KG",
        "UG haftungsbeschränkt & Co. KG",
        "UG & Co. KG",
        "UG (hb) & Co. KG",
    ),
    "gGmbH": ("gGmbH", "gemeinnützige GmbH", "gemeinnützige Gesellschaft mbH"),
    "GmbH": (
        "GmbH",
        "G.m.b.H.",
        "Ges.m.b.H.",
        "Ges. mbH",
        "Gesellschaft mbH",
        "mbH",
        "Gesellschaft mit beschränkter Haftung",
    ),
    "UG (haftungsbeschränkt)": (
        "UG (haftungsbeschränkt)",
        "UG (haftungsbeschr.)",
        "UG (haftungsbeschraenkt)",
        "UG haftungsbeschränkt",
        "UG (hb)",
        "UG",
        "Unternehmergesellschaft (haftungsbeschränkt)",
        "Unternehmergesellschaft",
    ),
    "KGaA": ("KGaA", "KG a.A.", "Kommanditgesellschaft auf Aktien"),
    "AG": ("AG", "A.G.", "Aktiengesellschaft"),
    "SE": ("SE", "Societas Europaea"),
    "KG": (
        "KG",
        "Kommanditgesellschaft",
        "AG & Co. KG",
        "SE & Co. KG",
        "Stiftung & Co. KG",
    ),
    "OHG": ("OHG", "oHG", "offene Handelsgesellschaft"),
    "GbR": ("GbR", "Gesellschaft bürgerlichen Rechts", "Gesellschaft des bürgerlichen Rechts"),
    "e.K.": (
        "e.K.",
        "e. K.",
        "e.Kfm.",
        "e. Kfm.",
        "e.Kfr.",
        "e. Kfr.",
        "eK",
        "eingetragener Kaufmann",
        "eingetragene Kauffrau",
    ),
    "eG": ("eG", "e.G.", "eingetragene Genossenschaft"),
    "e.V.": ("e.V.", "e. V.", "eingetragener Verein"),
    "PartG mbB": (
        "PartG mbB",
        "PartGmbB",
        "Partnerschaftsgesellschaft mbB",
        "Partnerschaftsgesellschaft mit beschränkter Berufshaftung",
    ),
    "PartG": ("PartG", "Partnerschaftsgesellschaft", "Partnerschaft"),
}
# "& Co." marks a partnership without naming its form; dropping it helps matching.
_FORMLESS_SUFFIXES = ("& Co.", "und Co.", "u. Co.", "& Cie.")
# Countries whose suffixes cleanco contributes: German-speaking ones, and the
# foreign forms German SMEs use (Ltd., B.V., Inc.).
_CLEANCO_COUNTRIES = (
    "Germany",
    "Austria",
    "Switzerland",
    "United Kingdom",
    "United States of America",
    "Netherlands",
)

# ------------------------------------------------------------------------------
# Text folding and tokens
# ------------------------------------------------------------------------------
_GERMAN_FOLD = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "+": "&", "'": "", "’": "", "´": ""}
)
_TOKEN = re.compile(r"[a-z0-9]+|&")
_NAME_STOPWORDS = frozenset({"&", "und", "u", "the"})
_NAME_ABBREVIATIONS = {
    "gebr": "gebrueder",
    "gebrd": "gebrueder",
    "bhf": "bahnhof",
    "ib": "ingenieurbuero",
    "ingbuero": "ingenieurbuero",
}
# Words that say nothing about which company it is: "Fa." and academic titles
# ("Dr.-Ing.", "Dipl.-Ing."), written by some lists and left out by others.
_NAME_NOISE = frozenset({"fa", "firma", "dr", "dipl", "prof", "ing", "med", "rer", "nat"})
# Words that name a company's role in a group: "Müller Holding GmbH" and
# "Müller GmbH" are two legal entities of one group, not one company. Each
# spelling maps to its role.
ROLE_WORDS = {
    "holding": "holding",
    "verwaltung": "verwaltung",
    "verwaltungs": "verwaltung",
    "verwaltungsgesellschaft": "verwaltung",
    "beteiligung": "beteiligung",
    "beteiligungs": "beteiligung",
    "beteiligungsgesellschaft": "beteiligung",
    "grundstuecks": "grundstueck",
    "grundstuecksgesellschaft": "grundstueck",
    "vermoegensverwaltung": "vermoegen",
    "vermoegensverwaltungs": "vermoegen",
    "service": "service",
    "services": "service",
    "servicegesellschaft": "service",
    "vertriebs": "vertrieb",
    "vertriebsgesellschaft": "vertrieb",
    "betriebs": "betrieb",
    "betriebsgesellschaft": "betrieb",
    "management": "management",
}
_STREET_ABBREVIATIONS = {"str": "strasse", "strasze": "strasse", "pl": "platz", "ch": "chaussee"}


# UTF-8 read as Windows-1252 turns "ü" into "Ã¼": these two letters start almost
# every such pair, and German names never contain them otherwise.
_MOJIBAKE_MARKS = ("Ã", "Â")
# Windows-1252 read as UTF-8 loses each umlaut to "�" (or "?" after a re-save).
# Every umlaut folds to a pair ending in "e" (ae, oe, ue), so "e" is the best guess.
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])[?\ufffd]|[?\ufffd](?=[^\W\d_])")


def repair_mojibake(text: str) -> str:
    """Undo a Windows-1252/UTF-8 mix-up ("MÃ¼ller" → "Müller"; "M�ller" → "Meller")."""
    if any(mark in text for mark in _MOJIBAKE_MARKS):
        # Not mojibake after all (or mixed with sound text): keep it as written.
        with contextlib.suppress(UnicodeError):
            text = text.encode("cp1252").decode("utf-8")
    if "?" in text or "\ufffd" in text:
        text = _LOST_LETTER.sub("e", text)
    return text


def fold(text: str) -> str:
    """Lower case, umlauts and ß written out (ä → ae), other accents removed."""
    folded = repair_mojibake(text).casefold().translate(_GERMAN_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens; runs of single letters are joined ("G.m.b.H." → "gmbh")."""
    out: list[str] = []
    run: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(token)
    if run:
        out.append("".join(run))
    return out


def _build_suffix_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Suffix token sequences by their last token, longest first, with their form."""
    forms: dict[tuple[str, ...], str] = {}
    for country in _CLEANCO_COUNTRIES:
        for term in terms_by_country.get(country, ()):
            forms.setdefault(tuple(tokens(term)), OTHER_FORM)
    for suffix in _FORMLESS_SUFFIXES:
        forms[tuple(tokens(suffix))] = ""
    for canonical, variants in GERMAN_LEGAL_FORMS.items():
        for variant in variants:
            forms[tuple(tokens(variant))] = canonical
            # "haftungsbeschr?nkt": an umlaut lost to mojibake (see repair_mojibake).
            forms.setdefault(tuple(tokens(re.sub("[äöü]", "?", variant))), canonical)
    table: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for sequence, canonical in forms.items():
        if sequence:
            table[sequence[-1]].append((sequence, canonical))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return dict(table)


_SUFFIXES = _build_suffix_table()


def _strip_legal_form(words: list[str]) -> tuple[list[str], str]:
    """Remove trailing legal-form tokens; return the rest and the (first) form found."""
    found = ""
    for _ in range(3):  # "Müller Bau GmbH & Co. KG i.L." needs at most a few rounds
        if len(words) < 2:
            break
        for sequence, canonical in _SUFFIXES.get(words[-1], ()):
            size = len(sequence)
            if len(words) > size and tuple(words[-size:]) == sequence:
                del words[-size:]
                found = found or canonical
                break
        else:
            break
    return words, found


def split_legal_form(name: str) -> tuple[str, str]:
    """Split "Müller Metallbau G.m.b.H." into ("Müller Metallbau", "GmbH").

    The form is the register spelling (a value of companies.models.LegalForm),
    "sonstige" for a foreign form, or "" when the name carries none.
    """
    text = name.strip()
    words = tokens(text)
    kept, form = _strip_legal_form(list(words))
    if len(kept) == len(words):
        return text, ""
    # Cut the original text after the last kept word, keeping its spelling.
    for match in re.finditer(r"\S+", text):
        if len(tokens(text[: match.end()])) >= len(kept):
            return text[: match.end()].rstrip(" ,;-–&+/"), form
    return text, form  # pragma: no cover


def legal_form_of(text: str) -> str:
    """The register spelling of a legal form written any common way ("" if unknown)."""
    words = tokens(text)
    for sequence, canonical in _SUFFIXES.get(words[-1] if words else "", ()):
        if tuple(words) == sequence:
            return canonical
    return ""


def _name_words(name: str) -> tuple[list[str], str]:
    words, form = _strip_legal_form(tokens(name))
    joined: list[str] = []
    for word in words:
        # "Ing.-Büro" and "Ing. Büro" are an Ingenieurbüro, not the title "Ing.".
        if word == "buero" and joined and joined[-1] == "ing":
            joined[-1] = "ingenieurbuero"
            continue
        joined.append(word)
    kept = [
        _NAME_ABBREVIATIONS.get(w, w)
        for w in joined
        if w not in _NAME_STOPWORDS and w not in _NAME_NOISE
    ]
    return (kept or [w for w in joined if w not in _NAME_STOPWORDS]), form


@lru_cache(maxsize=50_000)
def _role(word: str) -> str:
    """The group role a word names, also mistyped or cut ("Holdig", "Verw."); else ""."""
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    if len(word) < 5:
        return ""
    for spelling, role in ROLE_WORDS.items():
        if spelling.startswith(word) or _ratio(word, spelling) >= 85:
            return role
    return ""


def _split_roles(words: list[str]) -> tuple[list[str], frozenset[str]]:
    """The name's words without the words of a group role, and those roles."""
    roles = [_role(w) for w in words]
    core = [w for w, role in zip(words, roles, strict=True) if not role]
    if not core:  # "Service Management": the role words are the name
        return words, frozenset()
    return core, frozenset(role for role in roles if role)


def normalize_name(name: str) -> str:
    """Case-, umlaut- and punctuation-folded company name without its legal form."""
    return " ".join(_split_roles(_name_words(name)[0])[0])


def normalize_street(street: str) -> tuple[str, str]:
    """("hauptstrasse", "12a") from "Hauptstr. 12 a"."""
    name_parts: list[str] = []
    number = ""
    for word in tokens(street):
        if word[0].isdigit():
            if not number:
                number = word
            continue
        if number and len(word) == 1 and number.isdigit():
            number += word  # "12 a" → "12a"
            continue
        if word.endswith("str") and len(word) > 3:
            word = word[:-3] + "strasse"
        name_parts.append(_STREET_ABBREVIATIONS.get(word, word))
    return "".join(name_parts), number


def normalize_postal_code(code: str) -> str:
    digits = re.sub(r"\D", "", code)
    # Spreadsheets drop the leading zero of Saxon and Thuringian codes (04109 → 4109).
    return "0" + digits if len(digits) == 4 and digits[0] != "0" else digits


def normalize_phone(phone: str) -> str:
    """National digits: "+49 (0)341 123-45" → "034112345"; "" for too few digits."""
    written = phone.strip()
    digits = re.sub(r"\D", "", written)
    if written.startswith("+") or digits.startswith("00"):
        if not written.startswith("+"):
            digits = digits[2:]
        # "+49 (0)341": the trunk zero in brackets is written by habit.
        digits = "0" + digits[2:].removeprefix("0") if digits.startswith("49") else "00" + digits
    return digits if len(digits) >= 6 else ""


# Hosts shared by many businesses: the first path segment tells them apart.
_SHARED_HOSTS = frozenset(
    {"facebook.com", "instagram.com", "linkedin.com", "xing.com", "sites.google.com"}
)


def normalize_website(url: str) -> str:
    """The host without "www." (and the page for shared hosts such as facebook.com)."""
    text = url.strip().casefold()
    if not text:
        return ""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host, _, path = text.partition("/")
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    host = host.removeprefix("www.")
    if "." not in host:
        return ""
    if host in _SHARED_HOSTS:
        page = path.split("/", 1)[0].split("?", 1)[0]
        return f"{host}/{page}" if page else ""
    return host


@lru_cache(maxsize=20_000)
def normalize_city(city: str) -> str:
    return " ".join(tokens(city.replace("/", " ")))


# ------------------------------------------------------------------------------
# Kölner Phonetik (Postel 1969): German sounds for blocking keys
# ------------------------------------------------------------------------------
_SIMPLE_CODES = {
    **dict.fromkeys("aeijouy", "0"),
    "b": "1",
    **dict.fromkeys("fvw", "3"),
    **dict.fromkeys("gkq", "4"),
    "l": "5",
    **dict.fromkeys("mn", "6"),
    "r": "7",
    **dict.fromkeys("sz", "8"),
}


@lru_cache(maxsize=200_000)
def cologne_phonetic(word: str) -> str:
    """The Kölner Phonetik code of a folded word ("mueller", "muller" → "657")."""
    letters = [ch for ch in word if "a" <= ch <= "z"]
    codes: list[str] = []
    for i, ch in enumerate(letters):
        before = letters[i - 1] if i else ""
        after = letters[i + 1] if i + 1 < len(letters) else ""
        if ch == "h":
            continue
        if ch == "p":
            code = "3" if after == "h" else "1"
        elif ch in "dt":
            code = "8" if after in ("c", "s", "z") else "2"
        elif ch == "c":
            if i == 0:
                code = "4" if after in "ahkloqrux" and after else "8"
            elif before in ("s", "z"):
                code = "8"
            else:
                code = "4" if after and after in "ahkoqux" else "8"
        elif ch == "x":
            code = "8" if before in ("c", "k", "q") else "48"
        else:
            code = _SIMPLE_CODES.get(ch, "")
        codes.append(code)
    collapsed: list[str] = []
    for digit in "".join(codes):
        if not collapsed or collapsed[-1] != digit:
            collapsed.append(digit)
    if not collapsed:
        return ""
    return collapsed[0] + "".join(d for d in collapsed[1:] if d != "0")


# ------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompanyRecord:
    """What the matcher knows of a company; `id` is whatever identifies it to the caller."""

    id: Hashable
    name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    website: str = ""
    phone: str = ""
    legal_form: str = ""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record in normalised form, ready for blocking and scoring."""

    record: CompanyRecord
    name: str
    name_sorted: str
    words: tuple[str, ...]  # the name's words without its group role (see ROLE_WORDS)
    legal_form: str
    street: str
    house_number: str
    postal_code: str
    city: str
    domain: str
    phone: str
    keys: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()  # "holding", "verwaltungs" …: its role in a group
    # How many records of the whole list carry this name (by the sound of its
    # words; see `count_names`); 0 when unknown, as for a single check.
    name_count: int = 0

    @property
    def id(self) -> Hashable:
        return self.record.id

    @property
    def place(self) -> str:
        """The town, or failing that the postal code: where the record says it is."""
        return self.city or self.postal_code


def prepare(record: CompanyRecord) -> Prepared:
    """Normalise every field of a record once, before blocking and scoring."""
    words, form_in_name = _name_words(record.name)
    if not words:  # a name that is nothing but a legal form: keep it as it is
        words = tokens(record.name)
    words, roles = _split_roles(words)
    street, number = normalize_street(record.street)
    prepared = Prepared(
        record=record,
        name=" ".join(words),
        name_sorted=" ".join(sorted(words)),
        words=tuple(words),
        legal_form=legal_form_of(record.legal_form) or record.legal_form or form_in_name,
        street=street,
        house_number=number,
        postal_code=normalize_postal_code(record.postal_code),
        city=normalize_city(record.city),
        domain=normalize_website(record.website),
        phone=normalize_phone(record.phone),
        roles=roles,
    )
    object.__setattr__(prepared, "keys", blocking_keys(prepared))
    return prepared


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    code = cologne_phonetic(word)
    # Short codes ("bau" → "1") would lump unrelated words: keep the word itself.
    return word[0] + code if len(code) >= 2 else word


def blocking_keys(prepared: Prepared) -> frozenset[str]:
    """Keys that a duplicate of this record very likely shares with it.

    Each significant name word (by its sound, so "Müller", "Mueller" and "Muller"
    meet) paired with the city and with the postal code; the sounds of the whole
    name for records without a place; the phone number and the website.
    """
    keys: set[str] = set()
    significant = [w for w in prepared.words if len(w) >= 3 and not w.isdigit()]
    places = []
    if prepared.city:
        places.append("c:" + prepared.city.split()[0])
    if prepared.postal_code:
        places.append("p:" + prepared.postal_code)
    for word in significant:
        key = _word_key(word)
        keys.update(f"n:{key}@{place}" for place in places)
    if prepared.words:
        keys.add("s:" + ".".join(sorted(_word_key(w) for w in prepared.words)))
    if prepared.phone:
        keys.add("t:" + prepared.phone)
    if prepared.domain:
        keys.add("w:" + prepared.domain)
    return frozenset(key[:100] for key in keys)


# ------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------
class Field:
    NAME = "name"
    LEGAL_FORM = "legal_form"
    STREET = "street"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    PHONE = "phone"
    WEBSITE = "website"


class Verdict:
    SAME = "same"  # identical after normalisation
    SIMILAR = "similar"  # close (a typo, a compatible spelling)
    DIFFERENT = "different"
    MISSING = "missing"  # absent on at least one side: no evidence either way


class Relation:
    """The three answers for a pair of records."""

    SAME = "same"  # one company written twice: merge
    RELATED = "related"  # another legal entity of the same group or family: link
    DIFFERENT = "different"


@dataclass(frozen=True, slots=True)
class Evidence:
    """How one field of two records compares, and what that adds to the score."""

    field: str
    verdict: str
    similarity: int  # 0–100
    weight: float


@dataclass(frozen=True, slots=True)
class Match:
    """A scored pair with its evidence; `score` is 0–100 for people to read."""

    a: Hashable
    b: Hashable
    weight: float
    evidence: tuple[Evidence, ...] = field(default=())
    relation: str = Relation.SAME

    @property
    def score(self) -> int:
        # Logistic: the duplicate threshold reads as about 80, the suggestion
        # threshold as 50.
        scaled = (self.weight - SUGGEST_WEIGHT) * (1.4 / (DUPLICATE_WEIGHT - SUGGEST_WEIGHT))
        return round(100 / (1 + math.exp(-scaled)))

    @property
    def is_duplicate(self) -> bool:
        return self.weight >= DUPLICATE_WEIGHT and self.relation == Relation.SAME

    @property
    def is_related(self) -> bool:
        return self.weight >= DUPLICATE_WEIGHT and self.relation == Relation.RELATED

    @property
    def agreeing(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.weight > 0)

    @property
    def disagreeing(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.weight < 0)

    def explain(self) -> str:
        """One line for logs and the command line: "name 97 same +7.9, city ..."."""
        return ", ".join(
            f"{e.field} {e.verdict} {e.similarity} {e.weight:+.1f}" for e in self.evidence
        )


def _ratio(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b) * 100


# (similarity, weight) points; linear in between.
_NAME_CURVE = ((0.0, -10.0), (70.0, -5.0), (80.0, -1.0), (85.0, 1.5), (90.0, 4.0), (95.0, 6.0))
_NAME_SAME = 8.0
_WORD_PARTNER = 80.0  # a word without a partner this close counts as missing


def _name_curve(similarity: float) -> float:
    if similarity >= 100:
        return _NAME_SAME
    points = (*_NAME_CURVE, (100.0, _NAME_SAME))
    for (x0, y0), (x1, y1) in pairwise(points):
        if similarity <= x1:
            return y0 + (y1 - y0) * (similarity - x0) / (x1 - x0)
    return _NAME_SAME  # pragma: no cover


# Common German given names (folded). A given name that only one of two names
# carries ("Bäckerei Thomas Müller", "Bäckerei Müller") is left out of the
# comparison; two different ones are two people.
_GIVEN_NAMES_TEXT = (
    "Alexander Andreas Anja Andrea Angelika Anna Anke Annette Antje Bernd Birgit Björn "
    "Brigitte Carsten Christa Christian Christiane Christina Christine Christoph Claudia "
    "Daniel Daniela David Denise Dennis Dieter Dirk Doris Elke Erika Eva Fabian Felix "
    "Florian Gabriele Gerd Gerhard Gisela Günter Günther Hans Harald Heike Heinz Helga "
    "Helmut Horst Ines Ingrid Jan Jana Jens Jörg Johann Johannes Jonas Julia Jürgen Karin "
    "Karl Katharina Katja Katrin Kerstin Klaus Kristin Lars Laura Lea Lena Lisa Lukas "
    "Manfred Manuela Marc Marcel Marco Maria Marion Mario Markus Marko Martina Matthias "
    "Max Melanie Michael Michaela Monika Nadine Nicole Niklas Nils Olaf Oliver Patrick "
    "Paul Peter Petra Philipp Ralf Ralph René Renate Robert Sabine Sandra Sarah Sascha "
    "Sebastian Silke Simone Sören Stefan Stefanie Steffen Stephan Susanne Sven Tanja Thomas "
    "Tim Tobias Torsten Udo Ulrich Ulrike Ursula Uwe Ute Volker Wolfgang Yvonne"
)
GIVEN_NAMES = frozenset(fold(name) for name in _GIVEN_NAMES_TEXT.split())
# A word written as the start of another ("Metallb." for Metallbau) counts as its
# partner when at least this long.
_PREFIX_AT_LEAST = 5


def _partner(word: str, others: tuple[str, ...]) -> float:
    """How close the best partner of `word` among `others` is (0–100)."""
    best = 0.0
    for other in others:
        if word == other:
            return 100.0
        shorter, longer = (word, other) if len(word) < len(other) else (other, word)
        if len(shorter) >= _PREFIX_AT_LEAST and longer.startswith(shorter):
            best = max(best, 95.0)
        else:
            best = max(best, _ratio(word, other))
    return best


def _same_initials(these: list[str], those: list[str]) -> bool:
    """Whether one side's initials are the first letters of the other's given names."""
    if len(these) != len(those):
        return False
    return all(
        (len(x) == 1 or len(y) == 1) and x[0] == y[0]
        for x, y in zip(sorted(these), sorted(those), strict=True)
    )


def name_similarity(a: Prepared, b: Prepared) -> float:
    """0–100, insensitive to word order; each word needs a close partner to count.

    "Metallbau Müller" and "Müller Metallbau" are 100; "Metallbau Müller" and
    "Stahlbau Müller" share only one word of two and stay low, although their
    letters are alike. A given name or an initial that only one side carries is
    left out ("Bäckerei T. Müller", "Bäckerei Müller"); different ones are not.
    """
    if a.name == b.name or a.name_sorted == b.name_sorted:
        return 100.0
    wa, wb = a.words, b.words
    if not wa or not wb:
        return 0.0
    numbers_a = {w for w in wa if w.isdigit()}
    numbers_b = {w for w in wb if w.isdigit()}
    # "Grundstücksgesellschaft 1" and "… 2" are siblings, not one company.
    cap = 70.0 if numbers_a and numbers_b and numbers_a != numbers_b else 100.0
    total = 0.0
    matched = 0
    unmatched: tuple[list[str], list[str]] = ([], [])
    for side, (this, other) in enumerate(((wa, wb), (wb, wa))):
        for word in this:
            best = _partner(word, other)
            if best >= _WORD_PARTNER:
                total += len(word) * best
                matched += 1
            else:
                unmatched[side].append(word)
    length = sum(map(len, wa)) + sum(map(len, wb))
    persons = [[w for w in words if w in GIVEN_NAMES or len(w) == 1] for words in unmatched]
    # Leave out what only one side says of the person ("Thomas" against nothing,
    # or against its initial "T."), if the rest still names a company (two
    # matched words on each side at least).
    names_company = matched >= 4 or (matched >= 2 and a.roles and a.roles == b.roles)
    if names_company and (bool(persons[0]) != bool(persons[1]) or _same_initials(*persons)):
        length -= sum(len(w) for w in persons[0] + persons[1])
    similarity = total / length if length else 0.0
    if len(wa) != len(wb):
        # "Metall Bau Müller" against "Metallbau Müller": compare without spaces.
        similarity = max(similarity, _ratio("".join(wa), "".join(wb)))
    return min(similarity, cap)


def _cities_agree(a: Prepared, b: Prepared) -> tuple[str, int]:
    if a.city and b.city:
        if a.city == b.city:
            return Verdict.SAME, 100
        if a.postal_code and a.postal_code == b.postal_code:
            return Verdict.SIMILAR, round(_ratio(a.city, b.city))  # a typo in the town
        ta, tb = a.city.split(), b.city.split()
        shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
        if longer[: len(shorter)] == shorter:  # "Halle" and "Halle (Saale)"
            return Verdict.SIMILAR, 90
        similarity = _ratio(a.city, b.city)
        if similarity >= 85:
            return Verdict.SIMILAR, round(similarity)
        return Verdict.DIFFERENT, round(similarity)
    # Without both towns, postal codes tell the region: the first two digits.
    if a.postal_code and b.postal_code:
        if a.postal_code == b.postal_code:
            return Verdict.SAME, 100
        if a.postal_code[:2] != b.postal_code[:2]:
            return Verdict.DIFFERENT, 0
    return Verdict.MISSING, 0


# Weights of the other fields: (same, similar, different).
_CITY = (1.0, 0.5, -6.0)
_POSTAL_CODE = (1.5, 0.0, -0.5)
# Another street in the same town is a namesake more often than a move: moves
# that keep a phone or website are caught by `_ADDRESS_AFTER_MOVE`.
_STREET = (3.0, 2.0, -5.0)
_PHONE = (4.0, 3.0, -1.5)
_WEBSITE = (5.0, 5.0, -2.0)
# Another legal form is another legal entity: that makes the pair related rather
# than the same (see `relation_of`), so the weight itself stays small.
_LEGAL_FORM = (0.5, 0.0, -0.5)


_WEIGHT_INDEX = {Verdict.SAME: 0, Verdict.SIMILAR: 1, Verdict.DIFFERENT: 2}


def _evidence(field_name: str, verdict: str, similarity: float, weights: tuple) -> Evidence:
    index = _WEIGHT_INDEX.get(verdict)
    weight = 0.0 if index is None else weights[index]
    return Evidence(field_name, verdict, round(similarity), weight)


@lru_cache(maxsize=16)
def _missing(field_name: str) -> Evidence:
    return Evidence(field_name, Verdict.MISSING, 0, 0.0)  # frozen: one per field will do


def _equal(field_name: str, a: str, b: str, weights: tuple) -> Evidence:
    if not (a and b):
        return _missing(field_name)
    same = a == b
    return _evidence(field_name, Verdict.SAME if same else Verdict.DIFFERENT, same * 100, weights)


def _name_evidence(a: Prepared, b: Prepared) -> Evidence:
    name = name_similarity(a, b)
    verdict = Verdict.SAME if name >= 100 else Verdict.SIMILAR if name >= 85 else Verdict.DIFFERENT
    return Evidence(Field.NAME, verdict, round(name), round(_name_curve(name), 2))


def _street_evidence(a: Prepared, b: Prepared, weights: tuple) -> Evidence:
    if not (a.street and b.street):
        return _missing(Field.STREET)
    similarity = 100.0 if a.street == b.street else _ratio(a.street, b.street)
    same_number = a.house_number == b.house_number
    if similarity >= 100 and same_number:
        verdict = Verdict.SAME
    elif similarity >= 90 and (same_number or not (a.house_number and b.house_number)):
        verdict = Verdict.SIMILAR
    else:
        verdict = Verdict.DIFFERENT
    return _evidence(Field.STREET, verdict, similarity, weights)


def _phone_evidence(a: Prepared, b: Prepared) -> Evidence:
    if not (a.phone and b.phone):
        return _missing(Field.PHONE)
    if a.phone == b.phone:
        return _evidence(Field.PHONE, Verdict.SAME, 100, _PHONE)
    if min(len(a.phone), len(b.phone)) >= 8 and (
        a.phone.startswith(b.phone) or b.phone.startswith(a.phone)
    ):
        return _evidence(Field.PHONE, Verdict.SIMILAR, 90, _PHONE)  # another extension
    return _evidence(Field.PHONE, Verdict.DIFFERENT, 0, _PHONE)


# The most that legal form, town, postal code and street can add together.
_ADDRESS_AT_MOST = _LEGAL_FORM[0] + _CITY[0] + _POSTAL_CODE[0] + _STREET[0]
# A company that moved keeps its website and often its phone: when either agrees,
# another town, postal code and street cost at most 2.5 together.
_CITY_AFTER_MOVE = (_CITY[0], _CITY[1], -1.0)
_STREET_AFTER_MOVE = (_STREET[0], _STREET[1], -1.0)


# A name found at most this often in the whole list is distinctive: "Dachdeckerei
# Ralf Schuster" is, "Autohaus Müller" (in every town) is not. A distinctive name
# in the same postal region speaks for one company that moved, as a shared phone
# or website does: see `_distinctive_nearby`.
RARE_NAME = 4
# Names at least this close count as the same name for that rule.
_RARE_NAME_SIMILARITY = 95.0
# Postal codes sharing this many leading digits are in one region: the postal
# zone (Leitzone). A move to the next town often crosses the border of the
# two-digit regions (Leipzig 04 → Halle 06, Berlin 10 → Potsdam 14).
_REGION_DIGITS = 1


def _name_key(prepared: Prepared) -> str:
    return ".".join(sorted(_word_key(w) for w in prepared.words))


# Below this many records a count says nothing of how common a name is: a team
# with 300 companies has one "Autohaus Müller", the country has hundreds.
NAME_COUNTS_FROM = 2_000


def count_names(prepared: Sequence[Prepared]) -> list[Prepared]:
    """The records with `name_count` set: how many records carry each name.

    Names count by the sound of their words in any order, so spellings of one
    name ("Müller", "Mueller") count together. Lists shorter than
    `NAME_COUNTS_FROM` are left uncounted (0: unknown).
    """
    if len(prepared) < NAME_COUNTS_FROM:
        return list(prepared)
    keys = [_name_key(p) for p in prepared]
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        counts[key] += 1
    out = []
    for item, key in zip(prepared, keys, strict=True):
        object.__setattr__(item, "name_count", counts[key])
        out.append(item)
    return out


def _same_region(a: Prepared, b: Prepared) -> bool:
    if a.city and a.city == b.city:
        return True
    digits = _REGION_DIGITS
    return bool(
        len(a.postal_code) == 5
        and len(b.postal_code) == 5
        and a.postal_code[:digits] == b.postal_code[:digits]
    )


def _distinctive_nearby(a: Prepared, b: Prepared, name: Evidence | None = None) -> bool:
    """Whether two records share a distinctive name and legal form in one region,
    without a website against it: then another street or town is a move, not a
    namesake, as when a phone or website agrees."""
    if not (0 < a.name_count <= RARE_NAME and 0 < b.name_count <= RARE_NAME):
        return False
    if a.legal_form != b.legal_form or a.roles != b.roles:
        return False
    if a.domain and b.domain and a.domain != b.domain:
        return False
    if not _same_region(a, b):
        return False
    similarity = name.similarity if name is not None else round(name_similarity(a, b))
    return similarity >= _RARE_NAME_SIMILARITY


# A name carried by many records is weak evidence: "Gasthof zum Löwen" in one big
# town is several inns. Its agreement loses log2(count / RARE_NAME), at most this.
_COMMON_NAME_AT_MOST = 4.0


def _commonness(a: Prepared, b: Prepared) -> float:
    count = max(a.name_count, b.name_count)
    if count <= RARE_NAME:
        return 0.0
    return min(_COMMON_NAME_AT_MOST, math.log2(count / RARE_NAME))


def _score(a: Prepared, b: Prepared, floor: float) -> Match | None:
    """`score`, or None as soon as the pair cannot reach `floor` any more."""
    name = _name_evidence(a, b)
    if name.weight > 0 and (common := _commonness(a, b)):
        name = Evidence(name.field, name.verdict, name.similarity, round(name.weight - common, 2))
    phone = _phone_evidence(a, b)
    website = _equal(Field.WEBSITE, a.domain, b.domain, _WEBSITE)
    # Most pairs in a block fail here, before the address is looked at.
    if name.weight + phone.weight + website.weight + _ADDRESS_AT_MOST < floor:
        return None
    city_verdict, city_similarity = _cities_agree(a, b)
    moved = phone.weight > 0 or website.weight > 0 or _distinctive_nearby(a, b, name)
    evidence = (
        name,
        _equal(Field.LEGAL_FORM, a.legal_form, b.legal_form, _LEGAL_FORM),
        _evidence(Field.CITY, city_verdict, city_similarity, _CITY_AFTER_MOVE if moved else _CITY),
        _equal(Field.POSTAL_CODE, a.postal_code, b.postal_code, _POSTAL_CODE),
        _street_evidence(a, b, _STREET_AFTER_MOVE if moved else _STREET),
        phone,
        website,
    )
    weight = round(sum(e.weight for e in evidence), 2)
    if weight < floor:
        return None
    return Match(a.id, b.id, weight, evidence, relation_of(a, b))


def relation_of(a: Prepared, b: Prepared) -> str:
    """SAME unless the two are different legal entities whatever their names say.

    "Müller GmbH" and "Müller KG", or "Müller Holding GmbH" and "Müller GmbH",
    are related companies (one group, one family), never one record: merging
    them would lose a legal entity.
    """
    if a.legal_form and b.legal_form and a.legal_form != b.legal_form:
        return Relation.RELATED
    if a.roles != b.roles:
        return Relation.RELATED
    return Relation.SAME


def _towns_differ(a: Prepared, b: Prepared) -> bool:
    if a.city and b.city:
        return _cities_agree(a, b)[0] == Verdict.DIFFERENT
    # Without both towns, two postal codes of different regions are two places.
    return bool(a.postal_code and b.postal_code and a.postal_code[:2] != b.postal_code[:2])


def cannot_link(a: Prepared, b: Prepared) -> bool:
    """Whether two records can never be one company, however their names compare.

    Two full addresses in different towns with no phone or website in common
    are two companies (a common name in two towns), as are two streets with two
    phone numbers in one town; so are two legal forms or
    group roles (related companies). This is what stops chains: a record
    without a street may match both, but cannot join them.
    """
    if _shares_contact(a, b):
        return relation_of(a, b) != Relation.SAME
    if relation_of(a, b) != Relation.SAME:
        return True
    if _distinctive_nearby(a, b):
        return False
    if not (a.street and b.street):
        return False
    if _towns_differ(a, b):
        return True
    # Another street and another phone: both facts say it is another company.
    return bool(
        a.phone and b.phone and _street_evidence(a, b, _STREET).verdict == Verdict.DIFFERENT
    )


def score(a: Prepared, b: Prepared) -> Match:
    """Weigh the evidence of every field; see the module docstring."""
    match = _score(a, b, -math.inf)
    assert match is not None  # noqa: S101 - no floor, always a match
    return match


def names_close(prepared: Prepared, name: str) -> bool:
    """Whether a normalised name (as stored with a company) is worth a full comparison."""
    cutoff = PREFILTER / 100
    return (
        Indel.normalized_similarity(prepared.name, name, score_cutoff=cutoff) > 0
        or Indel.normalized_similarity(
            prepared.name_sorted, " ".join(sorted(name.split())), score_cutoff=cutoff
        )
        > 0
    )


def _shares_contact(a: Prepared, b: Prepared) -> bool:
    return bool((a.phone and a.phone == b.phone) or (a.domain and a.domain == b.domain))


def _names_close(a: Prepared, b: Prepared) -> bool:
    """Cheap look at the names; pairs far apart are never scored."""
    cutoff = PREFILTER / 100
    return (
        Indel.normalized_similarity(a.name_sorted, b.name_sorted, score_cutoff=cutoff) > 0
        or Indel.normalized_similarity(a.name, b.name, score_cutoff=cutoff) > 0
    )


# ------------------------------------------------------------------------------
# Blocking, pairs and clusters
# ------------------------------------------------------------------------------
def _keyed_blocks(prepared: Sequence[Prepared]) -> list[tuple[str, list[int]]]:
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(prepared):
        for key in item.keys:
            by_key[key].append(index)
    return [(key, members) for key, members in by_key.items() if len(members) > 1]


def blocks(prepared: Sequence[Prepared]) -> list[list[int]]:
    """Indexes of records sharing a blocking key, for every key held by two or more."""
    return [members for _key, members in _keyed_blocks(prepared)]


# Records sharing a phone number or website are scored whatever their names
# ("Wehser Elekt." is "Weser Elektrotechnik"), if few share it.
_CONTACT_KEYS = ("t:", "w:")
_CONTACT_BLOCK = 12


def _all_pairs(block: list[int]) -> Iterable[tuple[int, int]]:
    return (
        (i, j) if i < j else (j, i)
        for position, i in enumerate(block)
        for j in block[position + 1 :]
    )


def _neighbourhood_pairs(prepared: Sequence[Prepared], block: list[int]) -> set[tuple[int, int]]:
    """Sorted neighbourhood for a large block: neighbours by name, and by address."""
    pairs: set[tuple[int, int]] = set()
    orders = (
        lambda index: prepared[index].name_sorted,
        lambda index: (prepared[index].street, prepared[index].house_number),
    )
    for order in orders:
        ordered = sorted(block, key=order)
        for position, i in enumerate(ordered):
            for j in ordered[position + 1 : position + 1 + NEIGHBOURHOOD]:
                pairs.add((i, j) if i < j else (j, i))
    return pairs


def _similar_names(prepared: Sequence[Prepared], block: list[int]) -> Iterable[tuple[int, int]]:
    """Pairs in a block whose names are close enough to be worth scoring.

    rapidfuzz compares the whole block in one call (in C, on both cores for large
    blocks); Python only sees the few pairs that pass.
    """
    if len(block) > MAX_BLOCK:
        return (
            pair for pair in _neighbourhood_pairs(prepared, block) if _prefilter(*pair, prepared)
        )
    if len(block) <= 3:
        return (
            (i, j) if i < j else (j, i)
            for position, i in enumerate(block)
            for j in block[position + 1 :]
            if _prefilter(i, j, prepared)
        )
    workers = -1 if len(block) > 150 else 1
    by_sorted = [prepared[i].name_sorted for i in block]
    by_written = [prepared[i].name for i in block]
    close = process.cdist(
        by_sorted,
        by_sorted,
        scorer=fuzz.ratio,
        score_cutoff=PREFILTER,
        dtype=np.uint8,
        workers=workers,
    )
    close |= process.cdist(
        by_written,
        by_written,
        scorer=fuzz.ratio,
        score_cutoff=PREFILTER,
        dtype=np.uint8,
        workers=workers,
    )
    rows, columns = np.nonzero(np.triu(close, k=1))
    return (
        (block[r], block[c]) if block[r] < block[c] else (block[c], block[r])
        for r, c in zip(rows.tolist(), columns.tolist(), strict=True)
    )


def _prefilter(i: int, j: int, prepared: Sequence[Prepared]) -> bool:
    return _names_close(prepared[i], prepared[j])


def pairs_of_pairs(pairs: Iterable[tuple[Hashable, Hashable]]) -> frozenset[frozenset[Hashable]]:
    """Pairs of ids in the form `find_matches` takes as `distinct`."""
    return frozenset(frozenset(pair) for pair in pairs)


def find_matches(
    prepared: Sequence[Prepared],
    *,
    threshold: float = DUPLICATE_WEIGHT,
    distinct: frozenset[frozenset] = frozenset(),
    progress: Callable[[float], None] | None = None,
) -> list[Match]:
    """Every pair within a block that scores at or above `threshold`.

    `distinct` holds pairs of ids that a person confirmed as different companies.
    """
    seen: set[tuple[int, int]] = set()
    matches: list[Match] = []
    all_blocks = _keyed_blocks(prepared)
    step = max(1, len(all_blocks) // 50)
    for number, (key, block) in enumerate(all_blocks):
        if progress is not None and number % step == 0:
            progress(number / len(all_blocks))
        if key.startswith(_CONTACT_KEYS) and len(block) <= _CONTACT_BLOCK:
            pairs = _all_pairs(block)
        else:
            pairs = _similar_names(prepared, block)
        for pair in pairs:
            if pair in seen:
                continue
            seen.add(pair)
            a, b = prepared[pair[0]], prepared[pair[1]]
            match = _score(a, b, threshold)
            if match is not None and frozenset((a.id, b.id)) not in distinct:
                matches.append(match)
    return matches


#: A cluster larger than this must share one phone, website or address throughout.
LARGE_CLUSTER = 10
#: A record matching two records that cannot be one company joins neither,
#: unless one of them matches it by this much more (a phone, say).
AMBIGUITY_MARGIN = 3.0


def _shared_contact(members: Sequence[Prepared]) -> bool:
    """Whether every member has the same phone, the same website or the same address."""
    first = members[0]
    return any(
        value and all(value == other for other in rest)
        for value, rest in (
            (first.phone, [m.phone for m in members]),
            (first.domain, [m.domain for m in members]),
            (
                (first.street, first.house_number, first.place) if first.street else None,
                [(m.street, m.house_number, m.place) for m in members],
            ),
        )
    )


def _ambiguous(by_id: dict[Hashable, Prepared], same: Sequence[Match]) -> set[Hashable]:
    """Records that match two companies which cannot be one, about equally well.

    "Bäckerei Schmidt, Berlin" without a street matches every Bäckerei Schmidt
    in Berlin: which one it is, nobody can tell, so it joins none of them.
    """
    partners: dict[Hashable, list[tuple[float, Hashable]]] = defaultdict(list)
    for match in same:
        partners[match.a].append((match.weight, match.b))
        partners[match.b].append((match.weight, match.a))
    found = set()
    for item, near in partners.items():
        if len(near) < 2:
            continue
        near.sort(key=lambda pair: -pair[0])
        best_weight, best = near[0]
        if any(
            weight >= best_weight - AMBIGUITY_MARGIN and cannot_link(by_id[best], by_id[other])
            for weight, other in near[1:]
        ):
            found.add(item)
    return found


def cluster(prepared: Sequence[Prepared], matches: Iterable[Match]) -> list[list[Hashable]]:
    """Records grouped so that every member is close to the cluster as a whole.

    Constrained average linkage: pairs are taken strongest first, and two
    clusters join only if no two of their members cannot be linked
    (`cannot_link`), no pair across them scores below `LINK_FLOOR`, and the
    pairs across them weigh at least `DUPLICATE_WEIGHT` on average. So a record
    without a street that matches "Autohaus Müller" in Berlin and in Dresden
    joins one of them and cannot chain the two; union-find did.

    A record that fits two such clusters about equally well joins neither
    (`_ambiguous`). Only pairs of the same company are used (related ones are
    not). Clusters
    keep the input order of their members and are listed in the order of their
    first member, so the result is deterministic.
    """
    by_id = {p.id: p for p in prepared}
    order = {item: position for position, item in enumerate(by_id)}
    members: dict[Hashable, list[Hashable]] = {item: [item] for item in order}
    home = {item: item for item in order}
    weights: dict[frozenset, float] = {}
    same = []
    for match in matches:
        if match.relation == Relation.SAME:
            weights[frozenset((match.a, match.b))] = match.weight
            same.append(match)
    same.sort(key=lambda m: (-m.weight, min(order[m.a], order[m.b]), max(order[m.a], order[m.b])))

    ambiguous = _ambiguous(by_id, same)

    def weight(x: Hashable, y: Hashable) -> float:
        pair = frozenset((x, y))
        if pair not in weights:
            weights[pair] = _score(by_id[x], by_id[y], -math.inf).weight  # type: ignore[union-attr]
        return weights[pair]

    for match in same:
        ha, hb = home[match.a], home[match.b]
        if ha == hb or match.a in ambiguous or match.b in ambiguous:
            continue
        left, right = members[ha], members[hb]
        if any(cannot_link(by_id[x], by_id[y]) for x in left for y in right):
            continue
        across = [weight(x, y) for x in left for y in right]
        if min(across) < LINK_FLOOR or sum(across) / len(across) < DUPLICATE_WEIGHT:
            continue
        joined = left + right
        if len(joined) > LARGE_CLUSTER and not _shared_contact([by_id[m] for m in joined]):
            continue
        # The earlier record stays the cluster's home: stable cluster ids.
        keep, gone = (ha, hb) if order[ha] < order[hb] else (hb, ha)
        members[keep] = sorted(joined, key=order.__getitem__)
        del members[gone]
        for member in members[keep]:
            home[member] = keep
    return sorted(members.values(), key=lambda group: order[group[0]])


@dataclass(frozen=True, slots=True)
class Clustering:
    """Clusters of the same company, the pairs inside them, and the related pairs."""

    clusters: list[list[Hashable]]
    matches: list[Match]  # pairs inside one cluster
    related: list[Match] = field(default_factory=list)  # other legal entities of one group

    @property
    def duplicate_clusters(self) -> list[list[Hashable]]:
        return [members for members in self.clusters if len(members) > 1]

    def cluster_ids(self) -> dict[Hashable, Hashable]:
        """Each id mapped to the id of the first member of its cluster."""
        return {member: members[0] for members in self.clusters for member in members}


def find_clusters(
    records: Sequence[CompanyRecord],
    *,
    threshold: float = DUPLICATE_WEIGHT,
    distinct: frozenset[frozenset] = frozenset(),
    progress: Callable[[float], None] | None = None,
) -> Clustering:
    """Normalise, block, score and cluster a list of records."""
    prepared = count_names([prepare(record) for record in records])
    matches = find_matches(prepared, threshold=threshold, distinct=distinct, progress=progress)
    clusters = cluster(prepared, matches)
    home = {member: members[0] for members in clusters for member in members}
    inside = [m for m in matches if m.relation == Relation.SAME and home[m.a] == home[m.b]]
    related = [m for m in matches if m.relation == Relation.RELATED]
    return Clustering(clusters, inside, related)


class MatchIndex:
    """Existing records indexed by blocking key, to check new ones one at a time."""

    def __init__(self, records: Iterable[CompanyRecord]) -> None:
        self._by_key: dict[str, list[Prepared]] = defaultdict(list)
        for record in records:
            self.add(prepare(record))

    def add(self, prepared: Prepared) -> None:
        for key in prepared.keys:
            self._by_key[key].append(prepared)

    def candidates(self, prepared: Prepared) -> list[Prepared]:
        found: dict[Hashable, Prepared] = {}
        # In key order: a set's order changes from run to run, and equal scores
        # would then come out in another order.
        for key in sorted(prepared.keys):
            members = self._by_key.get(key, ())
            if len(members) > MAX_BLOCK:
                members = _neighbours(members, prepared)
            for member in members:
                found.setdefault(member.id, member)
        return list(found.values())

    def matches(
        self,
        record: CompanyRecord | Prepared,
        *,
        threshold: float = SUGGEST_WEIGHT,
        exclude: Iterable[Hashable] = (),
    ) -> list[Match]:
        """Existing records that match `record`, best first."""
        prepared = record if isinstance(record, Prepared) else prepare(record)
        return best_matches(prepared, self.candidates(prepared), threshold, exclude)


def _neighbours(members: Sequence[Prepared], prepared: Prepared) -> list[Prepared]:
    ordered = sorted(members, key=lambda p: p.name_sorted)
    keys = [p.name_sorted for p in ordered]
    from bisect import bisect_left

    position = bisect_left(keys, prepared.name_sorted)
    return ordered[max(0, position - NEIGHBOURHOOD) : position + NEIGHBOURHOOD]


def best_matches(
    prepared: Prepared,
    candidates: Iterable[Prepared],
    threshold: float = SUGGEST_WEIGHT,
    exclude: Iterable[Hashable] = (),
) -> list[Match]:
    """Score `prepared` against candidates; those at or above `threshold`, best first."""
    skip = set(exclude)
    found = []
    for candidate in candidates:
        if candidate.id in skip or candidate.id == prepared.id:
            continue
        if not (_names_close(prepared, candidate) or _shares_contact(prepared, candidate)):
            continue
        match = _score(prepared, candidate, threshold)
        if match is not None:
            found.append(match)
    found.sort(key=lambda m: -m.weight)
    return found
