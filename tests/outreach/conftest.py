"""Outreach fixtures: a case owned by anna, and the team's stages by German name."""

from collections.abc import Callable

import pytest

from crm.models import AcquisitionCase, Stage, Team
from tests.factories import AcquisitionCaseFactory


@pytest.fixture
def stage(team) -> Callable[[str], Stage]:
    def get(name_de: str, team: Team = team) -> Stage:
        return Stage.objects.get(pipeline__team=team, name_de=name_de)

    return get


@pytest.fixture
def case(team, staff) -> AcquisitionCase:
    return AcquisitionCaseFactory(
        team=team, owner=staff.user, company__legal_name="Metallbau Schulze"
    )
