"""Targeting rules: is a piece of outreach prepared, warm, tailored and lawful? (pure)

Eight rules look at one outreach item (a letter, email, call …) and at plain
facts the Django layer fetched in a few set-based queries: the company (needs
profile, size, district, sector, ties, a refusal), the contact person (objection,
consent), the pipeline's target criteria, the team's recent texts and recent
counts. Each rule returns at most one `Finding` per item, carrying its severity
and the figures that made it fire (`evidence`, JSON-serialisable); the `RULES`
registry words each rule in German and English.

Generic text is the one rule that compares texts. A text is masked first
(`mask_text`: merge values, salutations, addresses, dates), then folded into
words and cut into chunks at content-defined boundaries, the way mass-mail
detectors build fuzzy checksums: an edit changes only the chunks around it.
That `text_fingerprint` is deterministic, so it is stored with each touchpoint
and the recent window is read without masking it again. Two texts are alike when
the rapidfuzz ratio of their chunk sequences reaches the set level. Chunk
sequences are short enough for rapidfuzz's fast 8-bit path, so a campaign of
1,000 letters is compared with itself and the window in one `process.cdist`
over 8-bit chunk codes; codes may collide, which can only raise a score, so that
pass finds every candidate, and the exact chunk ids confirm the candidates with
`process.cpdist`. Identical fingerprints (the mass letters) are compared once.
"""

import functools
import importlib.util
import math
import re
import string
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import TypeAlias

from rapidfuzz import fuzz, process

from outreach.introductions import Tie

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
Evidence: TypeAlias = dict[str, JSONValue]

# rapidfuzz's cdist and cpdist return numpy arrays; without numpy the comparison
# falls back to process.extract per distinct text, which is slower but exact.
_HAS_NUMPY = importlib.util.find_spec("numpy") is not None


class Channel(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    EVENT = "event"
    OTHER = "other"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Severity(StrEnum):
    WARNING = "warning"
    BLOCK = "block"


_CHANNELS = frozenset(Channel)
_DIRECTIONS = frozenset(Direction)
# Channels whose text is addressed to someone and can be a mass letter.
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})

UNPREPARED_FIRST_CONTACT = "unprepared_first_contact"
COLD_ALTHOUGH_WARM = "cold_although_warm"
GENERIC_TEXT = "generic_text"
VOLUME_BURST = "volume_burst"
POOR_FIT = "poor_fit"
CHANNEL_NOT_ALLOWED = "channel_not_allowed"
DO_NOT_CONTACT = "do_not_contact"
NO_NAMED_PERSON = "no_named_person"


# --- The rules ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """A targeting rule as users see it: what it checks and why, in German and English."""

    id: str
    number: int
    severity: Severity  # of a finding about one outreach item
    # Of a finding about a whole campaign; None where the rule has none.
    campaign_severity: Severity | None
    title_de: str
    title_en: str
    explanation_de: str
    explanation_en: str

    def title(self, language: str) -> str:
        return self.title_de if language.startswith("de") else self.title_en

    def explanation(self, language: str) -> str:
        return self.explanation_de if language.startswith("de") else self.explanation_en


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            Rule(
                id=UNPREPARED_FIRST_CONTACT,
                number=1,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Unvorbereiteter Erstkontakt",
                title_en="Unprepared first contact",
                explanation_de=(
                    "Der erste Kontakt zu diesem Unternehmen geht hinaus, ohne dass ein "
                    "aktuelles Bedarfsprofil erfasst ist. Wer die Lage des Betriebs nicht "
                    "kennt, kann keinen Nutzen zeigen, der zu ihm passt."
                ),
                explanation_en=(
                    "The first contact with this company goes out without a current needs "
                    "profile. Without knowing the company's situation, the approach cannot "
                    "show a benefit that fits it."
                ),
            ),
            Rule(
                id=COLD_ALTHOUGH_WARM,
                number=2,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Kalt, obwohl ein warmer Weg offensteht",
                title_en="Cold although a warm path exists",
                explanation_de=(
                    "Ein Netzwerkpartner hat eine starke, aktuelle Verbindung zu diesem "
                    "Unternehmen. Eine Vorstellung durch ihn öffnet die Tür eher als ein "
                    "kalter Erstkontakt."
                ),
                explanation_en=(
                    "A network partner has a strong, recent tie to this company. An "
                    "introduction through them opens the door more readily than a cold "
                    "first contact."
                ),
            ),
            Rule(
                id=GENERIC_TEXT,
                number=3,
                severity=Severity.WARNING,
                campaign_severity=Severity.BLOCK,
                title_de="Serienbrief statt Einzelansprache",
                title_en="Generic text",
                explanation_de=(
                    "Der Text unterscheidet sich von anderen Schreiben des Teams aus der "
                    "letzten Zeit nur durch Namen und Adressen. Ein Serienbrief wird als "
                    "solcher erkannt und selten beantwortet. Besteht eine Aktion zu einem "
                    "großen Teil aus solchen Schreiben, kann sie nicht versandt werden."
                ),
                explanation_en=(
                    "The text differs from the team's other recent outreach only by names "
                    "and addresses. A mass letter is recognised as one and rarely answered. "
                    "A campaign made up largely of such letters cannot be sent."
                ),
            ),
            Rule(
                id=VOLUME_BURST,
                number=4,
                severity=Severity.WARNING,
                campaign_severity=Severity.WARNING,
                title_de="Auffällige Menge",
                title_en="Volume burst",
                explanation_de=(
                    "Eine Person oder eine Aktion spricht in kurzer Zeit ungewöhnlich viele "
                    "Unternehmen kalt an, oder eine Vorlage geht an ungewöhnlich viele "
                    "Unternehmen: Das ist das Gießkannenprinzip."
                ),
                explanation_en=(
                    "One person or one campaign makes unusually many cold first contacts in "
                    "a short time, or one template goes to unusually many companies: the "
                    "watering-can approach."
                ),
            ),
            Rule(
                id=POOR_FIT,
                number=5,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Passt nicht zur Zielgruppe",
                title_en="Poor fit",
                explanation_de=(
                    "Das Unternehmen liegt außerhalb der Zielkriterien der Pipeline "
                    "(Größenklasse, Landkreis oder Branche)."
                ),
                explanation_en=(
                    "The company lies outside the pipeline's target criteria (size class, "
                    "district or sector)."
                ),
            ),
            Rule(
                id=CHANNEL_NOT_ALLOWED,
                number=6,
                severity=Severity.BLOCK,
                campaign_severity=None,
                title_de="Kanal nicht erlaubt",
                title_en="Channel not allowed",
                explanation_de=(
                    "Werbende E-Mails brauchen eine vorherige ausdrückliche Einwilligung, "
                    "Anrufe bei Unternehmen einen konkreten Grund für eine mutmaßliche "
                    "Einwilligung (§ 7 Abs. 2 UWG). Für diesen Kontakt ist die nötige "
                    "Grundlage nicht erfasst."
                ),
                explanation_en=(
                    "Advertising email needs prior express consent, and a phone call to a "
                    "business needs a concrete reason for presumed consent (§ 7(2) UWG). "
                    "The required basis is not recorded for this contact."
                ),
            ),
            Rule(
                id=DO_NOT_CONTACT,
                number=7,
                severity=Severity.BLOCK,
                campaign_severity=None,
                title_de="Kontaktsperre",
                title_en="Do not contact",
                explanation_de=(
                    "Die Person hat der Ansprache widersprochen (Art. 21 DSGVO) oder ist "
                    "gesperrt, oder das Unternehmen hat abgesagt und eine erneute Ansprache "
                    "ist noch nicht vorgesehen."
                ),
                explanation_en=(
                    "The person objected to direct marketing (Art. 21 GDPR) or is marked "
                    "do-not-contact, or the company declined and approaching it again is "
                    "not yet due."
                ),
            ),
            Rule(
                id=NO_NAMED_PERSON,
                number=8,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Keine Ansprechperson",
                title_en="No named person",
                explanation_de=(
                    "Das Schreiben richtet sich an niemanden persönlich („Sehr geehrte Damen "
                    "und Herren“). Ein Brief an eine benannte Person wird eher gelesen."
                ),
                explanation_en=(
                    "The outreach is addressed to nobody in particular (“Dear Sir or "
                    "Madam”). A letter to a named person is far more likely to be read."
                ),
            ),
        )
    }
)


# --- Thresholds -----------------------------------------------------------------

MSG_WHOLE_NUMBER = "must be a whole number"
MSG_NUMBER = "must be a number"
MSG_AT_LEAST_ONE_DAY = "must be at least one day"
MSG_AT_LEAST_ONE = "must be at least 1"
MSG_TIE_STRENGTH = "must be a tie strength from 1 to 5"
MSG_SIMILARITY = "must be above 0 and at most 100"
MSG_PERCENT = "must lie between 0 and 100"


class ThresholdError(ValueError):
    """Thresholds that make no sense; `errors` maps each bad field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A team's settings for the rules; the defaults suit a network office."""

    # 1. A needs profile older than this no longer counts as preparation.
    needs_profile_max_age_days: int = 365
    # 2. A tie is strong at this strength (1-5) with an interaction this recent.
    strong_tie_min_strength: int = 4
    strong_tie_max_age_days: int = 365
    # 3. Masked texts at least this similar (0-100) within the window are alike;
    #    shorter texts are not compared.
    generic_similarity: float = 90.0
    generic_window_days: int = 90
    generic_min_words: int = 40
    # 3. A campaign is blocked when more than this percentage of its letters is
    #    generic, once it has at least this many comparable letters.
    campaign_generic_max_percent: float = 30.0
    campaign_generic_min_letters: int = 5
    # 4. More than this many cold first contacts in this many days is a burst.
    burst_max_cold_first: int = 10
    burst_days: int = 7
    # 4. One template used for first contacts with more than this many companies
    #    in this many days.
    template_max_companies: int = 20
    template_window_days: int = 30

    def validate(self) -> None:
        """Raise ThresholdError naming every field whose value makes no sense."""
        errors: dict[str, str] = {}
        days = (
            "needs_profile_max_age_days",
            "strong_tie_max_age_days",
            "generic_window_days",
            "burst_days",
            "template_window_days",
        )
        counts = (
            "generic_min_words",
            "campaign_generic_min_letters",
            "burst_max_cold_first",
            "template_max_companies",
        )
        for name in (*days, *counts, "strong_tie_min_strength"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                errors[name] = MSG_WHOLE_NUMBER
            elif name in days and value < 1:
                errors[name] = MSG_AT_LEAST_ONE_DAY
            elif name in counts and value < 1:
                errors[name] = MSG_AT_LEAST_ONE
            elif name == "strong_tie_min_strength" and not 1 <= value <= 5:
                errors[name] = MSG_TIE_STRENGTH
        for name, low_open in (
            ("generic_similarity", True),
            ("campaign_generic_max_percent", False),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                errors[name] = MSG_NUMBER
            elif low_open and not 0 < value <= 100:
                errors[name] = MSG_SIMILARITY
            elif not low_open and not 0 <= value <= 100:
                errors[name] = MSG_PERCENT
        if errors:
            raise ThresholdError(errors)


# --- Inputs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outreach:
    """One contact with a company, as logged or as planned (a campaign draft)."""

    id: int | None  # None while a touchpoint is checked before it is saved
    company_id: int
    channel: str  # a Channel value
    occurred_on: date
    by_user_id: int | None = None
    contact_id: int | None = None
    direction: str = Direction.OUT
    campaign_id: int | None = None
    template_id: int | None = None
    warm: bool = False  # made through an introduction
    is_first_outbound: bool = False  # the first outbound contact with this company
    # Not sent yet (draft, scheduled): checked as of the later of its date and today.
    planned: bool = False
    # The company asked for it (an answer to its enquiry): needs no consent and
    # may follow a refusal.
    solicited: bool = False
    text: str = ""
    # What a mail merge filled in (company, person, street, city …), masked
    # before texts are compared.
    merge_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.channel not in _CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.direction not in _DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")

    @property
    def outbound(self) -> bool:
        return self.direction == Direction.OUT

    @property
    def cold_first(self) -> bool:
        return self.outbound and self.is_first_outbound and not self.warm


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the rules need to know about the company an item goes to."""

    company_id: int
    # Date of the latest needs profile on or before the outreach.
    needs_profile_on: date | None = None
    size_class: str = ""  # micro / small / medium / large, "" if unknown
    district: str = ""
    sector_section: str = ""  # NACE / WZ section letter
    # The partners' direct ties to this company (two-step paths do not count here).
    ties: tuple[Tie, ...] = ()
    # The company itself said no; approach again on or after `reapproach_on`.
    declined_on: date | None = None
    reapproach_on: date | None = None
    # A concrete reason from the company's own sphere for calling it (§ 7 UWG).
    presumed_consent_reason: str = ""


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the law lets us do with one contact person."""

    contact_id: int
    company_id: int
    do_not_contact: bool = False
    objected_on: date | None = None  # Art. 21 GDPR
    email_consent_on: date | None = None  # prior express consent to advertising email
    presumed_consent_reason: str = ""  # for phone calls


@dataclass(frozen=True, slots=True)
class TargetCriteria:
    """A pipeline's target group; an empty set admits any value."""

    size_classes: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    sections: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RecentText:
    """Another written outreach of the team, with its stored `text_fingerprint`."""

    outreach_id: int
    company_id: int
    occurred_on: date
    fingerprint: str


@dataclass(frozen=True, slots=True)
class RecentCounts:
    """Figures aggregated in SQL over the burst windows, not counting the items checked."""

    # Cold first contacts in the last `burst_days`, per user and per campaign.
    cold_first_by_user: Mapping[int, int] = field(default_factory=dict)
    cold_first_by_campaign: Mapping[int, int] = field(default_factory=dict)
    # Distinct companies that got a first contact from a template in the last
    # `template_window_days`, per template.
    companies_by_template: Mapping[int, int] = field(default_factory=dict)


# --- Outputs --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired, on what, and the figures that made it fire."""

    rule_id: str
    severity: Severity
    evidence: Evidence
    outreach_id: int | None = None
    company_id: int | None = None
    campaign_id: int | None = None
    user_id: int | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.BLOCK

    def as_dict(self) -> Evidence:
        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "evidence": self.evidence,
            "outreach_id": self.outreach_id,
            "company_id": self.company_id,
            "campaign_id": self.campaign_id,
            "user_id": self.user_id,
        }


@dataclass(frozen=True, slots=True)
class TargetingScore:
    """How targeted a set of first contacts was; each share in percent (0-100)."""

    first_contacts: int
    prepared: int
    warm: int
    tailored: int
    targeted: int  # prepared, warm and tailored at once

    def _percent(self, part: int) -> float | None:
        return None if not self.first_contacts else round(100 * part / self.first_contacts, 1)

    @property
    def prepared_percent(self) -> float | None:
        return self._percent(self.prepared)

    @property
    def warm_percent(self) -> float | None:
        return self._percent(self.warm)

    @property
    def tailored_percent(self) -> float | None:
        return self._percent(self.tailored)

    @property
    def targeted_percent(self) -> float | None:
        return self._percent(self.targeted)

    @property
    def score(self) -> float | None:
        """The mean of the prepared, warm and tailored shares; None without first contacts."""
        if not self.first_contacts:
            return None
        parts = self.prepared + self.warm + self.tailored
        return round(100 * parts / (3 * self.first_contacts), 1)


@dataclass(frozen=True, slots=True)
class CampaignResult:
    """Findings per item (in the order given) and about the campaign as a whole."""

    items: tuple[Outreach, ...]
    item_findings: tuple[tuple[Finding, ...], ...]
    campaign_findings: tuple[Finding, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.campaign_findings, *(f for found in self.item_findings for f in found))

    @property
    def blocked(self) -> bool:
        """True when the campaign may not be approved or sent."""
        return any(f.blocks for f in self.findings)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.blocks)

    def pairs(self) -> list[tuple[Outreach, tuple[Finding, ...]]]:
        return list(zip(self.items, self.item_findings, strict=True))

    def score(self) -> TargetingScore:
        return targeting_score(self.pairs())


# --- Masking --------------------------------------------------------------------

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


# --- Text similarity --------------------------------------------------------------

# Exact chunk ids become code points from here on, past the surrogates.
_CODE_BASE = 0xE000
_QUERY_BLOCK = 2048  # rows of one cdist call, to bound its memory
_MAX_EVIDENCE_IDS = 5


@dataclass(slots=True)
class _Group:
    """The texts that share one exact chunk sequence."""

    exact: str
    coarse: str
    members: list[tuple[int, int | None]] = field(default_factory=list)  # company, outreach
    per_company: dict[int, int] = field(default_factory=dict)


class _ChunkCodes:
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
            return None
        exact, coarse = self._exact, self._coarse
        # Numbering order does not matter: only equal chunks must get equal codes.
        for chunk in set(chunks).difference(exact):
            number = len(exact)
            exact[chunk] = _code_point(number)
            coarse[chunk] = chr(1 + number % 255)
        return "".join(map(exact.__getitem__, chunks)), "".join(map(coarse.__getitem__, chunks))


def _code_point(number: int) -> str:
    if _CODE_BASE + number > 0x10FFFF:
        raise ValueError("too many distinct texts for one check; check them in blocks")
    return chr(_CODE_BASE + number)


@dataclass(frozen=True, slots=True)
class TextMatch:
    """How alike an item's text is to the texts of other companies."""

    similarity: float  # the best at or above the level, 0-100; 0 if none
    count: int  # texts at or above the level
    outreach_ids: tuple[int, ...] = ()  # some of them, the most similar first

    @property
    def generic(self) -> bool:
        return self.count > 0


def _candidates(queries: list[str], choices: list[str], cutoff: float) -> list[tuple[int, int]]:
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


def _exact_scores(left: list[str], right: list[str], cutoff: float) -> list[float]:
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
    company never count (a reminder is not a mass letter). None where a text is
    too short to judge.
    """
    level = thresholds.generic_similarity
    codes = _ChunkCodes(thresholds.generic_min_words)
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
    candidates = _candidates([g.coarse for g in queries], [g.coarse for g in choices], level)
    scores = _exact_scores(
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
                if len(ids) == _MAX_EVIDENCE_IDS:
                    break
                if member_company != company_id and member_id is not None:
                    ids.append(member_id)
        results.append(TextMatch(round(best, 1), count, tuple(ids)))
    return results


# --- The rules as functions -------------------------------------------------------------


def _as_of(item: Outreach, today: date) -> date:
    """The date an item is judged on: a planned item is sent today at the earliest."""
    return max(item.occurred_on, today) if item.planned else item.occurred_on


def _finding(rule_id: str, item: Outreach, evidence: Evidence) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=RULES[rule_id].severity,
        evidence=evidence,
        outreach_id=item.id,
        company_id=item.company_id,
        campaign_id=item.campaign_id,
        user_id=item.by_user_id,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def check_unprepared_first_contact(
    item: Outreach, *, company: CompanyFacts, thresholds: Thresholds, as_of: date
) -> Finding | None:
    """Rule 1: a first outbound contact without a fresh needs profile."""
    if not (item.outbound and item.is_first_outbound):
        return None
    profile = company.needs_profile_on
    # A profile captured after the contact did not prepare it.
    age = None if profile is None or profile > as_of else (as_of - profile).days
    if age is not None and age <= thresholds.needs_profile_max_age_days:
        return None
    return _finding(
        UNPREPARED_FIRST_CONTACT,
        item,
        {
            "needs_profile_on": _iso(profile),
            "age_days": age,
            "max_age_days": thresholds.needs_profile_max_age_days,
        },
    )


def check_cold_although_warm(
    item: Outreach, *, company: CompanyFacts, thresholds: Thresholds, as_of: date
) -> Finding | None:
    """Rule 2: a cold first contact although a partner has a strong, recent tie."""
    if not item.cold_first:
        return None
    # (strength, age, tie) of the strong, recent ties; an undated tie is not recent.
    strong = [
        (tie.strength, (as_of - tie.last_interaction).days, tie)
        for tie in company.ties
        if tie.last_interaction is not None
        and tie.strength >= thresholds.strong_tie_min_strength
        and (as_of - tie.last_interaction).days <= thresholds.strong_tie_max_age_days
    ]
    if not strong:
        return None
    _, age, best = max(strong, key=lambda s: (s[0], -s[1], -s[2].partner_id))
    return _finding(
        COLD_ALTHOUGH_WARM,
        item,
        {
            "partner_id": best.partner_id,
            "tie_kind": best.kind,
            "tie_strength": best.strength,
            "tie_age_days": max(age, 0),
            "strong_ties": len(strong),
            "min_strength": thresholds.strong_tie_min_strength,
            "max_age_days": thresholds.strong_tie_max_age_days,
        },
    )


def check_generic_text(
    item: Outreach, *, match: TextMatch | None, thresholds: Thresholds
) -> Finding | None:
    """Rule 3: the masked text is as alike to other outreach as the level says."""
    if match is None or not match.generic:
        return None
    if not item.outbound or item.channel not in WRITTEN_CHANNELS:
        return None
    return _finding(
        GENERIC_TEXT,
        item,
        {
            "similarity": match.similarity,
            "similar_texts": match.count,
            "similar_outreach_ids": list(match.outreach_ids),
            "level": thresholds.generic_similarity,
            "window_days": thresholds.generic_window_days,
        },
    )


def check_volume_burst(
    item: Outreach, *, recent_counts: RecentCounts, thresholds: Thresholds
) -> Finding | None:
    """Rule 4: this item takes a person, its campaign or its template over the limit."""
    exceeded: list[JSONValue] = []
    burst_max = thresholds.burst_max_cold_first
    if item.cold_first and item.by_user_id is not None:
        count = recent_counts.cold_first_by_user.get(item.by_user_id, 0) + 1
        if count > burst_max:
            exceeded.append(_burst("person", item.by_user_id, count, burst_max, thresholds))
    if item.cold_first and item.campaign_id is not None:
        count = recent_counts.cold_first_by_campaign.get(item.campaign_id, 0) + 1
        if count > burst_max:
            exceeded.append(_burst("campaign", item.campaign_id, count, burst_max, thresholds))
    if item.outbound and item.is_first_outbound and item.template_id is not None:
        count = recent_counts.companies_by_template.get(item.template_id, 0) + 1
        if count > thresholds.template_max_companies:
            exceeded.append(
                _burst(
                    "template",
                    item.template_id,
                    count,
                    thresholds.template_max_companies,
                    thresholds,
                )
            )
    if not exceeded:
        return None
    return _finding(VOLUME_BURST, item, {"exceeded": exceeded})


def _burst(scope: str, subject_id: int, count: int, limit: int, thresholds: Thresholds) -> Evidence:
    days = thresholds.template_window_days if scope == "template" else thresholds.burst_days
    return {"scope": scope, "id": subject_id, "count": count, "max": limit, "days": days}


def check_poor_fit(
    item: Outreach, *, company: CompanyFacts, criteria: TargetCriteria | None
) -> Finding | None:
    """Rule 5: a first contact with a company outside the target criteria.

    A criterion the company has no value for (size unknown) does not fire.
    """
    if criteria is None or not (item.outbound and item.is_first_outbound):
        return None
    evidence: Evidence = {}
    outside: list[JSONValue] = []
    sizes = criteria.size_classes
    if sizes and company.size_class and company.size_class not in sizes:
        outside.append("size_class")
        evidence["size_class"] = company.size_class
        evidence["allowed_size_classes"] = list[JSONValue](sorted(sizes))
    if criteria.districts and company.district:
        allowed = {d.strip().casefold() for d in criteria.districts}
        if company.district.strip().casefold() not in allowed:
            outside.append("district")
            evidence["district"] = company.district
            evidence["allowed_districts"] = list[JSONValue](sorted(criteria.districts))
    if criteria.sections and company.sector_section:
        allowed = {s.strip().upper() for s in criteria.sections}
        if company.sector_section.strip().upper() not in allowed:
            outside.append("section")
            evidence["section"] = company.sector_section
            evidence["allowed_sections"] = list[JSONValue](sorted(criteria.sections))
    if not outside:
        return None
    return _finding(POOR_FIT, item, {"outside": outside, **evidence})


def check_channel_not_allowed(
    item: Outreach, *, company: CompanyFacts, contact: ContactFacts | None, as_of: date
) -> Finding | None:
    """Rule 6: advertising email without prior consent, a call without a reason (§ 7 UWG).

    Letters, meetings and events need no consent; answers the company asked for neither.
    """
    if not item.outbound or item.solicited:
        return None
    if item.channel == Channel.EMAIL:
        consent = None if contact is None else contact.email_consent_on
        if consent is not None and consent <= as_of:
            return None
        reason = "no_email_consent" if consent is None else "consent_after_contact"
        return _finding(
            CHANNEL_NOT_ALLOWED,
            item,
            {
                "channel": item.channel,
                "reason": reason,
                "contact_id": item.contact_id,
                "email_consent_on": _iso(consent),
            },
        )
    if item.channel == Channel.PHONE:
        reasons = (
            company.presumed_consent_reason,
            contact.presumed_consent_reason if contact else "",
        )
        if any(reason.strip() for reason in reasons):
            return None
        return _finding(
            CHANNEL_NOT_ALLOWED,
            item,
            {
                "channel": item.channel,
                "reason": "no_presumed_consent_reason",
                "contact_id": item.contact_id,
            },
        )
    return None


def check_do_not_contact(
    item: Outreach, *, company: CompanyFacts, contact: ContactFacts | None, as_of: date
) -> Finding | None:
    """Rule 7: the person objected or is blocked, or the company said no and is not due again.

    An objection dated after the item did not exist when it went out. A refusal
    without a re-approach date stands until someone sets one.
    """
    if not item.outbound:
        return None
    reasons: list[JSONValue] = []
    evidence: Evidence = {}
    if contact is not None:
        if contact.do_not_contact:
            reasons.append("do_not_contact")
        if contact.objected_on is not None and contact.objected_on <= as_of:
            reasons.append("objection")
            evidence["objected_on"] = contact.objected_on.isoformat()
        if reasons:
            evidence["contact_id"] = contact.contact_id
    declined = company.declined_on
    if (
        not item.solicited
        and declined is not None
        and declined <= as_of
        and (company.reapproach_on is None or company.reapproach_on > as_of)
    ):
        reasons.append("declined")
        evidence["declined_on"] = declined.isoformat()
        evidence["reapproach_on"] = _iso(company.reapproach_on)
    if not reasons:
        return None
    return _finding(DO_NOT_CONTACT, item, {"reasons": reasons, **evidence})


def check_no_named_person(item: Outreach) -> Finding | None:
    """Rule 8: a letter or email to no one in particular."""
    if not item.outbound or item.channel not in WRITTEN_CHANNELS:
        return None
    greeting = generic_salutation(item.text) if item.text else None
    if item.contact_id is not None and greeting is None:
        return None
    return _finding(NO_NAMED_PERSON, item, {"contact_id": item.contact_id, "salutation": greeting})


# --- Checking items and campaigns ------------------------------------------------------


def _item_findings(
    item: Outreach,
    *,
    company: CompanyFacts,
    contact: ContactFacts | None,
    criteria: TargetCriteria | None,
    match: TextMatch | None,
    thresholds: Thresholds,
    today: date,
) -> list[Finding]:
    if item.company_id != company.company_id:
        raise ValueError(f"company facts {company.company_id} given for company {item.company_id}")
    if item.contact_id is not None:
        if contact is None:
            raise ValueError(f"contact facts missing for contact {item.contact_id}")
        if contact.contact_id != item.contact_id:
            raise ValueError(f"contact facts {contact.contact_id} given for {item.contact_id}")
        if contact.company_id != item.company_id:
            raise ValueError(f"contact {contact.contact_id} belongs to another company")
    elif contact is not None:
        raise ValueError("contact facts given for an item without a contact")
    as_of = _as_of(item, today)
    found = (
        check_unprepared_first_contact(item, company=company, thresholds=thresholds, as_of=as_of),
        check_cold_although_warm(item, company=company, thresholds=thresholds, as_of=as_of),
        check_generic_text(item, match=match, thresholds=thresholds),
        check_poor_fit(item, company=company, criteria=criteria),
        check_channel_not_allowed(item, company=company, contact=contact, as_of=as_of),
        check_do_not_contact(item, company=company, contact=contact, as_of=as_of),
        check_no_named_person(item),
    )
    return [finding for finding in found if finding is not None]


def _texts_to_compare(
    items: Sequence[Outreach], recent: Iterable[RecentText], *, thresholds: Thresholds, today: date
) -> list[TextMatch | None]:
    """Fingerprint the written outbound texts once; match them with each other and `recent`."""
    written = [
        i
        for i, item in enumerate(items)
        if item.outbound and item.channel in WRITTEN_CHANNELS and item.text
    ]
    results: list[TextMatch | None] = [None] * len(items)
    if not written:
        return results
    dates = [_as_of(items[i], today) for i in written]
    start = min(dates) - timedelta(days=thresholds.generic_window_days)
    end = max(dates)
    window = [text for text in recent if start <= text.occurred_on <= end]
    queries = [
        (items[i].company_id, items[i].id, text_fingerprint(items[i].text, items[i].merge_values))
        for i in written
    ]
    for i, match in zip(
        written, similar_texts(queries, window, thresholds=thresholds), strict=True
    ):
        results[i] = match
    return results


def check_outreach(
    item: Outreach,
    *,
    company: CompanyFacts,
    contact: ContactFacts | None = None,
    criteria: TargetCriteria | None = None,
    recent_texts: Iterable[RecentText] = (),
    recent_counts: RecentCounts | None = None,
    thresholds: Thresholds | None = None,
    today: date,
) -> list[Finding]:
    """All findings for one outreach item, in rule order; inbound contacts raise none.

    `recent_texts` are the team's written outreach of the generic-text window
    (other than this item); `recent_counts` the burst figures without this item.
    """
    thresholds = thresholds or Thresholds()
    thresholds.validate()
    if not item.outbound:
        return []
    (match,) = _texts_to_compare([item], recent_texts, thresholds=thresholds, today=today)
    findings = _item_findings(
        item,
        company=company,
        contact=contact,
        criteria=criteria,
        match=match,
        thresholds=thresholds,
        today=today,
    )
    burst = check_volume_burst(
        item, recent_counts=recent_counts or RecentCounts(), thresholds=thresholds
    )
    if burst is not None:
        findings.append(burst)
    return sorted(findings, key=lambda f: RULES[f.rule_id].number)


def check_campaign(
    items: Sequence[Outreach],
    *,
    companies: Mapping[int, CompanyFacts],
    contacts: Mapping[int, ContactFacts] | None = None,
    criteria: TargetCriteria | Mapping[int, TargetCriteria] | None = None,
    recent_texts: Iterable[RecentText] = (),
    recent_counts: RecentCounts | None = None,
    thresholds: Thresholds | None = None,
    today: date,
) -> CampaignResult:
    """Findings for every item of one campaign, and for the campaign as a whole.

    Items are compared with each other and with `recent_texts`. Volume is judged
    for the campaign (per person, for the campaign, per template) rather than per
    item. `criteria` is one pipeline's, or per company id where cases differ.
    """
    thresholds = thresholds or Thresholds()
    thresholds.validate()
    items = tuple(items)
    campaign_ids = {item.campaign_id for item in items}
    if len(campaign_ids) > 1:
        raise ValueError("the items belong to more than one campaign")
    campaign_id = next(iter(campaign_ids), None)
    contacts = contacts or {}
    matches = _texts_to_compare(items, recent_texts, thresholds=thresholds, today=today)

    per_item: list[tuple[Finding, ...]] = []
    for item, match in zip(items, matches, strict=True):
        if not item.outbound:
            per_item.append(())
            continue
        if item.company_id not in companies:
            raise ValueError(f"company facts missing for company {item.company_id}")
        company_criteria = (
            criteria.get(item.company_id) if isinstance(criteria, Mapping) else criteria
        )
        found = _item_findings(
            item,
            company=companies[item.company_id],
            contact=None if item.contact_id is None else contacts.get(item.contact_id),
            criteria=company_criteria,
            match=match,
            thresholds=thresholds,
            today=today,
        )
        per_item.append(tuple(found))

    campaign_findings = [
        *_generic_share(matches, campaign_id=campaign_id, thresholds=thresholds),
        *_campaign_volume(
            items,
            campaign_id=campaign_id,
            recent_counts=recent_counts or RecentCounts(),
            thresholds=thresholds,
        ),
    ]
    return CampaignResult(items, tuple(per_item), tuple(campaign_findings))


def _campaign_finding(
    rule_id: str, campaign_id: int | None, evidence: Evidence, *, user_id: int | None = None
) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule_id=rule_id,
        severity=rule.campaign_severity or rule.severity,
        evidence=evidence,
        campaign_id=campaign_id,
        user_id=user_id,
    )


def _generic_share(
    matches: Sequence[TextMatch | None],
    *,
    campaign_id: int | None,
    thresholds: Thresholds,
) -> list[Finding]:
    # Only texts long enough to judge count, so a batch of short notes is no campaign.
    judged = [match for match in matches if match is not None]
    letters = len(judged)
    generic = sum(match.generic for match in judged)
    if letters < thresholds.campaign_generic_min_letters:
        return []
    share = 100 * generic / letters
    if share <= thresholds.campaign_generic_max_percent:
        return []
    return [
        _campaign_finding(
            GENERIC_TEXT,
            campaign_id,
            {
                "scope": "campaign",
                "generic": generic,
                "letters": letters,
                "percent": round(share, 1),
                "max_percent": thresholds.campaign_generic_max_percent,
                "level": thresholds.generic_similarity,
            },
        )
    ]


def _campaign_volume(
    items: Sequence[Outreach],
    *,
    campaign_id: int | None,
    recent_counts: RecentCounts,
    thresholds: Thresholds,
) -> list[Finding]:
    burst_max = thresholds.burst_max_cold_first
    cold = [item for item in items if item.cold_first]
    findings = []
    by_user = Counter(item.by_user_id for item in cold if item.by_user_id is not None)
    for user_id, count in sorted(by_user.items()):
        total = recent_counts.cold_first_by_user.get(user_id, 0) + count
        if total > burst_max:
            evidence = _burst("person", user_id, total, burst_max, thresholds)
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence, user_id=user_id))
    if campaign_id is not None and cold:
        total = recent_counts.cold_first_by_campaign.get(campaign_id, 0) + len(cold)
        if total > burst_max:
            evidence = _burst("campaign", campaign_id, total, burst_max, thresholds)
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence))
    by_template: dict[int, set[int]] = {}
    for item in items:
        if item.outbound and item.is_first_outbound and item.template_id is not None:
            by_template.setdefault(item.template_id, set()).add(item.company_id)
    for template_id, company_ids in sorted(by_template.items()):
        total = recent_counts.companies_by_template.get(template_id, 0) + len(company_ids)
        if total > thresholds.template_max_companies:
            evidence = _burst(
                "template", template_id, total, thresholds.template_max_companies, thresholds
            )
            findings.append(_campaign_finding(VOLUME_BURST, campaign_id, evidence))
    return findings


# --- Score ---------------------------------------------------------------------


def targeting_score(
    items_with_findings: Iterable[tuple[Outreach, Iterable[Finding]]],
) -> TargetingScore:
    """How prepared, warm and tailored the first outbound contacts among the items were."""
    first = prepared = warm = tailored = targeted = 0
    for item, findings in items_with_findings:
        if not (item.outbound and item.is_first_outbound):
            continue
        fired = {finding.rule_id for finding in findings}
        is_prepared = UNPREPARED_FIRST_CONTACT not in fired
        is_tailored = GENERIC_TEXT not in fired
        first += 1
        prepared += is_prepared
        warm += item.warm
        tailored += is_tailored
        targeted += is_prepared and item.warm and is_tailored
    return TargetingScore(first, prepared, warm, tailored, targeted)
