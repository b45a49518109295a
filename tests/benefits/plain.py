"""Plain-data fixtures for the pure drafting and scoring tests (no database)."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from benefits import drafting

CATALOGUE = Path(__file__).resolve().parents[2] / "benefits" / "data" / "catalogue_v1.json"
NETWORK = "Kompetenzzentrum Frau & Beruf Westsachsen"


def catalogue() -> tuple[list[drafting.Argument], list[drafting.Measure]]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    measures = [
        drafting.Measure(
            id=index,
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
        for index, m in enumerate(data["measures"], start=1)
    ]
    arguments = [
        drafting.Argument(
            id=index,
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
        for index, a in enumerate(data["arguments"], start=1)
    ]
    return arguments, measures


FACTS = [
    drafting.Fact(
        id=1,
        text_de="Im Landkreis Nordsachsen öffnen nur wenige Kitas vor 6 Uhr",
        text_en="In Nordsachsen only a few nurseries open before 6 am",
        source="Landratsamt Nordsachsen",
        as_of=date(2025, 3, 1),
        district="Landkreis Nordsachsen",
        needs=("shift_work", "young_parents"),
    ),
    drafting.Fact(
        id=2,
        text_de="Leipzig wächst; IT-Fachkräfte sind stark umworben",
        text_en="Leipzig is growing; IT specialists are in high demand",
        source="Agentur für Arbeit Leipzig",
        as_of=date(2025, 1, 1),
        district="Stadt Leipzig",
        needs=("skilled_staff", "growth"),
    ),
]


def metal_works(language: str = "de") -> drafting.DraftInput:
    """The issue's 30-person metal works with shift work in a rural district."""
    arguments, measures = catalogue()
    return drafting.DraftInput(
        company=drafting.Company(
            name="Metallbau Krause GmbH",
            city="Torgau",
            district="Landkreis Nordsachsen",
            sector_section="C",
            sector_label_de="Herstellung von Metallerzeugnissen",
            sector_label_en="Manufacture of fabricated metal products",
            size_class="small",
            employees=30,
            region="east",
        ),
        profile=drafting.Profile(needs=("shift_work", "skilled_staff", "rural"), share_women=15),
        network=NETWORK,
        arguments=arguments,
        measures=measures,
        facts=FACTS,
        language=language,
    )


def it_firm(language: str = "de") -> drafting.DraftInput:
    """The issue's 120-person IT firm in a city with many young parents."""
    arguments, measures = catalogue()
    return drafting.DraftInput(
        company=drafting.Company(
            name="Datenwerk Software GmbH",
            city="Leipzig",
            district="Stadt Leipzig",
            sector_section="K",
            sector_label_de="Erbringung von Dienstleistungen der Informationstechnologie",
            sector_label_en="Computer programming, consultancy and related activities",
            size_class="medium",
            employees=120,
            region="east",
        ),
        profile=drafting.Profile(
            needs=("young_parents", "returners", "growth"),
            offered_measures=frozenset({"mobile_work"}),
            share_women=35,
            share_part_time=20,
        ),
        network=NETWORK,
        arguments=arguments,
        measures=measures,
        facts=FACTS,
        language=language,
    )


def with_company(data: drafting.DraftInput, **fields: object) -> drafting.DraftInput:
    return replace(data, company=replace(data.company, **fields))


def with_profile(data: drafting.DraftInput, **fields: object) -> drafting.DraftInput:
    assert data.profile is not None
    return replace(data, profile=replace(data.profile, **fields))
