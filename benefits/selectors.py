"""Read queries for needs profiles, the catalogue, regional facts and statements.

Always scoped to one team (directly, or through a company that was fetched for
the team), with their joins fixed.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from benefits import drafting, scoring, vocabulary
from benefits.models import (
    BenefitArgument,
    BenefitSettings,
    BenefitStatement,
    Measure,
    NeedsProfile,
    RegionalFact,
    StatementEvent,
    StatementVersion,
)
from companies import sectors
from companies.models import Company
from crm.models import Team

PANEL_STATEMENTS = 5


# -- needs profiles ---------------------------------------------------------------
def profile_for_company(*, company: Company) -> NeedsProfile | None:
    """The company's needs profile with who captured it, or None."""
    return (
        NeedsProfile.objects.filter(company=company)
        .select_related("captured_by")
        .prefetch_related("measures_offered")
        .first()
    )


def company_has_profile(*, company_id: int) -> bool:
    return NeedsProfile.objects.filter(company_id=company_id).exists()


def company_has_sent_statement(*, company_id: int) -> bool:
    """Whether a tailored statement went out to the company (the "Angebot" requirement)."""
    return BenefitStatement.objects.filter(
        company_id=company_id, status=BenefitStatement.Status.SENT
    ).exists()


# -- settings -----------------------------------------------------------------------
def settings_for_team(*, team: Team) -> BenefitSettings:
    """The team's benefit settings; defaults (unsaved) for a team that has none yet."""
    found = BenefitSettings.objects.filter(team=team).first()
    return found if found is not None else BenefitSettings(team=team)


# -- catalogue and facts --------------------------------------------------------------
def measures_for_team(*, team: Team, active_only: bool = True) -> QuerySet[Measure]:
    measures = Measure.objects.filter(team=team)
    return measures.filter(is_active=True) if active_only else measures


def arguments_for_team(*, team: Team, active_only: bool = True) -> QuerySet[BenefitArgument]:
    """The team's arguments with the codes of their measures (one extra query)."""
    arguments = BenefitArgument.objects.filter(team=team).prefetch_related(
        Prefetch("measures", queryset=Measure.objects.only("id", "code", "name_de", "name_en"))
    )
    return arguments.filter(is_active=True) if active_only else arguments


def measure_get(*, team: Team, pk: int) -> Measure:
    return get_object_or_404(Measure, team=team, pk=pk)


def argument_get(*, team: Team, pk: int) -> BenefitArgument:
    return get_object_or_404(BenefitArgument, team=team, pk=pk)


def facts_for_team(*, team: Team) -> QuerySet[RegionalFact]:
    return RegionalFact.objects.filter(team=team).select_related("created_by")


def fact_get(*, team: Team, pk: int) -> RegionalFact:
    return get_object_or_404(facts_for_team(team=team), pk=pk)


# -- statements -----------------------------------------------------------------------
def statements_for_team(*, team: Team) -> QuerySet[BenefitStatement]:
    return (
        BenefitStatement.objects.filter(team=team)
        .select_related("company", "created_by")
        .defer("masked_text", "fingerprint", "provenance", "score_details")
    )


def statements_for_company(*, company: Company) -> QuerySet[BenefitStatement]:
    return statements_for_team(team=company.team).filter(company=company)


def statement_get(*, team: Team, pk: int) -> BenefitStatement:
    """One of the team's statements with its people and its most similar one, or 404."""
    return get_object_or_404(
        BenefitStatement.objects.filter(team=team).select_related(
            "company", "created_by", "approved_by", "most_similar__company"
        ),
        pk=pk,
    )


def statement_versions(*, statement: BenefitStatement) -> QuerySet[StatementVersion]:
    return statement.versions.select_related("author")


def statement_version_get(*, statement: BenefitStatement, number: int) -> StatementVersion:
    return get_object_or_404(statement.versions.all(), number=number)


def statement_events(*, statement: BenefitStatement) -> QuerySet[StatementEvent]:
    return statement.events.select_related("by")


def statement_fingerprints(*, team: Team, exclude_company_id: int) -> list[tuple[int, str]]:
    """(id, fingerprint) of the team's statements for other companies."""
    return list(
        BenefitStatement.objects.filter(team=team)
        .exclude(company_id=exclude_company_id)
        .exclude(fingerprint="")
        # No ordering: the scan then runs on the covering index alone.
        .order_by()
        .values_list("id", "fingerprint")
    )


def statement_masked_texts(*, team: Team, ids: list[int]) -> dict[int, str]:
    return dict(
        BenefitStatement.objects.filter(team=team, id__in=ids).values_list("id", "masked_text")
    )


# -- the company panel --------------------------------------------------------------
@dataclass(frozen=True)
class CompanyPanel:
    profile: NeedsProfile | None
    statements: list[BenefitStatement]
    statement_count: int


def company_panel(*, company: Company) -> CompanyPanel:
    """What the company page shows about needs and statements: three queries, always."""
    profile = NeedsProfile.objects.filter(company=company).select_related("captured_by").first()
    statements = statements_for_company(company=company)
    return CompanyPanel(
        profile=profile,
        statements=list(statements[:PANEL_STATEMENTS]),
        statement_count=statements.count(),
    )


# -- plain data for the pure modules ---------------------------------------------------
def _sector_labels(company: Company) -> tuple[str, str]:
    division = sectors.DIVISIONS_BY_CODE.get(company.sector_division)
    if division is not None:
        return division.title_de, division.title_en
    section = sectors.SECTIONS_BY_CODE.get(company.sector_section)
    if section is not None:
        return section.title_de, section.title_en
    return "", ""


def company_region(*, company: Company, settings: BenefitSettings) -> str | None:
    """The team's region if set, else the one the company's postal code lies in."""
    return settings.region or vocabulary.region_for_postal_code(company.postal_code)


def draft_company(*, company: Company, settings: BenefitSettings) -> drafting.Company:
    label_de, label_en = _sector_labels(company)
    return drafting.Company(
        name=company.full_name,
        city=company.city,
        district=company.district,
        sector_section=company.sector_section,
        sector_label_de=label_de,
        sector_label_en=label_en,
        size_class=company.size_class,
        employees=company.employees,
        region=company_region(company=company, settings=settings),
    )


def draft_profile(*, profile: NeedsProfile) -> drafting.Profile:
    return drafting.Profile(
        needs=tuple(profile.challenges),
        offered_measures=frozenset(m.code for m in profile.measures_offered.all()),
        offered_other=profile.offers_other,
        share_women=profile.share_women,
        share_part_time=profile.share_part_time,
        no_challenges=profile.no_challenges,
        other_challenge=profile.other_challenge,
    )


def draft_input(
    *, company: Company, profile: NeedsProfile | None, language: str
) -> drafting.DraftInput:
    """Everything the drafting engine needs about `company`, as plain data (4-5 queries)."""
    team = company.team
    settings = settings_for_team(team=team)
    return drafting.DraftInput(
        company=draft_company(company=company, settings=settings),
        profile=draft_profile(profile=profile) if profile is not None else None,
        network=team.name,
        language=language,
        arguments=[
            drafting.Argument(
                id=a.pk,
                code=a.code,
                claim_de=a.claim_de,
                claim_en=a.claim_en,
                evidence_de=a.evidence_de,
                evidence_en=a.evidence_en,
                source=a.source,
                year=a.year,
                estimate=a.evidence_kind == "estimate",
                needs=tuple(a.needs),
                sectors=tuple(a.sectors),
                size_classes=tuple(a.size_classes),
                region=a.region,
                measures=tuple(m.code for m in a.measures.all()),
            )
            for a in arguments_for_team(team=team)
        ],
        measures=[
            drafting.Measure(
                id=m.pk,
                code=m.code,
                name_de=m.name_de,
                name_en=m.name_en,
                description_de=m.description_de,
                description_en=m.description_en,
                effort=m.effort,
                cost_band=m.cost_band,
                needs=tuple(m.needs),
                sectors=tuple(m.sectors),
                size_classes=tuple(m.size_classes),
            )
            for m in measures_for_team(team=team)
        ],
        facts=[
            drafting.Fact(
                id=f.pk,
                text_de=f.text_de,
                text_en=f.text_en,
                source=f.source,
                as_of=f.as_of,
                district=f.district,
                needs=tuple(f.needs),
            )
            for f in RegionalFact.objects.filter(team=team)
        ],
    )


def score_subject(*, company: Company, profile: NeedsProfile | None) -> scoring.Subject:
    """The company's needs, its specifics and the terms to mask, for the tailoring score."""
    label_de, label_en = _sector_labels(company)
    specifics = [
        scoring.Specific("name", (company.legal_name, company.full_name)),
        scoring.Specific("place", tuple(p for p in (company.city, company.district) if p)),
        scoring.Specific("sector", tuple(p for p in (label_de, label_en) if p)),
    ]
    if company.employees:
        specifics.append(scoring.Specific("employees", (str(company.employees),)))
    if profile is not None:
        for share in (profile.share_women, profile.share_part_time):
            if share is not None:
                specifics.append(scoring.Specific("share", (f"{share} %", f"{share}%")))
        offered = [v for m in profile.measures_offered.all() for v in (m.name_de, m.name_en)]
        if profile.offers_other:
            offered.append(profile.offers_other)
        if offered:
            specifics.append(scoring.Specific("offer", tuple(offered)))
    district = company.district.strip().casefold()
    fact_sources = [
        f.source
        for f in RegionalFact.objects.filter(team=company.team).only("source", "district")
        if f.district.strip().casefold() == district
    ]
    if fact_sources:
        specifics.append(scoring.Specific("fact", tuple(fact_sources)))
    mask_terms = (
        company.legal_name,
        company.full_name,
        company.street,
        company.postal_code,
        company.city,
        company.district,
    )
    return scoring.Subject(
        needs=tuple(profile.challenges) if profile is not None else (),
        specifics=tuple(s for s in specifics if s.variants),
        mask_terms=tuple(t for t in mask_terms if t),
    )


def statements_to_send(*, company_ids: Iterable[int]) -> dict[int, BenefitStatement]:
    """Per company, the statement outreach goes out with: the newest approved (or sent)
    one, else the newest draft (one query)."""
    preferred = {BenefitStatement.Status.APPROVED, BenefitStatement.Status.SENT}
    best: dict[int, BenefitStatement] = {}
    for statement in BenefitStatement.objects.filter(company_id__in=list(company_ids)).order_by(
        "pk"
    ):
        current = best.get(statement.company_id)
        # Later statements win, unless only the earlier one was approved.
        if current is None or (statement.status in preferred) >= (current.status in preferred):
            best[statement.company_id] = statement
    return best
