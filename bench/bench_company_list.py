"""The company list page at 100 and 5,000 companies, against the bare page query."""

from bench.common import Result, median_ms


def run() -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from companies.matching import normalize_name
    from companies.models import Company
    from crm.models import Membership, Team

    results = []
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    for size in (100, 5000):
        team = Team.objects.create(name=f"Bench {size}", slug=f"bench-{size}")
        Membership.objects.filter(user=user).delete()
        Membership.objects.create(team=team, user=user)
        Company.objects.bulk_create(
            [
                Company(
                    team=team,
                    legal_name=f"Metallbau Müller {i}",
                    name_normalized=normalize_name(f"Metallbau Müller {i}"),
                    postal_code="04109",
                    city="Leipzig",
                    district=("Leipzig", "Nordsachsen", "Zwickau")[i % 3],
                    sector_section="C",
                    sector_division="25",
                    size_class="small",
                )
                for i in range(size)
            ],
            batch_size=1000,
        )
        client = Client()
        client.force_login(user)

        def page(client: Client = client) -> None:
            assert client.get("/companies/?q=metall").status_code == 200

        def floor(team: Team = team) -> None:
            list(
                Company.objects.filter(team=team, legal_name__icontains="metall").order_by(
                    "legal_name"
                )[:25]
            )

        results.append(
            Result(
                "company list page (search)",
                size,
                median_ms(page),
                median_ms(floor),
                "plain page query",
            )
        )
    return results
