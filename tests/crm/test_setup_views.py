"""Pipeline setup by a team lead: stages and lost reasons on the app's own pages."""

import pytest
from django.urls import reverse

from crm import requirements, services
from crm.models import AcquisitionCase, LostReason, Membership, Pipeline, Stage
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def pipeline(team) -> Pipeline:
    return Pipeline.objects.get(team=team)


@pytest.fixture
def needs_check():
    requirements.register(code="zz_profile", label="A profile exists", check=lambda case: None)
    yield
    requirements.unregister("zz_profile")


def test_the_setup_page_lists_stages_and_lost_reasons(lead_client, pipeline, reason):
    page = lead_client.get(reverse("pipeline_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    for stage in pipeline.stages.all():
        assert f'data-testid="stage-row-{stage.pk}"' in html
    assert f'data-testid="lost-reason-{reason.pk}"' in html


def test_the_user_menu_links_the_setup_for_leads_only(lead_client, staff_client):
    assert reverse("pipeline_setup") in lead_client.get(reverse("home")).content.decode()
    assert reverse("pipeline_setup") not in staff_client.get(reverse("home")).content.decode()


def test_staff_cannot_open_or_post_the_setup(staff_client, stage, reason):
    target = stage("Angebot")
    assert staff_client.get(reverse("pipeline_setup")).status_code == 403
    response = staff_client.post(
        reverse("stage_update", args=[target.pk]), {"name_de": "X", "name_en": "X"}
    )
    assert response.status_code == 403
    assert Stage.objects.get(pk=target.pk).name_de == "Angebot"
    assert staff_client.post(reverse("pipeline_setup"), {"name_de": "Neu"}).status_code == 403
    assert not LostReason.objects.filter(name_de="Neu").exists()


def test_another_teams_stage_and_reason_answer_404(lead_client, other_team):
    other_stage = Stage.objects.filter(pipeline__team=other_team).first()
    other_reason = LostReason.objects.filter(team=other_team).first()
    other_pipeline = Pipeline.objects.get(team=other_team)
    for url in (
        reverse("stage_update", args=[other_stage.pk]),
        reverse("stage_create", args=[other_pipeline.pk]),
        reverse("lost_reason_update", args=[other_reason.pk]),
    ):
        assert lead_client.get(url).status_code == 404
        assert lead_client.post(url, {"name_de": "Gekapert", "name_en": "x"}).status_code == 404
    response = lead_client.post(reverse("stage_remove", args=[other_stage.pk]))
    assert response.status_code == 404
    assert Stage.objects.filter(pk=other_stage.pk, name_de=other_stage.name_de).exists()


def test_a_lead_renames_a_stage_and_sets_its_requirements(lead_client, stage, needs_check):
    target = stage("Im Gespräch")
    response = lead_client.post(
        reverse("stage_update", args=[target.pk]),
        {
            "name_de": "Im Gespräch mit der GF",
            "name_en": "Talking to management",
            "rotting_days": "45",
            "requirements": ["zz_profile"],
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.name_de, target.name_en, target.rotting_days) == (
        "Im Gespräch mit der GF",
        "Talking to management",
        45,
    )
    assert target.requirements == ["zz_profile"]


def test_a_stage_name_taken_in_the_pipeline_is_refused_at_the_field(lead_client, stage):
    target = stage("Im Gespräch")
    response = lead_client.post(
        reverse("stage_update", args=[target.pk]),
        {"name_de": "angebot", "name_en": "Offer"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name_de"] == [str(services.STAGE_NAME_TAKEN)]
    assert Stage.objects.get(pk=target.pk).name_de == "Im Gespräch"


def test_an_unregistered_requirement_is_refused(lead, stage):
    with pytest.raises(services.ValidationError) as refused:
        services.stage_update(
            stage=stage("Angebot"),
            by=lead.user,
            name_de="Angebot",
            name_en="Offer",
            rotting_days=None,
            requirements=["no_such_check"],
        )
    assert "requirements" in refused.value.error_dict


def test_a_requirement_whose_check_is_not_installed_survives_a_save(lead, stage):
    # The pipeline tests see no registered checks; "benefit_statement" stays on "Angebot".
    target = stage("Angebot")
    assert target.requirements
    services.stage_update(
        stage=target,
        by=lead.user,
        name_de="Angebot",
        name_en="Offer",
        rotting_days=30,
        requirements=target.requirements,
    )
    target.refresh_from_db()
    assert target.requirements


def test_an_added_stage_comes_after_the_last_open_one(lead_client, pipeline):
    before = list(pipeline.stages.order_by("position").values_list("name_de", "kind"))
    response = lead_client.post(
        reverse("stage_create", args=[pipeline.pk]),
        {"name_de": "Vertrag", "name_en": "Contract", "rotting_days": "14"},
    )
    assert response.status_code == 302
    after = list(pipeline.stages.order_by("position").values_list("name_de", "kind"))
    open_names = [name for name, kind in after if kind == "open"]
    assert open_names[-1] == "Vertrag"
    assert after[len(open_names) :] == before[len(open_names) - 1 :]
    assert [kind for _name, kind in after[len(open_names) :]] == ["won", "lost", "paused"]


def test_an_unused_open_stage_can_be_removed_a_used_one_cannot(lead_client, stage, case, lead):
    unused = services.stage_add(
        pipeline=case.pipeline,
        by=lead.user,
        name_de="Probe",
        name_en="Trial",
        rotting_days=None,
        requirements=[],
    )
    assert lead_client.post(reverse("stage_remove", args=[unused.pk])).status_code == 302
    assert not Stage.objects.filter(pk=unused.pk).exists()

    used = case.stage
    page = lead_client.post(
        reverse("stage_remove", args=[used.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert str(services.STAGE_IN_USE) in page.content.decode()
    assert Stage.objects.filter(pk=used.pk).exists()
    assert AcquisitionCase.objects.get(pk=case.pk).stage_id == used.pk


def test_terminal_stages_cannot_be_removed(lead, stage):
    with pytest.raises(services.ValidationError) as refused:
        services.stage_remove(stage=stage("Partnerschaft"), by=lead.user)
    assert refused.value.messages == [str(services.STAGE_NOT_OPEN)]


def test_a_lead_adds_renames_and_retires_a_lost_reason(lead_client, team):
    response = lead_client.post(
        reverse("pipeline_setup"), {"name_de": "Fusion", "name_en": "Merger"}
    )
    assert response.status_code == 302
    reason = LostReason.objects.get(team=team, name_de="Fusion")
    assert LostReason.objects.filter(team=team).order_by("position", "id").last() == reason

    response = lead_client.post(
        reverse("lost_reason_update", args=[reason.pk]),
        {"name_de": "Fusion/Übernahme", "name_en": "Merger", "position": "0"},
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert (reason.name_de, reason.position, reason.is_active) == ("Fusion/Übernahme", 0, False)


def test_a_lost_reason_name_taken_is_refused_at_the_field(lead_client, reason):
    response = lead_client.post(
        reverse("pipeline_setup"),
        {"name_de": reason.name_de.upper(), "name_en": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["lost_reason_form"].errors["name_de"] == [
        str(services.LOST_REASON_NAME_TAKEN)
    ]


def test_an_empty_name_is_refused_at_the_field(lead_client, stage):
    target = stage("Angebot")
    response = lead_client.post(reverse("stage_update", args=[target.pk]), {"name_de": ""})
    assert response.status_code == 200
    assert "name_de" in response.context["form"].errors


def test_the_setup_page_costs_a_fixed_number_of_queries(
    lead_client, team, pipeline, django_assert_max_num_queries, lead
):
    lead_client.get(reverse("pipeline_setup"))
    for index in range(5):
        services.lost_reason_create(team=team, by=lead.user, name_de=f"Grund {index}", name_en="")
        services.stage_add(
            pipeline=pipeline,
            by=lead.user,
            name_de=f"Schritt {index}",
            name_en="",
            rotting_days=None,
            requirements=[],
        )
    with django_assert_max_num_queries(12):
        assert lead_client.get(reverse("pipeline_setup")).status_code == 200


def test_the_admin_is_for_superusers_only(client, team):
    staff_user = UserFactory(username="operator", is_staff=True)
    MembershipFactory(team=team, user=staff_user, role=Membership.Role.ADMIN)
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert client.get(reverse("admin:crm_team_changelist")).status_code == 302
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
