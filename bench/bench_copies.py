"""How often two honest drafts read as copies of each other (issue 14, point 6).

250 pairs of companies drafted by the engine from the shipped catalogue, with
a fixed seed: each pair differs in sector, size class and district and shares
exactly one need (each company may have up to two more of its own). Each pair
is scored as the tailoring score scores a new statement against an earlier
one, and counted as a false copy when the copy warning fires. Printed:

* the false-copy rate of the score (stock passages taken out) next to the
  rate of the bare similarity over the full masked texts, the measure it
  replaced (the floor, measured on the same pairs);
* the time per pair of the score next to the bare rapidfuzz ratio call;
* the share of real copies caught: each statement copied onto the other
  company with its name, town and district swapped must still warn.
"""

import json
import random
import time
from pathlib import Path

from bench.common import Result

PAIRS = 250
SEED = 14
CATALOGUE = Path(__file__).resolve().parents[1] / "benefits" / "data" / "catalogue_v1.json"
NETWORK = "Kompetenzzentrum Frau & Beruf Westsachsen"
PLACES = (
    ("Torgau", "Landkreis Nordsachsen", "east"),
    ("Grimma", "Landkreis Leipzig", "east"),
    ("Leipzig", "Stadt Leipzig", "east"),
    ("Kassel", "Stadt Kassel", "west"),
    ("Fulda", "Landkreis Fulda", "west"),
    ("Zwickau", "Landkreis Zwickau", "east"),
)
SECTORS = (
    ("C", "Herstellung von Metallerzeugnissen"),
    ("F", "Ausbaugewerbe"),
    ("J", "Dienstleistungen der Informationstechnologie"),
    ("Q", "Pflegeheime"),
    ("G", "Einzelhandel"),
    ("I", "Gastronomie"),
    ("M", "Architektur- und Ingenieurbüros"),
)
SIZES = ((4, "micro"), (20, "small"), (90, "medium"))
TRADES = ("Metallbau", "Glaserei", "Datenwerk", "Pflegedienst", "Autohaus", "Gasthof", "Planbüro")
FAMILIES = ("Krause", "Meißner", "Weber", "Lange", "Schulze", "Hoffmann", "Richter", "Wolf")


def _catalogue(drafting):  # type: ignore[no-untyped-def]
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    measures = [
        drafting.Measure(
            id=i,
            code=m["code"],
            name_de=m["name_de"],
            name_en=m["name_en"],
            description_de=m["description_de"],
            description_en=m["description_en"],
            effort=m["effort"],
            cost_band=m["cost_band"],
            needs=tuple(m["needs"]),
            sectors=tuple(m["sectors"]),
            size_classes=tuple(m["size_classes"]),
        )
        for i, m in enumerate(data["measures"], start=1)
    ]
    arguments = [
        drafting.Argument(
            id=i,
            code=a["code"],
            claim_de=a["claim_de"],
            claim_en=a["claim_en"],
            evidence_de=a["evidence_de"],
            evidence_en=a["evidence_en"],
            source=a["source"],
            year=a["year"],
            estimate=a["evidence_kind"] == "estimate",
            needs=tuple(a["needs"]),
            sectors=tuple(a["sectors"]),
            size_classes=tuple(a["size_classes"]),
            region=a["region"],
            measures=tuple(a["measures"]),
        )
        for i, a in enumerate(data["arguments"], start=1)
    ]
    return arguments, measures


def run() -> list[Result]:
    from datetime import date

    from benefits import drafting, scoring, vocabulary

    rng = random.Random(SEED)
    arguments, measures = _catalogue(drafting)
    facts = [
        drafting.Fact(
            id=i,
            text_de=f"Im {district} fehlen Betreuungsplätze zu Randzeiten",
            text_en=f"In {district} childcare at off-peak times is scarce",
            source=f"Jugendamt {town}",
            as_of=date(2025, 1 + i % 12, 1),
            district=district,
            needs=(vocabulary.SHIFT_WORK, vocabulary.YOUNG_PARENTS),
        )
        for i, (town, district, _) in enumerate(PLACES, start=1)
    ]
    stock = scoring.stock_pattern(
        drafting.stock_phrases(arguments=arguments, measures=measures, facts=facts, network=NETWORK)
    )

    def company(index: int, place, sector, size):  # type: ignore[no-untyped-def]
        return drafting.Company(
            name=f"{rng.choice(TRADES)} {rng.choice(FAMILIES)} {index} GmbH",
            city=place[0],
            district=place[1],
            region=place[2],
            sector_section=sector[0],
            sector_label_de=sector[1],
            size_class=size[1],
            employees=size[0] + rng.randint(0, 9),
        )

    def statement(comp, needs):  # type: ignore[no-untyped-def]
        profile = drafting.Profile(
            needs=needs,
            share_women=rng.choice((None, 20, 35, 60)),
            share_part_time=rng.choice((None, 15, 40)),
        )
        data = drafting.DraftInput(
            company=comp,
            profile=profile,
            network=NETWORK,
            arguments=arguments,
            measures=measures,
            facts=facts,
        )
        text = drafting.draft(data).text
        subject = scoring.Subject(
            needs=needs, specifics=(), mask_terms=(comp.name, comp.city, comp.district)
        )
        return subject, text

    pairs: list = []
    while len(pairs) < PAIRS:
        shared = rng.choice(vocabulary.CATALOGUE_NEEDS)
        rest = rng.sample([n for n in vocabulary.CATALOGUE_NEEDS if n != shared], 4)
        place_a, place_b = rng.sample(PLACES, 2)
        sector_a, sector_b = rng.sample(SECTORS, 2)
        size_a, size_b = rng.sample(SIZES, 2)
        a = company(2 * len(pairs), place_a, sector_a, size_a)
        b = company(2 * len(pairs) + 1, place_b, sector_b, size_b)
        try:
            first = statement(a, (shared, *rest[: rng.randint(0, 2)]))
            second = statement(b, (shared, *rest[2 : 2 + rng.randint(0, 2)]))
        except drafting.DraftingRefused:
            continue
        pairs.append((a, first, b, second))

    masked = [
        (
            scoring.mask(first[1], first[0].mask_terms),
            second[0],
            second[1],
            scoring.mask(second[1], second[0].mask_terms),
        )
        for _, first, _, second in pairs
    ]
    start = time.perf_counter()
    false_copies = sum(
        scoring.score(subject, text, own, {1: other}, stock=stock).copy_warning
        for other, subject, text, own in masked
    )
    figure_ms = (time.perf_counter() - start) * 1000 / len(masked)
    start = time.perf_counter()
    bare = sum(
        scoring.similarity(own, other) >= scoring.COPY_THRESHOLD for other, _, _, own in masked
    )
    floor_ms = (time.perf_counter() - start) * 1000 / len(masked)

    caught = 0
    for a, first, b, second in pairs:
        copied = (
            first[1].replace(a.name, b.name).replace(a.district, b.district).replace(a.city, b.city)
        )
        result = scoring.score(
            second[0],
            copied,
            scoring.mask(copied, second[0].mask_terms),
            {1: scoring.mask(first[1], first[0].mask_terms)},
            stock=stock,
        )
        caught += result.copy_warning
    note = (
        f"false copies {false_copies}/{len(masked)} = {100 * false_copies / len(masked):.1f} % "
        f"(bare similarity in full: {bare}/{len(masked)} = {100 * bare / len(masked):.1f} %); "
        f"real copies caught {caught}/{len(pairs)}"
    )
    return [
        Result(
            "score a pair of honest drafts",
            len(masked),
            figure_ms,
            floor_ms,
            "bare ratio call, full text",
            note,
        )
    ]
