"""The reports as JSON: the pages' filters and figures, the pages' role checks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AcquisitionCaseFactory, CompanyFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/reports"


@pytest.fixture
def cases(team, staff, lead):
    zwickau = CompanyFactory(team=team, district="Zwickau")
    chemnitz = CompanyFactory(team=team, district="Chemnitz")
    return [
        AcquisitionCaseFactory(team=team, company=zwickau, owner=staff.user),
        AcquisitionCaseFactory(team=team, company=chemnitz, owner=lead.user),
        AcquisitionCaseFactory(team=team, company=CompanyFactory(team=team), owner=lead.user),
    ]


def test_the_funnel_counts_the_teams_cases_with_the_pages_filters(cases, lead_api):
    body = lead_api.get(f"{API}/funnel/").json()
    assert body["counts"]["opened"] == 3
    assert body["steps"][0]["reached"] == 3
    assert body["steps"][0]["stage"]["name"]
    narrowed = lead_api.get(f"{API}/funnel/?district=Zwickau").json()
    assert narrowed["counts"]["opened"] == 1
    assert narrowed["filters"]["district"] == "Zwickau"


def test_staff_see_the_funnel_of_their_own_cases_only(cases, staff, lead, staff_api):
    body = staff_api.get(f"{API}/funnel/?owner={lead.user.pk}").json()
    assert body["counts"]["opened"] == 1
    assert body["filters"]["owner"] == staff.user.pk


@pytest.mark.parametrize("report", ["sources", "people"])
def test_sources_and_people_are_for_leads_as_on_the_pages(cases, report, staff_api, lead_api):
    assert staff_api.get(f"{API}/{report}/").status_code == 403
    assert lead_api.get(f"{API}/{report}/").status_code == 200


def test_the_people_report_has_a_row_per_owner(cases, staff, lead, lead_api):
    body = lead_api.get(f"{API}/people/").json()
    opened = {row["key"]: row["counts"]["opened"] for row in body["rows"]}
    assert opened == {lead.user.pk: 2, staff.user.pk: 1}
    assert body["total"]["opened"] == 3


def test_the_sources_report_splits_by_source_warmth_and_preparation(cases, lead_api):
    body = lead_api.get(f"{API}/sources/").json()
    assert body["total"]["opened"] == 3
    assert sum(row["counts"]["opened"] for row in body["by_source"]) == 3
    assert {row["key"] for row in body["by_warmth"]} == {"warm", "cold"}
    assert len(body["by_preparation"]) == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=gestern", "start"),
        ("start=2026-05-01&end=2026-01-01", "end"),
        ("pipeline=999999", "pipeline"),
        ("district=Atlantis", "district"),
        ("source=Zufall", "source"),
        ("owner=abc", "owner"),
        ("start=", "start"),
        ("district=", "district"),
    ],
)
def test_invalid_filters_answer_400_with_the_field(cases, lead_api, query, field):
    response = lead_api.get(f"{API}/funnel/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_another_teams_pipeline_or_owner_is_a_field_error(team, other_team, cases, other_lead_api):
    from crm.models import Pipeline

    pipeline = Pipeline.objects.filter(team=team).first()
    response = other_lead_api.get(f"{API}/funnel/?pipeline={pipeline.pk}")
    assert response.status_code == 400
    assert "pipeline" in response.json()
    owner = cases[0].owner_id
    assert "owner" in other_lead_api.get(f"{API}/people/?owner={owner}").json()


def test_another_team_counts_none_of_these_cases(cases, other_lead_api):
    body = other_lead_api.get(f"{API}/funnel/").json()
    assert body["counts"]["opened"] == 0


def test_the_report_queries_do_not_grow_with_the_cases(team, cases, lead_api):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert lead_api.get(f"{API}/people/").status_code == 200
        return len(queries)

    count()  # the token's first use of the day is written once
    before = count()
    for _ in range(3):
        AcquisitionCaseFactory(team=team, company=CompanyFactory(team=team))
    assert count() == before
