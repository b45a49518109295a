"""The pipeline board and case list at 100 and 5,000 open cases, against plain queries.

Each page is timed in full (middleware, filters, template) through the test
client; its floor is one plain query fetching as many case rows, with their
company and owner, as the page shows. The query count of each page is printed
in its name: it must be the same at both sizes.
"""

import random
from datetime import timedelta

from bench.common import Result, median_ms

SIZES = (100, 5000)


def _seed(size: int, users: list, rng: random.Random):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from companies.matching import normalize_name
    from companies.models import Company
    from crm.models import AcquisitionCase, Membership, Stage, Team

    team = Team.objects.create(name=f"Bench pipeline {size}", slug=f"bench-pipeline-{size}")
    for user in users:
        Membership.objects.create(team=team, user=user)
    districts = ("Stadt Leipzig", "Landkreis Leipzig", "Landkreis Nordsachsen")
    companies = Company.objects.bulk_create(
        [
            Company(
                team=team,
                legal_name=f"Metallbau Müller {i}",
                name_normalized=normalize_name(f"Metallbau Müller {i}"),
                postal_code="04109",
                city="Leipzig",
                district=districts[i % 3],
                sector_section="C",
                sector_division="25",
                size_class="small",
            )
            for i in range(size)
        ],
        batch_size=1000,
    )
    stages = list(
        Stage.objects.filter(pipeline__team=team, kind__in=["open", "paused"]).order_by("position")
    )
    now = timezone.now()
    today = timezone.localdate()
    sources = ("referral", "introduction", "event", "inbound", "own_research", "cold_list")
    cases = []
    for i, company in enumerate(companies):
        stage = stages[i % len(stages)]
        entered = now - timedelta(days=rng.randint(0, 60))
        cases.append(
            AcquisitionCase(
                team=team,
                company=company,
                pipeline=stage.pipeline,
                stage=stage,
                furthest_stage=stage,
                owner=users[i % len(users)],
                source=sources[i % len(sources)],
                next_step="Termin vereinbaren" if i % 4 else "",
                next_step_due=today + timedelta(days=rng.randint(-10, 30)) if i % 4 else None,
                opened_at=entered - timedelta(days=10),
                stage_entered_at=entered,
                paused_until=today + timedelta(days=20) if stage.kind == "paused" else None,
            )
        )
    AcquisitionCase.objects.bulk_create(cases, batch_size=1000)
    return team


def run() -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from crm.models import AcquisitionCase, Membership

    rng = random.Random(2026)
    user_model = get_user_model()
    users = [
        user_model.objects.create_user(name, password="bench-password-1", first_name=name.title())
        for name in ("anna-bench", "ben-bench", "lea-bench")
    ]
    client = Client()
    client.force_login(users[0])

    results = []
    for size in SIZES:
        Membership.objects.filter(user__in=users).delete()
        team = _seed(size, users, rng)

        def pages(url: str) -> tuple[int, int]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            return len(queries.captured_queries), response.content.count(
                b'<article class="case-card'
            )

        board_queries, cards = pages("/pipeline/")
        list_queries, _ = pages("/pipeline/cases/")

        def board() -> None:
            assert client.get("/pipeline/").status_code == 200

        def case_list() -> None:
            assert client.get("/pipeline/cases/").status_code == 200

        def rows(limit: int, team=team) -> None:  # type: ignore[no-untyped-def]
            """One plain query: as many open cases, with company, owner and stage."""
            list(
                AcquisitionCase.objects.filter(team=team, closed_at__isnull=True)
                .select_related("company", "owner", "stage")
                .order_by("stage_id", "next_step_due")[:limit]
            )

        results.append(
            Result(
                f"pipeline board ({board_queries} queries)",
                size,
                median_ms(board),
                median_ms(lambda cards=cards: rows(cards)),
                f"plain query, {cards} rows",
            )
        )
        results.append(
            Result(
                f"case list ({list_queries} queries)",
                size,
                median_ms(case_list),
                median_ms(lambda: rows(25)),
                "plain query, 25 rows",
            )
        )
    return results
