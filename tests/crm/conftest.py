"""Pipeline fixtures: a case owned by anna, stages by name, a temporary requirement."""

from collections.abc import Callable

import pytest

from crm import requirements
from crm.models import AcquisitionCase, LostReason, Stage, Team
from tests.factories import AcquisitionCaseFactory


@pytest.fixture(autouse=True)
def requirements_isolated(monkeypatch):
    """The pipeline's own tests see only the requirements they register themselves.

    Other apps register their checks (a needs profile before "Vorbereitet" …) at
    start-up; these tests are about the pipeline's rules, and register a
    temporary requirement where the mechanism is the point.
    """
    monkeypatch.setattr(requirements, "_REGISTRY", {})


@pytest.fixture
def stage(team) -> Callable[[str], Stage]:
    """The team's default stage with this German name."""

    def get(name_de: str, team: Team = team) -> Stage:
        return Stage.objects.get(pipeline__team=team, name_de=name_de)

    return get


@pytest.fixture
def reason(team) -> LostReason:
    return LostReason.objects.filter(team=team).order_by("position").first()


@pytest.fixture
def case(team, staff) -> AcquisitionCase:
    return AcquisitionCaseFactory(
        team=team, owner=staff.user, company__legal_name="Metallbau Schulze"
    )


@pytest.fixture
def introduction_check():
    """Register a check for the "introduction" code (as the outreach app will).

    Yields a dict: set ``state["met"] = True`` to satisfy the check.
    """
    state = {"met": False, "seen": []}

    def check(case):
        state["seen"].append(case)
        return None if state["met"] else "Record the introduction first."

    requirements.register(code="introduction", label="An introduction is recorded", check=check)
    yield state
    requirements.unregister("introduction")
