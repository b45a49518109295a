"""Selectors the filter forms use on every page."""

import pytest

from companies.models import Company
from companies.selectors import company_districts
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_districts_are_the_teams_own_each_once_in_the_databases_order(
    team, other_team, django_assert_max_num_queries
):
    for district in [
        "Zwickau",
        "Erzgebirgskreis",
        "",
        "Zwickau",
        "Leipzig",
        "Ärztekreis",
        "Bautzen",
    ]:
        CompanyFactory(team=team, district=district)
    CompanyFactory(team=other_team, district="Görlitz")

    with django_assert_max_num_queries(1):
        found = company_districts(team=team)

    # The same list a plain DISTINCT gives, in the database's collation.
    plain = list(
        Company.objects.filter(team=team)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    assert found == plain
    assert set(found) == {"Zwickau", "Erzgebirgskreis", "Leipzig", "Ärztekreis", "Bautzen"}


def test_a_team_without_districts_has_none(team):
    CompanyFactory(team=team, district="")
    assert company_districts(team=team) == []
