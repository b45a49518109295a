"""Read queries for companies, contacts and partners, always scoped to one team."""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from companies import matching, search
from companies.models import (
    Company,
    CompanyMerge,
    Contact,
    DistinctCompanies,
    ImportJob,
    MatchKey,
    NetworkPartner,
    Tie,
)
from crm.models import Team

# A duplicate check looks at no more companies than this, however common its keys.
MAX_CANDIDATES = 500
# On PostgreSQL the check also looks up names similar by trigrams (pg_trgm, the GIN
# index of companies 0008): at most this many, at least this similar (0–1). It
# finds names whose every word is misspelt, which no key of the name shares.
TRIGRAM_CANDIDATES = 20
TRIGRAM_SIMILARITY = 0.5
_RECORD_FIELDS = (
    "pk",
    "legal_name",
    "street",
    "postal_code",
    "city",
    "website",
    "phone",
    "legal_form",
)


def companies_for_team(*, team: Team) -> QuerySet[Company]:
    """The team's companies with their contact count, for lists.

    The count is a subquery per row, not a join with GROUP BY: a page computes it
    for its own rows only, and counting the list (the paginator) drops it.
    """
    contacts = (
        Contact.objects.filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Company.objects.filter(team=team)
        .annotate(contact_count=Coalesce(Subquery(contacts), 0))
        .order_by("legal_name", "id")
    )


def company_count(*, team: Team) -> int:
    """How many companies the team has (a plain count, no join)."""
    return Company.objects.filter(team=team).count()


def company_get(*, team: Team, pk: int) -> Company:
    """One of the team's companies, or 404."""
    return get_object_or_404(Company.objects.filter(team=team), pk=pk)


def company_districts(*, team: Team) -> list[str]:
    """The districts the team's companies are in, for filter choices.

    A DISTINCT reads every company of the team (several ms at 20,000, on every page with
    a filter form); this walks the (team, district) index from one district to the next
    instead, one index lookup per district (a "loose index scan", on both databases)."""
    table = connection.ops.quote_name(Company._meta.db_table)
    team_column = connection.ops.quote_name(Company._meta.get_field("team").column)
    sql = f"""
        WITH RECURSIVE found(district) AS (
            SELECT MIN(district) FROM {table} WHERE {team_column} = %s AND district > ''
            UNION ALL
            SELECT (
                SELECT MIN(district) FROM {table}
                WHERE {team_column} = %s AND district > found.district
            )
            FROM found WHERE found.district IS NOT NULL
        )
        SELECT district FROM found WHERE district IS NOT NULL
    """  # noqa: S608 (names from the model, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [team.pk, team.pk])
        return [row[0] for row in cursor.fetchall()]


def contacts_for_company(*, company: Company) -> QuerySet[Contact]:
    return company.contacts.all()


def contact_get(*, team: Team, pk: int) -> Contact:
    """One contact at one of the team's companies, or 404."""
    return get_object_or_404(
        Contact.objects.filter(company__team=team).select_related("company"), pk=pk
    )


def partners_for_team(*, team: Team) -> QuerySet[NetworkPartner]:
    """The team's network partners with their linked company, for lists."""
    return NetworkPartner.objects.filter(team=team).select_related("company")


def partner_get(*, team: Team, pk: int) -> NetworkPartner:
    """One of the team's partners, or 404."""
    return get_object_or_404(partners_for_team(team=team), pk=pk)


def ties_for_partner(*, partner: NetworkPartner) -> QuerySet[Tie]:
    """A partner's ties with their companies (one query)."""
    return partner.ties.select_related("company").order_by("-strength", "company__legal_name")


def ties_for_company(*, company: Company) -> QuerySet[Tie]:
    """The ties into a company with their partners (one query)."""
    return company.ties.select_related("partner").order_by("-strength", "partner__name")


def tie_get(*, team: Team, pk: int) -> Tie:
    """One of the team's ties, or 404."""
    return get_object_or_404(
        Tie.objects.filter(partner__team=team).select_related("partner", "company"), pk=pk
    )


def partner_districts(*, team: Team) -> list[str]:
    return list(
        NetworkPartner.objects.filter(team=team)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


# ------------------------------------------------------------------------------
# Duplicates
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing company that may be the same as the one being entered."""

    company: Company
    match: matching.Match


def _record(values: tuple) -> matching.CompanyRecord:
    return matching.CompanyRecord(*values)


def company_record(company: Company) -> matching.CompanyRecord:
    """What the matcher compares of a company."""
    return matching.CompanyRecord(
        id=company.pk,
        name=company.legal_name,
        street=company.street,
        postal_code=company.postal_code,
        city=company.city,
        website=company.website,
        phone=company.phone,
        legal_form=company.legal_form,
    )


def distinct_pairs(*, team: Team) -> frozenset[frozenset[Hashable]]:
    """Pairs of company ids confirmed as different companies."""
    return matching.pairs_of_pairs(
        DistinctCompanies.objects.filter(team=team).values_list("company_a_id", "company_b_id")
    )


def company_duplicate_candidates(
    *, team: Team, company: Company, limit: int = 5
) -> list[DuplicateCandidate]:
    """The team's companies that may be `company` (saved or not), best first.

    A fixed number of queries whatever the team's size: the companies sharing
    the most matching keys (at most MAX_CANDIDATES), their fields, the pairs
    confirmed as different, and the few that match. On PostgreSQL, when no
    company sharing a key has a close name, pg_trgm is asked for similar names
    as well (three more queries): a name misspelt in every word shares no key.
    """
    prepared = matching.prepare(company_record(company))
    if not prepared.keys:
        return []
    ids = list(
        MatchKey.objects.filter(team=team, key__in=prepared.keys)
        .exclude(company_id=company.pk)
        .values("company_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "company_id")
        .values_list("company_id", flat=True)[:MAX_CANDIDATES]
    )
    candidates = _close_candidates(team=team, company=company, prepared=prepared, ids=ids)
    if not candidates and connection.vendor == "postgresql" and prepared.name:
        known = set(ids)
        similar = [
            pk
            for pk in _similar_name_ids(team=team, name=prepared.name, exclude=company.pk)
            if pk not in known
        ]
        candidates = _close_candidates(team=team, company=company, prepared=prepared, ids=similar)
    found = matching.best_matches(prepared, candidates, matching.SUGGEST_WEIGHT)[:limit]
    by_id = Company.objects.in_bulk([m.b for m in found])
    return [DuplicateCandidate(by_id[m.b], m) for m in found if m.b in by_id]


def _close_candidates(
    *, team: Team, company: Company, prepared: matching.Prepared, ids: list[int]
) -> list[matching.Prepared]:
    """Of the companies `ids`, those with a name close to `prepared`'s, prepared."""
    if not ids:
        return []
    excluded: set[int] = set()
    if company.pk is not None:
        for a, b in DistinctCompanies.objects.filter(
            Q(company_a=company.pk, company_b__in=ids) | Q(company_b=company.pk, company_a__in=ids)
        ).values_list("company_a_id", "company_b_id"):
            excluded.add(b if a == company.pk else a)
    # By primary key alone: with the team in the WHERE clause SQLite prefers a
    # team index and reads every company of the team. The keys were the team's.
    rows = Company.objects.filter(pk__in=ids).values_list(
        "team_id", "name_normalized", *_RECORD_FIELDS
    )
    # Normalising costs more than a look at the stored normalised name: only
    # candidates whose names are close are prepared and scored in full.
    return [
        matching.prepare(_record(values))
        for team_id, name, *values in rows
        if team_id == team.pk and values[0] not in excluded and matching.names_close(prepared, name)
    ]


def _similar_name_ids(*, team: Team, name: str, exclude: int | None) -> list[int]:
    """The team's companies whose normalised names are similar by trigrams (PostgreSQL)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # `%` is pg_trgm's "similar" operator, served by the GIN index; its
        # threshold is a setting, set for this transaction only.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(TRIGRAM_SIMILARITY)],
        )
        cursor.execute(
            "SELECT id FROM companies_company "
            "WHERE name_normalized %% %s AND team_id = %s AND id <> %s "
            "ORDER BY similarity(name_normalized, %s) DESC, id LIMIT %s",
            [name, team.pk, exclude or 0, name, TRIGRAM_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]


def companies_compare(*, a: Company, b: Company) -> matching.Match:
    """How two companies compare, field by field (no query)."""
    return matching.score(matching.prepare(company_record(a)), matching.prepare(company_record(b)))


@dataclass(frozen=True)
class MatchedPair:
    a: Company
    b: Company
    match: matching.Match


@dataclass(frozen=True)
class DuplicateCluster:
    """Companies that are likely one, with the matched pairs that tie them."""

    companies: list[Company]
    pairs: list[MatchedPair]

    @property
    def best(self) -> matching.Match:
        return max((pair.match for pair in self.pairs), key=lambda m: m.weight)


@dataclass(frozen=True)
class DuplicateReview:
    """The team's likely duplicates and the related companies found beside them."""

    clusters: list[DuplicateCluster]
    total: int
    related: list[MatchedPair]  # other legal entities of one group, not yet linked
    related_total: int


def duplicate_review(*, team: Team, limit: int = 50) -> DuplicateReview:
    """Clusters of likely duplicates, most confident first, and related companies.

    Matching runs in memory over the team's companies; pairs confirmed as
    different (or linked as related) are left out. Four queries whatever the
    team's size.
    """
    rows = Company.objects.filter(team=team).values_list("group_id", *_RECORD_FIELDS)
    group_of = {}
    records = []
    for group_id, *values in rows:
        group_of[values[0]] = group_id
        records.append(_record(tuple(values)))
    clustering = matching.find_clusters(records, distinct=distinct_pairs(team=team))
    groups = clustering.duplicate_clusters
    cluster_of = {member: number for number, members in enumerate(groups) for member in members}
    matches: list[list[matching.Match]] = [[] for _ in groups]
    for match in clustering.matches:
        matches[cluster_of[match.a]].append(match)
    order = sorted(range(len(groups)), key=lambda n: -max(m.weight for m in matches[n]))
    shown = order[:limit]
    related = [
        m
        for m in sorted(clustering.related, key=lambda m: -m.weight)
        if group_of[m.a] is None or group_of[m.a] != group_of[m.b]
    ]
    wanted = {pk for n in shown for pk in groups[n]}
    wanted.update(pk for m in related[:limit] for pk in (m.a, m.b))
    companies: dict[Any, Company] = Company.objects.in_bulk(wanted)
    clusters = [
        DuplicateCluster(
            [companies[pk] for pk in groups[n]],
            [
                MatchedPair(companies[m.a], companies[m.b], m)
                for m in sorted(matches[n], key=lambda m: -m.weight)
            ],
        )
        for n in shown
    ]
    pairs = [MatchedPair(companies[m.a], companies[m.b], m) for m in related[:limit]]
    return DuplicateReview(clusters, len(groups), pairs, len(related))


def duplicate_clusters(*, team: Team, limit: int = 50) -> tuple[list[DuplicateCluster], int]:
    """The team's clusters of likely duplicates, strongest first, and how many there are."""
    review = duplicate_review(team=team, limit=limit)
    return review.clusters, review.total


def company_group_members(*, company: Company) -> list[Company]:
    """The companies related to `company` (its group), by name (one query)."""
    if company.group_id is None:
        return []
    return list(Company.objects.filter(group_id=company.group_id).exclude(pk=company.pk))


def company_relations() -> list[models.ForeignObjectRel]:
    """Every relation that points at Company, including hidden ones ('+').

    Found by introspection, so that models added later (cases, introductions,
    touchpoints …) are counted and re-linked in a merge without changing it.
    Many-to-many relations appear through their link table.
    """
    relations = []
    for relation in Company._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if isinstance(relation, models.ManyToManyRel):
            continue  # moved through the link table's own foreign key
        if isinstance(relation, models.ForeignObjectRel):
            relations.append(relation)
    return relations


def company_related_counts(*, company: Company) -> list[tuple[str, int]]:
    """What points at a company, by model, for the merge page (one query per relation)."""
    counts: dict[str, int] = {}
    for relation in company_relations():
        model = relation.related_model
        if model in (MatchKey, DistinctCompanies) or model._meta.auto_created:  # type: ignore[union-attr]
            continue
        count = model._base_manager.filter(**{relation.field.name: company}).count()  # type: ignore[union-attr]
        if count:
            label = str(model._meta.verbose_name_plural)  # type: ignore[union-attr]
            counts[label] = counts.get(label, 0) + count
    return sorted(counts.items())


def company_merges(*, company: Company) -> QuerySet[CompanyMerge]:
    """The merges that flowed into a company, newest first."""
    return company.merges.select_related("merged_by")


# ------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------
def import_jobs_for_team(*, team: Team) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(team=team).select_related("created_by").defer("report", "preview")
    )


def import_job_get(*, team: Team, pk: int) -> ImportJob:
    """One of the team's imports, or 404."""
    return get_object_or_404(ImportJob.objects.filter(team=team), pk=pk)


# ------------------------------------------------------------------------------
# Type-ahead pickers: a fixed number of queries, the team's rows only
# ------------------------------------------------------------------------------
SUGGESTION_LIMIT = 20


def _words_match(words: list[str], *columns: str, postal: str | None = None) -> Q:
    """Every word matches one of the folded columns (or the postal code's start)."""
    condition = Q()
    for word in words:
        any_column = Q()
        for column in columns:
            any_column |= Q(**{f"{column}__contains": word})
        if postal and word.isdigit():
            any_column |= Q(**{f"{postal}__startswith": word})
        condition &= any_column
    return condition


def company_suggestions(*, team: Team, term: str, limit: int = SUGGESTION_LIMIT) -> list[Company]:
    """The team's companies whose name, town or postal code match what was typed."""
    words = search.search_words(term)
    if not words or (len("".join(words)) < 2 and not words[0].isdigit()):
        return []
    return list(
        Company.objects.filter(team=team)
        .filter(_words_match(words, "search_name", "search_city", postal="postal_code"))
        .only("id", "legal_name", "legal_form", "postal_code", "city")
        .order_by("legal_name", "id")[:limit]
    )


def partner_suggestions(
    *, team: Team, term: str, limit: int = SUGGESTION_LIMIT
) -> list[NetworkPartner]:
    """The team's partners whose organisation, person or town match what was typed."""
    words = search.search_words(term)
    if not words or (len("".join(words)) < 2 and not words[0].isdigit()):
        return []
    return list(
        NetworkPartner.objects.filter(team=team)
        .annotate(
            search_name=search.folded("name"),
            search_person=search.folded("person_name"),
            search_city=search.folded("city"),
        )
        .filter(
            _words_match(words, "search_name", "search_person", "search_city", postal="postal_code")
        )
        .order_by("name", "id")[:limit]
    )
