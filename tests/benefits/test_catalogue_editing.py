"""Team leads maintain their catalogue on its own page: measures and sourced arguments."""

import pytest
from django.urls import reverse

from benefits import services
from benefits.models import BenefitArgument, Measure


def _measure_post(**overrides):
    data = {
        "code": "eltern-kind-buero",
        "name_de": "Eltern-Kind-Büro",
        "name_en": "parent-child office",
        "description_de": "Ein Büro, in dem Eltern mit Kind arbeiten können.",
        "description_en": "An office where parents can work with their child.",
        "effort": "low",
        "cost_band": "low",
        "needs": ["young_parents"],
        "size_classes": ["small", "medium"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _argument_post(measure_ids=(), **overrides):
    data = {
        "code": "eltern-kind-buero-bindung",
        "claim_de": "Eltern kommen schneller aus der Elternzeit zurück.",
        "claim_en": "Parents return from parental leave sooner.",
        "evidence_de": "Ein Drittel kehrt früher zurück.",
        "evidence_en": "A third return earlier.",
        "figure": "33 %",
        "source": "Studie Muster",
        "source_title": "Eltern im Betrieb",
        "source_url": "",
        "year": "2023",
        "evidence_kind": "survey",
        "region": "",
        "needs": ["returners"],
        "measures": [str(pk) for pk in measure_ids],
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def effort_values():
    field = Measure._meta.get_field("effort")
    cost = Measure._meta.get_field("cost_band")
    return field.choices[0][0], cost.choices[0][0]


def test_a_lead_adds_a_measure_and_an_argument_for_it(lead_client, team, effort_values):
    effort, cost = effort_values
    response = lead_client.post(
        reverse("benefits:measure_create"), _measure_post(effort=effort, cost_band=cost)
    )
    assert response.status_code == 302
    measure = Measure.objects.get(team=team, code="eltern-kind-buero")
    assert measure.size_classes == ["small", "medium"]

    response = lead_client.post(
        reverse("benefits:argument_create"), _argument_post(measure_ids=[measure.pk])
    )
    assert response.status_code == 302
    argument = BenefitArgument.objects.get(team=team, code="eltern-kind-buero-bindung")
    assert list(argument.measures.all()) == [measure]
    page = lead_client.get(reverse("benefits:catalogue")).content.decode()
    assert f'data-testid="argument-{argument.pk}"' in page
    assert f'data-testid="measure-{measure.pk}"' in page


def test_an_argument_without_a_source_is_refused_at_the_field(lead_client, team):
    response = lead_client.post(
        reverse("benefits:argument_create"),
        _argument_post(source=""),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert not BenefitArgument.objects.filter(code="eltern-kind-buero-bindung").exists()


def test_a_code_taken_in_the_team_is_refused_at_the_field(lead_client, team, effort_values):
    effort, cost = effort_values
    taken = Measure.objects.filter(team=team).first()
    response = lead_client.post(
        reverse("benefits:measure_create"),
        _measure_post(code=taken.code, effort=effort, cost_band=cost),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [str(services.CATALOGUE_CODE_TAKEN)]


def test_a_lead_switches_an_argument_off_and_staff_no_longer_see_it(
    lead_client, staff_client, team
):
    argument = BenefitArgument.objects.filter(team=team, is_active=True).first()
    data = _argument_post(
        code=argument.code,
        measure_ids=argument.measures.values_list("pk", flat=True),
        is_active="",
    )
    response = lead_client.post(reverse("benefits:argument_update", args=[argument.pk]), data)
    assert response.status_code == 302
    argument.refresh_from_db()
    assert argument.is_active is False
    marker = f'data-testid="argument-{argument.pk}"'
    assert marker in lead_client.get(reverse("benefits:catalogue")).content.decode()
    assert marker not in staff_client.get(reverse("benefits:catalogue")).content.decode()


def test_staff_cannot_edit_the_catalogue(staff_client, team):
    measure = Measure.objects.filter(team=team).first()
    assert staff_client.get(reverse("benefits:measure_create")).status_code == 403
    response = staff_client.post(
        reverse("benefits:measure_update", args=[measure.pk]), _measure_post(code=measure.code)
    )
    assert response.status_code == 403
    assert Measure.objects.get(pk=measure.pk).name_de == measure.name_de


def test_another_teams_entries_answer_404_and_its_measures_cannot_be_linked(
    lead_client, other_team, team
):
    foreign_measure = Measure.objects.filter(team=other_team).first()
    foreign_argument = BenefitArgument.objects.filter(team=other_team).first()
    assert (
        lead_client.get(reverse("benefits:measure_update", args=[foreign_measure.pk])).status_code
        == 404
    )
    assert (
        lead_client.post(
            reverse("benefits:argument_update", args=[foreign_argument.pk]), _argument_post()
        ).status_code
        == 404
    )
    response = lead_client.post(
        reverse("benefits:argument_create"), _argument_post(measure_ids=[foreign_measure.pk])
    )
    assert response.status_code == 200
    assert "measures" in response.context["form"].errors
    assert not BenefitArgument.objects.filter(team=team, code="eltern-kind-buero-bindung").exists()
