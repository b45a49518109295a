"""Who can introduce: suggestions for one company in a network of 10,000 partners.

The network: 10,000 partners (one in ten a partner company with its own company
record), 10,000 companies, 100,000 ties (ten per partner; the target company is
known by 1,000 of them, among them 100 partner companies whose own companies
are known by others: two-step paths), and 20,000 introductions on 2,000 cases.
The figure is `outreach.selectors.introducer_suggestions` in full (three
queries, the ranking and the worded explanations); its floor is the one plain
query that fetches the target's direct ties.
"""

import random
from datetime import timedelta

from bench.common import Result, median_ms

PARTNERS = 10_000
COMPANIES = 10_000
TIES_PER_PARTNER = 10
KNOW_TARGET = 1_000
CASES = 2_000
INTRODUCTIONS = 20_000


def _knows_target(i: int) -> bool:
    return i % (PARTNERS // KNOW_TARGET) == 0


def _is_partner_company(i: int) -> bool:
    # One in ten partners, and one in ten of those that know the target.
    return i % 10 == 5 or i % 100 == 0


def _seed(rng: random.Random):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from companies.models import Company, NetworkPartner, Tie
    from crm.models import AcquisitionCase, Membership, Stage, Team
    from outreach.models import Introduction

    team = Team.objects.create(name="Bench introductions", slug="bench-introductions")
    user = get_user_model().objects.create(username="bench-introductions")
    Membership.objects.create(team=team, user=user)
    companies = Company.objects.bulk_create(
        [
            Company(team=team, legal_name=f"Firma {i}", name_normalized=f"firma {i}")
            for i in range(COMPANIES)
        ],
        batch_size=2000,
    )
    target = companies[0]
    partners = NetworkPartner.objects.bulk_create(
        [
            NetworkPartner(
                team=team,
                kind="partner_company" if _is_partner_company(i) else "association",
                name=f"Partner {i}",
                company=companies[i + 1] if _is_partner_company(i) else None,
            )
            for i in range(PARTNERS)
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    kinds = [k for k, _ in Tie.Kind.choices]
    ties = []
    for i, partner in enumerate(partners):
        chosen = set(rng.sample(range(1, COMPANIES), TIES_PER_PARTNER))
        if _knows_target(i):
            chosen.pop()
            chosen.add(0)
        ties.extend(
            Tie(
                partner=partner,
                company=companies[c],
                kind=rng.choice(kinds),
                strength=rng.randint(1, 5),
                last_interaction=today - timedelta(days=rng.randint(0, 900)),
            )
            for c in chosen
        )
    Tie.objects.bulk_create(ties, batch_size=5000)
    stage = Stage.objects.filter(pipeline__team=team, kind="open").order_by("position").first()
    assert stage is not None
    now = timezone.now()
    cases = AcquisitionCase.objects.bulk_create(
        [
            AcquisitionCase(
                team=team,
                company=companies[i + 1],
                pipeline=stage.pipeline,
                stage=stage,
                owner=user,
                source="own_research",
                opened_at=now,
                stage_entered_at=now,
                furthest_stage=stage,
            )
            for i in range(CASES)
        ],
        batch_size=2000,
    )
    outcomes = ["meeting_agreed", "declined", "pending"]
    Introduction.objects.bulk_create(
        [
            Introduction(
                case=rng.choice(cases),
                introducer=rng.choice(partners),
                date=today - timedelta(days=rng.randint(0, 700)),
                outcome=rng.choice(outcomes),
                requested=rng.random() < 0.1,
            )
            for _ in range(INTRODUCTIONS)
        ],
        batch_size=5000,
    )
    target_case = AcquisitionCase.objects.create(
        team=team,
        company=target,
        pipeline=stage.pipeline,
        stage=stage,
        owner=user,
        source="own_research",
        opened_at=now,
        stage_entered_at=now,
        furthest_stage=stage,
    )
    return target_case, len(ties)


def run() -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from companies.models import Tie
    from outreach import selectors

    rng = random.Random(4)
    case, tie_count = _seed(rng)

    with CaptureQueriesContext(connection) as queries:
        suggestions = selectors.introducer_suggestions(case=case)
    assert len(suggestions) == selectors.SUGGESTION_LIMIT

    def suggest() -> None:
        selectors.introducer_suggestions(case=case)

    def floor() -> None:
        list(
            Tie.objects.filter(company_id=case.company_id).values_list(
                "partner_id", "company_id", "kind", "strength", "last_interaction"
            )
        )

    return [
        Result(
            f"suggestions ({len(queries.captured_queries)} queries)",
            PARTNERS,
            median_ms(suggest, repeat=11),
            median_ms(floor, repeat=11),
            "direct ties query",
            f"{tie_count} ties",
        )
    ]
