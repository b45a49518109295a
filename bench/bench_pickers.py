"""The type-ahead pickers (issue 15) at 20,000 companies, against the plain query.

The picker folds case, umlaut spelling and accents on the column side, so it
cannot use a plain b-tree index; the floor is the plain case-insensitive
substring query of the same term on the unfolded name (what a search without
folding costs). Run on PostgreSQL for the issue's figure:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \
        .venv/bin/python -m bench bench_pickers
"""

from bench.common import Result, median_ms

SIZE = 20_000
TERMS = ("baeckerei", "müller leip", "0410", "autohaus")


def run() -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.german_companies import DEV_SEEDS, generate
    from companies.matching import normalize_name
    from companies.models import Company
    from companies.search import search_words
    from crm.models import Membership, Team

    user = get_user_model().objects.create_user("bench-picker", password="bench-password-1")
    team = Team.objects.create(name="Bench pickers", slug="bench-pickers")
    Membership.objects.create(team=team, user=user)
    Company.objects.bulk_create(
        [
            Company(
                team=team,
                legal_name=row.record.name[:200],
                name_normalized=normalize_name(row.record.name)[:200],
                street=row.record.street[:200],
                postal_code=row.record.postal_code[:5],
                city=row.record.city[:100],
            )
            for row in generate(SIZE, seed=DEV_SEEDS[0])
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as after a nightly vacuum
    client = Client()
    client.force_login(user)

    results = []
    for term in TERMS:

        def picker(term: str = term) -> None:
            response = client.get("/companies/suggest/", {"q": term})
            assert response.status_code == 200

        def floor(term: str = term) -> None:
            query = Company.objects.filter(team=team)
            for word in search_words(term):
                query = query.filter(legal_name__icontains=word)
            list(query.only("id", "legal_name").order_by("legal_name", "id")[:20])

        results.append(
            Result(
                f"picker /companies/suggest/ {term!r}",
                SIZE,
                median_ms(picker),
                median_ms(floor),
                f"plain icontains, {connection.vendor}",
            )
        )
    return results
