"""Benefits fixtures: the issue's two companies in the team, with needs profiles."""

import pytest

from companies.models import Company
from tests.factories import CompanyFactory, NeedsProfileFactory


@pytest.fixture
def metal(team) -> Company:
    """A 30-person metal works with shift work in a rural district."""
    return CompanyFactory(
        team=team,
        legal_name="Metallbau Krause",
        street="Am Hafen 3",
        postal_code="04860",
        city="Torgau",
        district="Landkreis Nordsachsen",
        sector_section="C",
        sector_division="25",
        size_class="small",
        employees=30,
    )


@pytest.fixture
def it_company(team) -> Company:
    """A 120-person IT firm in the city with many young parents."""
    return CompanyFactory(
        team=team,
        legal_name="Datenwerk Software",
        street="Karl-Liebknecht-Straße 10",
        postal_code="04107",
        city="Leipzig",
        district="Stadt Leipzig",
        sector_section="K",
        sector_division="62",
        size_class="medium",
        employees=120,
    )


@pytest.fixture
def metal_profile(metal, staff):
    return NeedsProfileFactory(
        company=metal, by=staff.user, challenges=["shift_work", "skilled_staff", "rural"]
    )


@pytest.fixture
def it_profile(it_company, staff):
    return NeedsProfileFactory(
        company=it_company,
        by=staff.user,
        challenges=["young_parents", "returners", "growth"],
        share_women=35,
        share_part_time=20,
    )
