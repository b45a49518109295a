"""The API's rules mirror the pages': team isolation, 409/422 refusals, bad input as 4xx."""

from datetime import timedelta

import pytest
from django.utils import timezone

from benefits.models import BenefitStatement
from companies.models import Company
from crm.models import AcquisitionCase, Stage
from outreach.models import Channel, Touchpoint
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    IntroductionFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    OutreachFlagFactory,
    TieFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def world(team, staff):
    company = CompanyFactory(team=team, legal_name="Metallbau Schulze")
    contact = ContactFactory(company=company)
    partner = NetworkPartnerFactory(team=team)
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user)
    return {
        "companies": company,
        "contacts": contact,
        "partners": partner,
        "ties": TieFactory(partner=partner, company=company),
        "cases": case,
        "stages": case.stage,
        "introductions": IntroductionFactory(case=case, introducer=partner),
        "touchpoints": TouchpointFactory(company=company, case=case),
        "flags": OutreachFlagFactory(team=team, company=company),
        "needs-profiles": NeedsProfileFactory(company=company),
        "statements": BenefitStatement.objects.create(
            team=team, company=company, text="Text", status="draft"
        ),
    }


RESOURCES = [
    "companies",
    "contacts",
    "partners",
    "ties",
    "cases",
    "stages",
    "introductions",
    "touchpoints",
    "flags",
    "needs-profiles",
    "statements",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_resource_lists_and_shows_the_own_team_and_hides_the_other(
    resource, world, lead_api, other_lead_api
):
    record = world[resource]
    listed = lead_api.get(f"{API}/{resource}/")
    assert listed.status_code == 200
    assert record.pk in [row["id"] for row in listed.json()["results"]]
    assert lead_api.get(f"{API}/{resource}/{record.pk}/").status_code == 200
    assert other_lead_api.get(f"{API}/{resource}/{record.pk}/").status_code == 404
    foreign = other_lead_api.get(f"{API}/{resource}/").json()["results"]
    assert record.pk not in [row["id"] for row in foreign]


def test_the_list_is_paged_by_cursor(team, lead_api):
    CompanyFactory.create_batch(3, team=team)
    first = lead_api.get(f"{API}/companies/?page_size=2").json()
    assert len(first["results"]) == 2
    rest = lead_api.get(first["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None


def test_the_pages_filters_apply_and_invalid_ones_answer_400(team, lead_api):
    CompanyFactory(team=team, legal_name="Bäckerei Sonnenschein", district="Zwickau")
    CompanyFactory(team=team, legal_name="Metallbau Nord", district="Chemnitz")
    response = lead_api.get(f"{API}/companies/?district=Zwickau")
    assert [row["legal_name"] for row in response.json()["results"]] == ["Bäckerei Sonnenschein"]
    bad = lead_api.get(f"{API}/companies/?district=Atlantis")
    assert bad.status_code == 400
    assert "district" in bad.json()


def test_a_case_shows_its_stage_history(world, lead_api):
    case = world["cases"]
    body = lead_api.get(f"{API}/cases/{case.pk}/").json()
    assert [row["to_stage"] for row in body["stage_history"]] == [case.stage_id]


def _stage(team, name_de):
    return Stage.objects.get(pipeline__team=team, name_de=name_de)


def test_a_move_advances_the_case_with_its_version(team, world, staff_api):
    case = world["cases"]
    to = Stage.objects.filter(pipeline=case.pipeline, kind=Stage.Kind.OPEN, requirements=[])
    to = to.exclude(pk=case.stage_id).order_by("position").first()
    response = staff_api.post(
        f"{API}/cases/{case.pk}/move/", {"to": to.pk}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == to.pk
    assert response.json()["version"] == 2
    assert len(response.json()["stage_history"]) == 2


def test_a_stale_version_answers_409(world, staff_api):
    case = world["cases"]
    to = Stage.objects.filter(pipeline=case.pipeline, kind=Stage.Kind.PAUSED).first()
    AcquisitionCase.objects.filter(pk=case.pk).update(version=5)
    response = staff_api.post(
        f"{API}/cases/{case.pk}/move/",
        {"to": to.pk, "version": 4, "paused_until": str(timezone.localdate() + timedelta(9))},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["non_field_errors"]


def test_an_unmet_stage_requirement_answers_409_with_the_requirement(team, world, staff_api):
    case = world["cases"]
    case.introductions.all().delete()
    to = _stage(team, "Vorgestellt")
    response = staff_api.post(
        f"{API}/cases/{case.pk}/move/", {"to": to.pk, "version": 1}, format="json"
    )
    assert response.status_code == 409
    message = response.json()["non_field_errors"][0]
    assert "Vorgestellt" in message
    assert AcquisitionCase.objects.get(pk=case.pk).stage_id == case.stage_id


def test_another_teams_stage_id_is_a_field_error(other_team, world, staff_api):
    foreign = Stage.objects.filter(pipeline__team=other_team).first()
    response = staff_api.post(
        f"{API}/cases/{world['cases'].pk}/move/", {"to": foreign.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["to"]


def test_a_blocked_touchpoint_answers_422_with_the_findings(world, staff_api):
    case = world["cases"]
    contact = world["contacts"]
    response = staff_api.post(
        f"{API}/touchpoints/",
        {
            "case": case.pk,
            "contact": contact.pk,
            "channel": Channel.EMAIL,
            "occurred_on": str(timezone.localdate()),
            "override_reason": "eilig",
        },
        format="json",
    )
    assert response.status_code == 422
    findings = response.json()["findings"]
    assert any(f["blocks"] for f in findings)
    assert {"rule", "explanation", "evidence"} <= set(findings[0])
    assert Touchpoint.objects.filter(contact=contact).count() == 0


def test_creating_a_company_goes_through_the_service_once_per_idempotency_key(team, lead_api):
    body = {"legal_name": "Tischlerei Holzwurm", "city": "Zwickau", "postal_code": "08056"}
    first = lead_api.post(f"{API}/companies/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = lead_api.post(f"{API}/companies/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json() == first.json()
    company = Company.objects.get(team=team, legal_name="Tischlerei Holzwurm")
    assert company.name_normalized  # derived by the service


def test_a_duplicate_company_answers_409(team, lead_api):
    CompanyFactory(team=team, legal_name="Tischlerei Holzwurm GmbH", city="Zwickau")
    body = {"legal_name": "Tischlerei Holzwurm", "city": "Zwickau"}
    response = lead_api.post(f"{API}/companies/", body, format="json")
    assert response.status_code == 409
    assert Company.objects.filter(team=team).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"legal_name": ', "detail"),
        ('{"legal_name": "A", "colour": "rot"}', "colour"),
        ('{"legal_name": "A", "employees": "viele"}', "employees"),
        ('{"legal_name": "A", "distinct_from": [999999]}', "distinct_from"),
        ("[1, 2]", "non_field_errors"),
    ],
)
def test_bad_input_answers_400_with_the_field(lead_api, body, field):
    response = lead_api.post(f"{API}/companies/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_errors_speak_the_requests_language(lead_api):
    body = '{"legal_name": "A", "employees": "viele"}'
    german = lead_api.post(
        f"{API}/companies/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="de"
    )
    english = lead_api.post(
        f"{API}/companies/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert german.json()["employees"] != english.json()["employees"]


def test_a_huge_payload_is_refused(lead_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"legal_name": "' + "A" * 5000 + '"}'
    response = lead_api.post(f"{API}/companies/", body, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_acknowledging_a_flag_is_for_leads(world, staff_api, lead_api):
    flag = world["flags"]
    url = f"{API}/flags/{flag.pk}/acknowledge/"
    assert staff_api.post(url, {"note": "ok"}, format="json").status_code == 403
    response = lead_api.post(url, {"note": "Im Gespräch abgestimmt"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "acknowledged"


def test_the_schema_and_docs_load_without_a_cdn(lead_client):
    schema = lead_client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    docs = lead_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"<script>" not in docs.content


@pytest.mark.parametrize("query", ["page_size=0", "page_size=abc", "page_size=1000", "district="])
def test_an_invalid_page_size_or_an_empty_filter_answers_400(lead_api, query):
    response = lead_api.get(f"{API}/companies/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1"])
def test_an_id_that_is_no_id_answers_a_json_404(lead_api, pk):
    response = lead_api.get(f"{API}/companies/{pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
