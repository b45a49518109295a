"""The duplicate check's trigram look-up (pg_trgm, companies 0008) on PostgreSQL."""

import pytest
from django.db import connection

from companies import matching, selectors, services
from companies.models import Company

# Misspelt in both words and written without postal code or town: it shares no
# blocking key with "Metallbau Schulze GmbH, 04229 Leipzig", only its street.
MISSPELT = {"legal_name": "Metallbao Schulke GmbH", "street": "Gießerstraße 12"}


@pytest.fixture
def schulze(team):
    return services.company_create(
        team=team,
        by=None,
        legal_name="Metallbau Schulze",
        legal_form="GmbH",
        street="Gießerstraße 12",
        postal_code="04229",
        city="Leipzig",
    )


@pytest.mark.django_db
def test_a_name_misspelt_in_every_word_shares_no_key(schulze, team):
    typed = Company(team=team, **MISSPELT)
    keys = matching.prepare(selectors.company_record(typed)).keys
    assert not keys & set(schulze.match_keys.values_list("key", flat=True))


@pytest.mark.services
@pytest.mark.django_db
def test_postgresql_finds_a_name_misspelt_in_every_word_by_its_trigrams(schulze, team, other_team):
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://…"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'company_name_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    services.company_create(team=other_team, by=None, **MISSPELT)  # another team's: never

    found = selectors.company_duplicate_candidates(
        team=team, company=Company(team=team, **MISSPELT)
    )

    assert [candidate.company for candidate in found] == [schulze]
