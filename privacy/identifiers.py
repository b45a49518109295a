"""What identifies a person in free text, and how to take it out again.

A person is named in many ways: "Dr. Anna Müller" in the address block, "Frau
Dr. Müller" in the greeting, "Müller, Anna" in a list, an email address, a phone
number written as "+49 341 1234567" or "0341/1234567". This module turns the
stored fields of a person into those variants and replaces them in text and in
JSON values. Plain data in and out; no database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from companies.matching import normalize_phone

ERASED_NAME = "gelöschte Person"
REMOVED = "[entfernt]"

# Shorter fragments would match ordinary words ("Ott" in "Otto"); a last name
# alone is never searched for, only together with a first name, title or honorific.
_MIN_LENGTH = 5


@dataclass(frozen=True)
class Person:
    """The stored identifying fields of a person (a contact or a partner's person)."""

    first_name: str = ""
    last_name: str = ""
    title: str = ""
    salutation: str = ""  # "frau", "herr" or anything else
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Identifiers:
    """The strings that name a person, longest first, split by what replaces them."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    # First and last name as separate values, as a mail merge or an import report
    # keeps them: they name the person only side by side in one JSON list or object.
    parts: tuple[str, str] | None = None

    @property
    def all(self) -> tuple[str, ...]:
        return self.names + self.emails + self.phones

    def search_terms(self, *, json_escaped: bool = False) -> list[str]:
        """The terms to look for in a column; JSON text may hold "\\u00fc" for "ü"."""
        terms = list(self.all)
        if json_escaped:
            terms += [json.dumps(term)[1:-1] for term in self.all]
            if self.parts:
                terms += [json.dumps(self.parts[1]), json.dumps(self.parts[1], ensure_ascii=False)]
        return sorted(set(terms), key=lambda term: (-len(term), term))

    def __bool__(self) -> bool:
        return bool(self.all)


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def name_variants(person: Person) -> list[str]:
    """Full name, name without title, "Last, First", and the greeting forms."""
    first, last, title = _clean(person.first_name), _clean(person.last_name), _clean(person.title)
    if not last:
        return [first] if len(first) >= _MIN_LENGTH and " " in first else []
    variants = set()
    if first:
        variants |= {f"{first} {last}", f"{last}, {first}", f"{last} {first}"}
        if title:
            variants |= {f"{title} {first} {last}", f"{last}, {title} {first}"}
    if title:
        variants.add(f"{title} {last}")
    honorifics = {"frau": ("Frau",), "herr": ("Herr", "Herrn")}.get(
        (person.salutation or "").lower(), ("Frau", "Herr", "Herrn")
    )
    for honorific in honorifics:
        variants.add(f"{honorific} {last}")
        if title:
            variants.add(f"{honorific} {title} {last}")
    return [variant for variant in variants if len(variant) >= _MIN_LENGTH]


def phone_variants(phone: str) -> list[str]:
    """The number as stored, as national and international digits, and grouped as written."""
    written = _clean(phone)
    national = normalize_phone(written)
    if not national:
        return []
    variants = {written, national}
    if national.startswith("0") and not national.startswith("00"):
        rest = national[1:]
        variants |= {f"+49{rest}", f"+49 {rest}", f"0049{rest}", f"+49 (0){rest}"}
    groups = re.findall(r"\d+", written)
    if len(groups) > 1:
        # The grouping the person used, with the other usual separators.
        if groups[0] == "49" and written.startswith("+"):
            groups = ["0" + groups[1].removeprefix("0"), *groups[2:]]
        for separator in (" ", "/", "-", " / ", ""):
            variants.add(separator.join(groups))
            if groups[0].startswith("0"):
                variants.add("+49 " + separator.join([groups[0][1:], *groups[1:]]))
    return [variant for variant in variants if len(re.sub(r"\D", "", variant)) >= 6]


def identifiers_for(person: Person) -> Identifiers:
    """Every string that identifies `person`, longest first (so replacing never leaves a tail)."""

    def ordered(values: Iterable[str]) -> tuple[str, ...]:
        unique = {value for value in values if value}
        return tuple(sorted(unique, key=lambda value: (-len(value), value)))

    emails = ordered(_clean(email).lower() for email in person.emails if "@" in (email or ""))
    phones = ordered(variant for phone in person.phones for variant in phone_variants(phone))
    first, last = _clean(person.first_name), _clean(person.last_name)
    if ERASED_NAME in f"{first} {last}":
        # Erased already: "gelöschte Person" is what every scrubbed row says.
        first, last, person = "", "", Person(emails=person.emails, phones=person.phones)
    return Identifiers(
        names=ordered(name_variants(person)),
        emails=emails,
        phones=phones,
        parts=(first, last) if first and last else None,
    )


def _pattern(identifiers: Identifiers) -> re.Pattern[str]:
    terms = sorted(identifiers.all, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _replacement(identifiers: Identifiers, found: str) -> str:
    lowered = found.lower()
    if any(lowered == name.lower() for name in identifiers.names):
        return ERASED_NAME
    return REMOVED


def mentions(text: str, identifiers: Identifiers) -> bool:
    """Whether `text` names the person."""
    return bool(identifiers) and bool(_pattern(identifiers).search(text or ""))


def scrub_text(text: str, identifiers: Identifiers) -> str:
    """`text` with every name variant replaced by "gelöschte Person" and contacts removed.

    A value that is nothing but an email address or phone number becomes empty,
    so that an email or phone field stays valid.
    """
    if not text or not identifiers:
        return text
    stripped = text.strip().lower()
    if stripped in {term.lower() for term in identifiers.emails + identifiers.phones}:
        return ""
    pattern = _pattern(identifiers)
    return pattern.sub(lambda match: _replacement(identifiers, match.group(0)), text)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


def _names_person(value: Any, identifiers: Identifiers) -> bool:
    strings = list(_strings(value))
    if any(mentions(string, identifiers) for string in strings):
        return True
    whole = {string.strip().lower() for string in strings}
    return bool(identifiers.parts) and {p.lower() for p in identifiers.parts or ()} <= whole


def _walk(value: Any, identifiers: Identifiers, parts: set[str]) -> Any:
    if isinstance(value, str):
        if value.strip().lower() in parts:
            return ERASED_NAME
        return scrub_text(value, identifiers)
    if isinstance(value, list):
        return [_walk(item, identifiers, parts) for item in value]
    if isinstance(value, dict):
        return {
            _walk(key, identifiers, parts): _walk(item, identifiers, parts)
            for key, item in value.items()
        }
    return value


def scrub_json(value: Any, identifiers: Identifiers) -> Any:
    """A JSON value with every string (keys too) scrubbed.

    In a document that names the person — by an identifier, or by first and last
    name as separate values, as a mail merge, an import report or a change history
    (`{"first_name": [null, "Anna"], "last_name": [null, "Müller"]}`) keeps them —
    a string that is just the first or the last name is replaced as well.
    """
    if not identifiers:
        return value
    parts: set[str] = set()
    if identifiers.parts and _names_person(value, identifiers):
        parts = {part.lower() for part in identifiers.parts}
    return _walk(value, identifiers, parts)


def json_mentions(value: Any, identifiers: Identifiers) -> bool:
    """Whether any string inside a JSON value names the person."""
    return scrub_json(value, identifiers) != value
