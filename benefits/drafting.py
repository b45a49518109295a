"""Drafting a benefit statement from a company's facts, needs, region and the catalogue.

Pure Python on plain dataclasses, no Django: the same input gives the same text.
The engine

1. refuses without a needs profile (a generic statement is what the product
   exists to prevent),
2. scores every catalogue argument against the company (needs, sector, size,
   region, recency) and keeps those whose conditions hold, each with its reasons,
3. picks two to four benefit paragraphs, one need each, best argument first,
4. picks two or three first measures that fit size, sector and needs and that
   the company does not offer yet,
5. composes the statement: an opening about this company and its place, the
   paragraphs with one sourced figure each, the measures, what the network
   offers, and a concrete next step.

The statement's language is a property of the document (German by default,
English on request), not of the user interface, so its phrases live here as
data in both languages, like the catalogue texts, rather than in gettext.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from benefits import vocabulary as v

GERMAN = "de"
ENGLISH = "en"
LANGUAGES: tuple[str, ...] = (GERMAN, ENGLISH)

MIN_PARAGRAPHS = 2
MAX_PARAGRAPHS = 4
MIN_MEASURES = 2
MAX_MEASURES = 3


# ------------------------------------------------------------------------------
# Input
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Company:
    name: str
    city: str = ""
    district: str = ""
    sector_section: str = ""  # NACE letter, "" when unknown
    sector_label_de: str = ""
    sector_label_en: str = ""
    size_class: str = ""  # vocabulary.SIZE_CLASSES or ""
    employees: int | None = None
    region: str | None = None  # vocabulary.EAST / WEST


@dataclass(frozen=True, slots=True)
class Profile:
    needs: tuple[str, ...]
    offered_measures: frozenset[str] = frozenset()  # measure codes
    offered_other: str = ""
    share_women: int | None = None
    share_part_time: int | None = None
    no_challenges: bool = False
    other_challenge: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    id: int
    text_de: str
    text_en: str
    source: str
    as_of: date
    district: str = ""  # "" = the whole area of the team
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    id: int
    code: str
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    effort: str  # low / medium / high
    cost_band: str  # none / low / medium / high
    needs: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # empty = every sector
    size_classes: tuple[str, ...] = ()  # empty = every size


@dataclass(frozen=True, slots=True)
class Argument:
    id: int
    code: str
    claim_de: str
    claim_en: str
    evidence_de: str
    evidence_en: str
    source: str
    year: int
    estimate: bool = False  # the figure is an estimate, and the text says so
    needs: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    size_classes: tuple[str, ...] = ()
    region: str = ""  # "" = everywhere
    measures: tuple[str, ...] = ()  # codes of the measures it argues for


@dataclass(frozen=True, slots=True)
class DraftInput:
    company: Company
    profile: Profile | None
    network: str
    arguments: Sequence[Argument] = ()
    measures: Sequence[Measure] = ()
    facts: Sequence[Fact] = ()
    language: str = GERMAN


# ------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reason:
    """Why an entry was chosen: `kind` is need, sector, size, region, recent, links or
    offered; `value` the code, letter or year it refers to."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Choice:
    kind: str  # argument / measure / fact
    id: int
    code: str
    score: int  # fit, 0-100
    reasons: tuple[Reason, ...]
    need: str = ""  # the need a benefit paragraph answers


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    language: str
    needs_addressed: tuple[str, ...]
    arguments: tuple[Choice, ...]
    measures: tuple[Choice, ...]
    facts: tuple[Choice, ...] = field(default=())


class DraftingRefused(Exception):
    """The input does not allow a tailored statement; `code` says why."""

    code = "refused"


class ProfileMissing(DraftingRefused):
    code = "no_profile"

    def __init__(self) -> None:
        super().__init__(
            "No needs profile: capture the company's current challenges and what it "
            "already offers before drafting a statement."
        )


class NoNeeds(DraftingRefused):
    code = "no_needs"

    def __init__(self) -> None:
        super().__init__(
            "The needs profile names no challenge the catalogue speaks to: a statement "
            "has to answer at least one need of the company."
        )


class NothingFits(DraftingRefused):
    code = "nothing_fits"

    def __init__(self) -> None:
        super().__init__(
            "No argument of the catalogue fits this company's needs, sector, size and "
            "region: extend the catalogue or check the profile."
        )


class UnknownLanguage(DraftingRefused):
    code = "language"

    def __init__(self, language: str) -> None:
        super().__init__(f"Statements are drafted in German or English, not {language!r}.")


# ------------------------------------------------------------------------------
# Selection
# ------------------------------------------------------------------------------
def _condition(wanted: Sequence[str], actual: str, kind: str, reasons: list[Reason]) -> bool | None:
    """True: a specific condition holds; None: no condition; False: it fails or is unknown."""
    if not wanted:
        return None
    if actual and actual in wanted:
        reasons.append(Reason(kind, actual))
        return True
    return False


def argument_fit(argument: Argument, company: Company, profile: Profile) -> Choice | None:
    """The argument's fit for the company, or None when one of its conditions fails.

    A condition the company's record cannot confirm (an unknown sector for a
    sector-specific figure) counts as failed: a figure is only quoted where it
    is known to apply.
    """
    matched = [need for need in profile.needs if need in argument.needs]
    if not matched:
        return None
    words = f"{argument.claim_de} {argument.claim_en} {argument.evidence_de} {argument.evidence_en}"
    if not set(v.presupposed(words)) <= set(profile.needs):
        # A figure about shift work says nothing to a company without it.
        return None
    reasons = [Reason("need", need) for need in matched]
    score = 50 + 10 * min(len(matched) - 1, 2)
    for wanted, actual, kind, bonus in (
        (argument.sectors, company.sector_section, "sector", 15),
        (argument.size_classes, company.size_class, "size", 10),
        ((argument.region,) if argument.region else (), company.region or "", "region", 10),
    ):
        holds = _condition(wanted, actual, kind, reasons)
        if holds is False:
            return None
        if holds:
            score += bonus
    recency = max(0, min(5, (argument.year - 2000) // 5))
    if recency >= 4:
        reasons.append(Reason("recent", str(argument.year)))
    score += recency
    if argument.measures and all(code in profile.offered_measures for code in argument.measures):
        # It argues for what the company already does: weaker as a reason to act.
        reasons.append(Reason("offered", ",".join(argument.measures)))
        score -= 20
    return Choice("argument", argument.id, argument.code, max(0, min(100, score)), tuple(reasons))


def measure_fit(
    measure: Measure, company: Company, profile: Profile, argued: frozenset[str]
) -> Choice | None:
    """The measure's fit, or None when it is already offered or does not fit."""
    if measure.code in profile.offered_measures:
        return None
    matched = [need for need in profile.needs if need in measure.needs]
    if not matched:
        return None
    if not set(v.presupposed(f"{measure.name_de} {measure.name_en}")) <= set(profile.needs):
        # Shift plans for a company without shift work: the profile does not support it.
        return None
    reasons = [Reason("need", need) for need in matched]
    score = 30 + 10 * min(len(matched) - 1, 3)
    # A measure made for few needs answers them better than an all-rounder.
    score += 20 if len(measure.needs) <= 2 else 10 if len(measure.needs) == 3 else 0
    for wanted, actual, kind, bonus in (
        (measure.sectors, company.sector_section, "sector", 10),
        (measure.size_classes, company.size_class, "size", 5),
    ):
        holds = _condition(wanted, actual, kind, reasons)
        if holds is False:
            return None
        if holds:
            score += bonus
    if measure.code in argued:
        reasons.append(Reason("links", measure.code))
        score += 15
    # Small firms start with what costs little effort.
    if company.size_class in {v.MICRO, v.SMALL} and measure.effort == "low":
        score += 10
    return Choice("measure", measure.id, measure.code, max(0, min(100, score)), tuple(reasons))


def _pick_arguments(
    scored: list[tuple[Choice, Argument]], needs: Sequence[str]
) -> list[tuple[Choice, Argument, str]]:
    """Two to four paragraphs: the best argument for each need, strongest first.

    With fewer needs than paragraphs, the next-best arguments add a second
    paragraph to a need already covered.
    """
    scored = _newest_sources(scored, needs)
    picked: list[tuple[Choice, Argument, str]] = []
    covered: set[str] = set()
    for choice, argument in scored:
        if len(picked) == MAX_PARAGRAPHS:
            break
        need = next((n for n in needs if n in argument.needs and n not in covered), None)
        if need is not None:
            picked.append((replace(choice, need=need), argument, need))
            covered.add(need)
    used = {choice.code for choice, _, _ in picked}
    for choice, argument in scored:
        if len(picked) >= MIN_PARAGRAPHS:
            break
        if choice.code not in used:
            need = next(n for n in needs if n in argument.needs)
            picked.append((replace(choice, need=need), argument, need))
            used.add(choice.code)
    # Paragraphs follow the order in which the needs were captured.
    return sorted(picked, key=lambda item: (needs.index(item[2]), -item[0].score))


# A figure this many years older than another one for the same need is superseded.
SUPERSEDED_AFTER_YEARS = 10


def _newest_sources(
    scored: list[tuple[Choice, Argument]], needs: Sequence[str]
) -> list[tuple[Choice, Argument]]:
    """Drop the arguments that a much newer fitting source makes for every need they answer.

    A 2003 figure is not quoted for a point that a 2024 one makes: the newest
    source for a need wins, however well the old one fits otherwise.
    """
    newest = {
        need: max((a.year for _, a in scored if need in a.needs), default=0) for need in needs
    }
    return [
        (choice, argument)
        for choice, argument in scored
        if any(
            argument.year + SUPERSEDED_AFTER_YEARS > newest[need]
            for need in needs
            if need in argument.needs
        )
    ]


def _pick_measures(
    scored: list[tuple[Choice, Measure]], needs: Sequence[str]
) -> list[tuple[Choice, Measure]]:
    """Two or three measures: the best one for each paragraph's need in turn, then the best."""
    picked: list[tuple[Choice, Measure]] = []
    for need in dict.fromkeys(needs):
        if len(picked) == MAX_MEASURES:
            break
        match = next(
            (item for item in scored if need in item[1].needs and item not in picked), None
        )
        if match is not None:
            picked.append(match)
    for item in scored:
        if len(picked) >= MIN_MEASURES:
            break
        if item not in picked:
            picked.append(item)
    return picked


def _relevant_facts(facts: Sequence[Fact], company: Company, needs: Sequence[str]) -> list[Fact]:
    """Facts about the company's district (or the whole area), need-related and recent first."""
    district = company.district.strip().casefold()
    local = [f for f in facts if not f.district or f.district.strip().casefold() == district]
    return sorted(
        local,
        key=lambda f: (
            -len(set(f.needs) & set(needs)),
            -bool(f.district),
            -f.as_of.toordinal(),
            f.id,
        ),
    )


# ------------------------------------------------------------------------------
# Phrases (German, English)
# ------------------------------------------------------------------------------
_SIZE = {
    GERMAN: {
        v.MICRO: "ein Kleinstbetrieb",
        v.SMALL: "ein kleines Unternehmen",
        v.MEDIUM: "ein mittelständisches Unternehmen",
        v.LARGE: "ein großer Arbeitgeber",
        "": "ein Unternehmen",
    },
    ENGLISH: {
        v.MICRO: "a micro business",
        v.SMALL: "a small firm",
        v.MEDIUM: "a medium-sized enterprise",
        v.LARGE: "a large employer",
        "": "a company",
    },
}
_SIZE_ADJECTIVE = {
    GERMAN: {v.MICRO: "sehr kleinen", v.SMALL: "kleinen", v.MEDIUM: "mittelgroßen"},
    ENGLISH: {v.MICRO: "very small", v.SMALL: "small", v.MEDIUM: "medium-sized"},
}
_NEED_NOUN = {
    GERMAN: {
        v.SKILLED_STAFF: "die Suche nach Fachkräften",
        v.SHIFT_WORK: "Schicht- und Wochenendarbeit",
        v.PART_TIME: "ein hoher Anteil an Teilzeitkräften",
        v.CAREGIVERS: "Beschäftigte, die Angehörige pflegen",
        v.YOUNG_PARENTS: "viele junge Eltern im Team",
        v.RETURNERS: "die Rückkehr aus der Elternzeit",
        v.GROWTH: "Wachstum und neue Stellen",
        v.AGEING: "eine älter werdende Belegschaft",
        v.RURAL: "die ländliche Lage und lange Arbeitswege",
    },
    ENGLISH: {
        v.SKILLED_STAFF: "finding skilled staff",
        v.SHIFT_WORK: "shift and weekend work",
        v.PART_TIME: "a high share of part-time staff",
        v.CAREGIVERS: "employees who care for relatives",
        v.YOUNG_PARENTS: "many young parents on the team",
        v.RETURNERS: "returns from parental leave",
        v.GROWTH: "growth and new posts",
        v.AGEING: "an ageing workforce",
        v.RURAL: "the rural location and long journeys to work",
    },
}
# The first sentence of a benefit paragraph: ties the figure to this company.
_NEED_LEAD = {
    GERMAN: {
        v.SKILLED_STAFF: "Gute Fachkräfte zu finden und zu halten, ist für {name} eine "
        "Daueraufgabe.",
        v.SHIFT_WORK: "Wer bei {name} im Schichtbetrieb arbeitet, braucht Betreuung auch früh "
        "morgens, abends und am Wochenende.",
        v.PART_TIME: "Viele Beschäftigte von {name} arbeiten in Teilzeit{share}.",
        v.CAREGIVERS: "Wenn Beschäftigte Angehörige pflegen, trifft das einen Betrieb wie {name} "
        "oft unvorbereitet.",
        v.YOUNG_PARENTS: "Junge Mütter und Väter in Ihrem Team wägen genau ab, wo Familie und "
        "Arbeit zusammenpassen.",
        v.RETURNERS: "Je früher und planbarer Beschäftigte aus der Elternzeit zurückkehren, desto "
        "weniger Wissen geht {name} verloren.",
        v.GROWTH: "{name} wächst – und jede neue Stelle will besetzt sein.",
        v.AGEING: "In den kommenden Jahren gehen bei {name} erfahrene Kolleginnen und Kollegen "
        "in den Ruhestand.",
        v.RURAL: "Rund um {place} sind die Wege zu Arbeit, Kita und Pflegedienst oft weit.",
    },
    ENGLISH: {
        v.SKILLED_STAFF: "Recruiting and retaining qualified professionals is a constant task "
        "for {name}.",
        v.SHIFT_WORK: "Anyone on shifts at {name} needs childcare early in the morning, in the "
        "evening and at weekends.",
        v.PART_TIME: "Many of {name}'s employees work part-time{share}.",
        v.CAREGIVERS: "When someone on the payroll suddenly has to look after a parent, it "
        "often catches a firm like {name} unprepared.",
        v.YOUNG_PARENTS: "Young mothers and fathers on your team weigh carefully where family "
        "and work fit together.",
        v.RETURNERS: "The sooner and more predictably parents come back from parental leave, "
        "the less know-how {name} loses.",
        v.GROWTH: "{name} is growing – and every new post has to be filled.",
        v.AGEING: "In the coming years experienced colleagues at {name} will retire.",
        v.RURAL: "For people living near {place}, commutes to the workplace, the nursery and "
        "the care service are often long.",
    },
}
# What the network does about a need; the statement names the offers for its
# first two needs, so the closing is as tailored as the paragraphs.
_NETWORK_OFFER = {
    GERMAN: {
        v.SKILLED_STAFF: "stellt den Kontakt zu Partnerbetrieben her, die mit Vereinbarkeit "
        "erfolgreich Fachkräfte gewinnen",
        v.SHIFT_WORK: "bringt Sie mit Betrieben zusammen, die Schichtdienst und Familie schon "
        "vereinbaren, und kennt die Kitas und Tagespflegestellen mit erweiterten Zeiten",
        v.PART_TIME: "lädt Sie zum Austausch mit anderen Personalverantwortlichen ein, wie "
        "vollzeitnahe Teilzeit in der Praxis gelingt",
        v.CAREGIVERS: "arbeitet mit Pflegestützpunkten und Beratungsstellen zusammen und schult "
        "auf Wunsch Vereinbarkeitslotsen für Ihren Betrieb",
        v.YOUNG_PARENTS: "vermittelt über das Lokale Bündnis für Familie Kontakte zu Kitas, "
        "Tagesmüttern und Ferienangeboten",
        v.RETURNERS: "stellt Gesprächsleitfäden für die Rückkehr bereit und vermittelt ein "
        "Mentoring durch Betriebe, die den Wiedereinstieg gut organisieren",
        v.GROWTH: "lädt Sie zu Unternehmensrunden wachsender Betriebe ein und begleitet Sie auf "
        "Wunsch bis zum Zertifikat als familienfreundlicher Arbeitgeber",
        v.AGEING: "vermittelt ein Mentoring mit Betrieben, die den Generationenwechsel schon "
        "gestaltet haben",
        v.RURAL: "kennt die Mobilitäts- und Betreuungsangebote auf dem Land und bringt Sie mit "
        "Betrieben in ähnlicher Lage zusammen",
    },
    ENGLISH: {
        v.SKILLED_STAFF: "introduces you to partner companies that attract specialists with "
        "family-friendly offers",
        v.SHIFT_WORK: "connects you with firms that successfully combine shift work with "
        "family life, and knows which nurseries open early or late",
        v.PART_TIME: "invites you to compare notes with other personnel managers on "
        "close-to-full-time contracts",
        v.CAREGIVERS: "works with care support centres and advice services and, if you wish, "
        "trains work–family guides for your company",
        v.YOUNG_PARENTS: "arranges contacts with nurseries, childminders and holiday schemes "
        "through the Local Alliance for Families",
        v.RETURNERS: "supplies checklists for return interviews and pairs you with a mentor "
        "company that handles re-entry well",
        v.GROWTH: "invites you to round tables of expanding companies and can accompany you "
        "towards certification as a family-friendly employer",
        v.AGEING: "sets up mentoring with enterprises that have already managed the "
        "generational change",
        v.RURAL: "knows the transport and care services in the countryside and introduces you "
        "to employers in a similar location",
    },
}
# The concrete next step, by the statement's first need.
_NEXT_STEP = {
    # German adjectives decline: a measure's name only stands where it needs no
    # article or case ending, after a colon.
    GERMAN: {
        v.SKILLED_STAFF: "Unser Vorschlag: Wir setzen uns in {place} zusammen und überlegen, "
        "welche Angebote {name} in der nächsten Stellenanzeige nennen kann.",
        v.SHIFT_WORK: "Gern schauen wir uns mit Ihnen in {place} eine Stunde lang die "
        "Schichtplanung an. Unser Vorschlag für den ersten Baustein: {measure}.",
        v.PART_TIME: "Gern rechnen wir mit Ihnen durch, was der erste Schritt für {name} "
        "bedeutet: {measure}.",
        v.CAREGIVERS: "Wir bieten an, für Ihre Belegschaft in {place} eine Informationsstunde zu "
        "Beruf und Pflege zu gestalten.",
        v.YOUNG_PARENTS: "Lassen Sie uns bei einem Treffen in {place} prüfen, was die Eltern in "
        "Ihrem Team am meisten entlastet – unser Vorschlag für den Anfang: {measure}.",
        v.RETURNERS: "Zum nächsten Rückkehrgespräch bringen wir einen Leitfaden mit und "
        "besprechen dabei auch diesen Baustein: {measure}.",
        v.GROWTH: "Wir laden {name} zu unserer nächsten Unternehmensrunde ein und klären vorher, "
        "wie der erste Schritt bei Ihnen aussehen kann: {measure}.",
        v.AGEING: "Gern überlegen wir mit Ihnen, wie {name} Wissen und Erfahrung im Betrieb "
        "hält – ein guter Einstieg: {measure}.",
        v.RURAL: "Gern kommen wir nach {place} und rechnen mit Ihnen aus, wie viele Fahrten "
        "Ihren Beschäftigten erspart bleiben – ein erster Ansatz: {measure}.",
    },
    ENGLISH: {
        v.SKILLED_STAFF: "Our proposal: let us sit down in {place} and work out which offers "
        "{name} can name in its next job advertisement.",
        v.SHIFT_WORK: "We suggest an hour together in {place} on the shift planning – with "
        "{measure} as the first building block.",
        v.PART_TIME: "We can calculate with you what {measure} would mean for {name}.",
        v.CAREGIVERS: "We offer to run an information hour on work and eldercare for your staff "
        "in {place}.",
        v.YOUNG_PARENTS: "Let us meet in {place} and see whether {measure} would suit the "
        "parents on your team.",
        v.RETURNERS: "For the next return interview we will bring a checklist and discuss "
        "{measure} along the way.",
        v.GROWTH: "We invite {name} to our next business round table and will talk "
        "beforehand about what {measure} could look like for you.",
        v.AGEING: "Let us think through together how {name} can retain know-how and "
        "experience with {measure}.",
        v.RURAL: "We are happy to come to {place} and estimate with you how many trips "
        "{measure} could save.",
    },
}
# What the figure means for the company: closes each benefit paragraph.
_NEED_CONSEQUENCE = {
    GERMAN: {
        v.SKILLED_STAFF: "Wer Vereinbarkeit sichtbar anbietet, hebt sich bei Bewerberinnen und "
        "Bewerbern ab – gerade gegenüber Konzernen mit großen Personalabteilungen.",
        v.SHIFT_WORK: "Verlässliche Dienstpläne und Betreuung zu Randzeiten entscheiden darüber, "
        "ob eingearbeitete Kräfte im Schichtsystem bleiben.",
        v.PART_TIME: "Vollzeitnahe Modelle und planbare Stunden holen zusätzliche Arbeitszeit aus "
        "der vorhandenen Belegschaft, ohne neu einzustellen.",
        v.CAREGIVERS: "Pflegebedarf kommt meist plötzlich; wer vorbereitet ist, behält seine "
        "Leute, statt sie an die Pflege zu verlieren.",
        v.YOUNG_PARENTS: "Eltern bleiben dort, wo Kita-Zeiten, Ferien und Krankheitstage der "
        "Kinder planbar in den Arbeitsalltag passen.",
        v.RETURNERS: "Ein fester Rückkehrplan verkürzt Ausfallzeiten und spart Einarbeitung.",
        v.GROWTH: "Neue Beschäftigte wählen ihren Arbeitgeber zunehmend nach den "
        "Rahmenbedingungen – Vereinbarkeit gehört dazu.",
        v.AGEING: "Wer Erfahrene mit passenden Arbeitszeiten länger hält, gewinnt Zeit für die "
        "Übergabe an Jüngere.",
        v.RURAL: "Kürzere oder seltenere Fahrten machen einen Arbeitsplatz auf dem Land für "
        "Pendlerinnen und Pendler attraktiv.",
    },
    ENGLISH: {
        v.SKILLED_STAFF: "Visible offers make a firm stand out to applicants – especially "
        "against corporations with big personnel departments.",
        v.SHIFT_WORK: "Reliable rosters and childcare at off-peak times decide if trained "
        "people remain in the shift system.",
        v.PART_TIME: "Close-to-full-time models and predictable schedules unlock extra capacity "
        "from existing staff without recruiting.",
        v.CAREGIVERS: "Care needs usually arise suddenly; a prepared employer keeps its people "
        "instead of losing them to caring.",
        v.YOUNG_PARENTS: "Parents are loyal to employers where nursery opening times, school "
        "holidays and children's illnesses fit into the daily routine.",
        v.RETURNERS: "A firm return plan shortens absences and saves induction time.",
        v.GROWTH: "New recruits increasingly choose an employer by its conditions – and "
        "family-friendliness is one of them.",
        v.AGEING: "Holding on to experienced people longer with suitable schedules buys time to "
        "hand over to younger colleagues.",
        v.RURAL: "Shorter or fewer journeys make a rural workplace attractive to commuters.",
    },
}
# How to answer: (small firms, larger firms).
_REPLY = {
    GERMAN: (
        "Ein kurzer Anruf oder eine Antwort auf dieses Schreiben genügt.",
        "Antworten Sie einfach auf dieses Schreiben; den Termin stimmen wir gern mit Ihrer "
        "Personalabteilung ab.",
    ),
    ENGLISH: (
        "A short phone call is all it takes.",
        "Just answer this letter, and we will find a date with your HR team.",
    ),
}


def _join(items: Sequence[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    conjunction = " und " if language == GERMAN else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def _percent(value: int, language: str) -> str:
    return f"{value} %" if language == GERMAN else f"{value}%"


def _month(value: date) -> str:
    return value.strftime("%m/%Y")


def _place(company: Company) -> str:
    if (
        company.city
        and company.district
        and company.city not in company.district
        and company.district not in company.city
    ):
        return f"{company.city} ({company.district})"
    return company.city or company.district


def _cite(source: str, year: int, estimate: bool, language: str) -> str:
    if language == GERMAN:
        return f"({source}, {year}{'; Schätzung' if estimate else ''})"
    return f"({source}, {year}{'; estimate' if estimate else ''})"


def _fact_sentence(fact: Fact, company: Company, language: str) -> str:
    text = (fact.text_de if language == GERMAN else fact.text_en or fact.text_de).strip()
    text = text.rstrip(".")
    if language == GERMAN:
        return f"{text} ({fact.source}, Stand {_month(fact.as_of)})."
    return f"{text} ({fact.source}, as of {_month(fact.as_of)})."


def _small(company: Company) -> bool:
    return company.size_class not in {v.MEDIUM, v.LARGE}


def _opening(
    data: DraftInput,
    profile: Profile,
    facts: list[Fact],
    offered: list[str],
    *,
    part_time_said: bool,
) -> str:
    company, language = data.company, data.language
    german = language == GERMAN
    small = _small(company)
    size = _SIZE[language].get(company.size_class, _SIZE[language][""])
    sector = company.sector_label_de if german else company.sector_label_en
    place = _place(company)
    # Small and larger firms are addressed differently; it also keeps two
    # statements from sharing every connecting word.
    if german:
        people = f"rund {company.employees} Beschäftigten" if company.employees else ""
        where = f" mit Sitz in {place}" if place else ""
        if small:
            sentence = f"{company.name} ist {size}" + (f" mit {people}" if people else "")
            sentence += f" aus der Branche „{sector}“" if sector else ""
            sentence += f" in {place}." if place else "."
        else:
            sentence = (f"Mit {people} ist " if people else "") + (
                f"{company.name} {size}" if people else f"{company.name} ist {size}"
            )
            sentence += (f" im Bereich „{sector}“" if sector else "") + where + "."
    else:
        people = f"around {company.employees} employees" if company.employees else ""
        if small:
            sentence = f"{company.name} is {size}" + (f" with {people}" if people else "")
            sentence += f" in {sector.lower()}" if sector else ""
            sentence += f" in {place}." if place else "."
        else:
            sentence = (f"With {people}, " if people else "") + f"{company.name} is {size}"
            sentence += f" working in {sector.lower()}" if sector else ""
            sentence += f", based in {place}." if place else "."
    nouns = [_NEED_NOUN[language][n] for n in profile.needs if n in _NEED_NOUN[language]]
    if profile.other_challenge:
        nouns.append(profile.other_challenge.strip().rstrip("."))
    concerns = _join(nouns, language)
    if not (company.size_class or company.employees or sector):
        # Nothing known beyond name and place: "X ist ein Unternehmen in Leipzig." tells
        # the reader only what they know, so the letter opens with their concerns.
        at = f"{company.name} in {place}" if place else company.name
        sentences = [
            f"Bei {at} zählt im Moment vor allem: {concerns}."
            if german
            else f"At {at}, what counts most right now is {concerns}."
        ]
    elif german:
        sentences = [
            sentence,
            f"Im Alltag Ihres Betriebs zählt im Moment vor allem: {concerns}."
            if small
            else f"Auf Ihrer Agenda stehen derzeit {concerns}.",
        ]
    else:
        sentences = [
            sentence,
            f"Day to day, what counts most for your business is {concerns}."
            if small
            else f"High on your agenda right now: {concerns}.",
        ]

    shares = []
    if profile.share_women is not None:
        shares.append(
            f"rund {_percent(profile.share_women, language)} Ihrer Beschäftigten sind Frauen"
            if german
            else (
                f"women make up roughly {_percent(profile.share_women, language)} of your staff"
                if small
                else f"{_percent(profile.share_women, language)} of your workforce are women"
            )
        )
    if profile.share_part_time is not None and not part_time_said:
        shares.append(
            f"rund {_percent(profile.share_part_time, language)} arbeiten in Teilzeit"
            if german
            else f"roughly {_percent(profile.share_part_time, language)} work part-time"
        )
    if shares:
        text = _join(shares, language)
        sentences.append(text[0].upper() + text[1:] + ".")
    if facts:
        sentences.append(_fact_sentence(facts[0], company, language))
    if offered:
        sentences.append(
            f"Sie bieten bereits {_join(offered, language)} – darauf lässt sich aufbauen."
            if german
            else f"You already offer {_join(offered, language)}, which is a solid base."
        )
    return " ".join(sentences)


def _paragraph(
    argument: Argument,
    need: str,
    data: DraftInput,
    profile: Profile,
    fact: Fact | None,
    *,
    again: bool,
) -> str:
    company, language = data.company, data.language
    german = language == GERMAN
    share = ""
    if need == v.PART_TIME and profile.share_part_time is not None:
        share = (
            f" (rund {_percent(profile.share_part_time, language)})"
            if german
            else f" (roughly {_percent(profile.share_part_time, language)})"
        )
    if again:
        # A second paragraph for the same need does not repeat its lead.
        lead = "Hinzu kommt:" if german else "What is more:"
    else:
        lead = _NEED_LEAD[language][need].format(
            name=company.name, place=_place(company) or company.name, share=share
        )
    claim = argument.claim_de if german else argument.claim_en
    evidence = (argument.evidence_de if german else argument.evidence_en).rstrip(".")
    cite = _cite(argument.source, argument.year, argument.estimate, language)
    text = f"{lead} {claim} {evidence} {cite}."
    if not again:
        text += " " + _NEED_CONSEQUENCE[language][need]
    if fact is not None:
        text += " " + _fact_sentence(fact, company, language)
    return text


def _measures_block(measures: list[Measure], company: Company, language: str) -> str:
    german = language == GERMAN
    adjective = _SIZE_ADJECTIVE[language].get(company.size_class)
    if german:
        intro = (
            f"Für einen {adjective or 'kleinen'} Betrieb eignen sich als Einstieg:"
            if _small(company)
            else f"Als erste Schritte empfehlen wir {company.name}:"
        )
    else:
        intro = (
            f"Good ways in for a {adjective or 'small'} business:"
            if _small(company)
            else f"As first steps we recommend for {company.name}:"
        )
    lines = [intro]
    for measure in measures:
        name = measure.name_de if german else measure.name_en
        description = (measure.description_de if german else measure.description_en).rstrip(".")
        lines.append(f"– {name}: {description}.")
    return "\n".join(lines)


def _network(data: DraftInput, needs: Sequence[str]) -> str:
    offers = [_NETWORK_OFFER[data.language][need] for need in list(dict.fromkeys(needs))[:2]]
    return f"{data.network} {_join(offers, data.language)}."


def _next_step(data: DraftInput, need: str, first_measure: Measure | None) -> str:
    company, language = data.company, data.language
    german = language == GERMAN
    if first_measure is not None:
        measure = first_measure.name_de if german else first_measure.name_en
    else:
        measure = "ein erster Schritt" if german else "a first step"
    place = company.city or company.district or ("Ihrem Betrieb" if german else "your premises")
    step = _NEXT_STEP[language][need].format(name=company.name, place=place, measure=measure)
    return f"{step} {_REPLY[language][0 if _small(company) else 1]}"


# The company's name stands this often; after that the text says "Ihr Betrieb".
NAME_MENTIONS = 2
# The word before a later mention decides the case of what replaces it.
_NAME_AFTER = {
    GERMAN: {
        "für": "Ihren Betrieb",
        "laden": "Sie",
        "wie": "Ihren",  # "einen Betrieb wie Ihren"
        "bei": "Ihnen",
        "von": "Ihrem Betrieb",
        "wir": "Ihrem Betrieb",  # "empfehlen wir Ihrem Betrieb"
        "geht": "Ihrem Betrieb",
    },
    ENGLISH: {"for": "your business", "at": "your business", "invite": "you"},
}
_NAME_DEFAULT = {GERMAN: "Ihr Betrieb", ENGLISH: "your business"}


def _name_budget(text: str, name: str, language: str) -> str:
    """`text` with the company's name after its first NAME_MENTIONS replaced by "Ihr Betrieb".

    A letter that says "Glaserei Meißner GmbH" five times on one page reads
    like a mail merge; people write the name once or twice, then "your firm".
    """
    if not name or text.count(name) <= NAME_MENTIONS:
        return text
    pieces = text.split(name)
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:], start=1):
        if index <= NAME_MENTIONS:
            out += [name, piece]
            continue
        before = out[-1].rstrip().rsplit(" ", 1)[-1].casefold()
        if language == ENGLISH and piece.startswith("'s"):
            out += ["your", piece[2:]]
            continue
        if language == GERMAN and before == "wie" and not out[-1].rstrip().endswith("Betrieb wie"):
            replacement = _NAME_DEFAULT[language]  # "wie Ihr Betrieb Wissen hält"
        else:
            replacement = _NAME_AFTER[language].get(before, _NAME_DEFAULT[language])
        if out[-1].endswith((". ", "\n", ": ")) or out[-1] == "":
            replacement = replacement[0].upper() + replacement[1:]
        out += [replacement, piece]
    return "".join(out)


# ------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------
def draft(data: DraftInput) -> Draft:
    """Compose a statement for `data`, or raise a `DraftingRefused` saying what is missing."""
    if data.language not in LANGUAGES:
        raise UnknownLanguage(data.language)
    profile = data.profile
    if profile is None:
        raise ProfileMissing
    needs = tuple(n for n in dict.fromkeys(profile.needs) if n in v.CATALOGUE_NEEDS)
    if profile.no_challenges or not needs:
        raise NoNeeds
    profile = Profile(
        needs=needs,
        offered_measures=profile.offered_measures,
        offered_other=profile.offered_other,
        share_women=profile.share_women,
        share_part_time=profile.share_part_time,
        other_challenge=profile.other_challenge,
    )
    company = data.company

    scored: list[tuple[Choice, Argument]] = []
    for argument in data.arguments:
        choice = argument_fit(argument, company, profile)
        if choice is not None:
            scored.append((choice, argument))
    scored.sort(key=lambda item: (-item[0].score, item[1].code))
    picked = _pick_arguments(scored, needs)
    if not picked:
        raise NothingFits

    argued = frozenset(code for _, argument, _ in picked for code in argument.measures)
    measure_choices: list[tuple[Choice, Measure]] = []
    for measure in data.measures:
        choice = measure_fit(measure, company, profile, argued)
        if choice is not None:
            measure_choices.append((choice, measure))
    measure_choices.sort(key=lambda item: (-item[0].score, item[1].code))
    chosen_measures = _pick_measures(measure_choices, [need for _, _, need in picked])
    first_measure = chosen_measures[0][1] if chosen_measures else None

    facts = _relevant_facts(data.facts, company, needs)
    opening_facts = facts[:1]
    spare = facts[1:]
    paragraph_facts: list[Fact | None] = []
    for _, _, need in picked:
        match = next((f for f in spare if need in f.needs), None)
        if match is not None:
            spare.remove(match)
        paragraph_facts.append(match)
    used_facts = opening_facts + [f for f in paragraph_facts if f is not None]

    german = data.language == GERMAN
    offered_names = [
        (m.name_de if german else m.name_en)
        for m in data.measures
        if m.code in profile.offered_measures
    ]
    if profile.offered_other:
        offered_names.append(profile.offered_other.strip().rstrip("."))

    paragraph_needs = [need for _, _, need in picked]
    blocks = [
        _opening(
            data,
            profile,
            opening_facts,
            offered_names,
            part_time_said=v.PART_TIME in paragraph_needs,
        )
    ]
    for index, ((_, argument, need), fact) in enumerate(zip(picked, paragraph_facts, strict=True)):
        again = need in paragraph_needs[:index]
        blocks.append(_paragraph(argument, need, data, profile, fact, again=again))
    if chosen_measures:
        blocks.append(_measures_block([m for _, m in chosen_measures], company, data.language))
    blocks.append(_network(data, paragraph_needs))
    blocks.append(_next_step(data, paragraph_needs[0], first_measure))

    fact_choices = tuple(
        Choice(
            "fact",
            f.id,
            str(f.id),
            100 if f.district else 80,
            tuple(Reason("need", n) for n in f.needs if n in needs)
            or (Reason("district", f.district or company.district),),
        )
        for f in used_facts
    )
    return Draft(
        text=_name_budget("\n\n".join(blocks), company.name, data.language),
        language=data.language,
        needs_addressed=tuple(dict.fromkeys(need for _, _, need in picked)),
        arguments=tuple(choice for choice, _, _ in picked),
        measures=tuple(choice for choice, _ in chosen_measures),
        facts=fact_choices,
    )


# ------------------------------------------------------------------------------
# Stock passages
# ------------------------------------------------------------------------------
# The opening's and the measures' connecting words; "{}" stands for what is filled in.
_CONNECTORS = (
    "Im Alltag Ihres Betriebs zählt im Moment vor allem:",
    "Auf Ihrer Agenda stehen derzeit",
    "Sie bieten bereits {} – darauf lässt sich aufbauen.",
    "Hinzu kommt:",
    "Für einen {} Betrieb eignen sich als Einstieg:",
    "Als erste Schritte empfehlen wir {}:",
    "Day to day, what counts most for your business is",
    "High on your agenda right now:",
    "You already offer {}, which is a solid base.",
    "What is more:",
    "Good ways in for a {} business:",
    "As first steps we recommend for {}:",
)
# The opening's frame around the company's size, sector, place and shares: only
# the values tell two companies apart, so the words around them are stock too.
_FRAMES = (
    "ist ein",
    "mit rund",
    "Beschäftigten aus der Branche",
    "im Bereich",
    "mit Sitz in",
    "Ihrer Beschäftigten sind Frauen",
    "arbeiten in Teilzeit",
    "Stand",
    "is a",
    "with around",
    "employees in",
    "working in",
    "based in",
    "women make up roughly",
    "of your staff",
    "of your workforce are women",
    "work part-time",
    "as of",
)


def stock_phrases(
    *,
    arguments: Sequence[Argument],
    measures: Sequence[Measure],
    facts: Sequence[Fact] = (),
    network: str,
) -> tuple[str, ...]:
    """Every passage a statement may share with any other one of the team, in both languages.

    The catalogue's claims, figures and measures, the team's regional facts
    (every company of a district shares them) and the engine's fixed phrases,
    with ``{…}`` where a name, place or measure is filled in. What a statement
    says besides these is what it says of its own company, which the
    tailoring score compares (`benefits.scoring.stock_pattern`).
    """
    phrases: list[str] = [network, *_CONNECTORS, *_FRAMES]
    for table in (_NEED_LEAD, _NEED_CONSEQUENCE, _NETWORK_OFFER, _NEXT_STEP):
        for language in LANGUAGES:
            phrases.extend(table[language].values())
    for language in LANGUAGES:
        phrases.extend(_REPLY[language])
    for argument in arguments:
        phrases += [argument.claim_de, argument.claim_en, argument.evidence_de]
        phrases += [argument.evidence_en, f"({argument.source}, {{year}})"]
    for fact in facts:
        for text in (fact.text_de, fact.text_en):
            # The district is masked in the statement like the company's address.
            phrases.append(text.replace(fact.district, "{}") if fact.district else text)
        phrases.append(f"({fact.source}, {{as_of}})")
    for measure in measures:
        phrases += [measure.name_de, measure.name_en]
        phrases += [measure.description_de, measure.description_en]
    return tuple(p.strip() for p in phrases if p and p.strip())
