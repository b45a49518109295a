"""The administration of pipelines, lost reasons, cases and partnerships."""

import pytest
from django.urls import reverse

from crm import requirements
from crm.models import Pipeline, Stage
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["pipeline", "lostreason", "acquisitioncase", "partnership"])
def test_admin_lists_and_pages_render(admin_client, case, model):
    assert admin_client.get(reverse(f"admin:crm_{model}_changelist")).status_code == 200
    obj = {"pipeline": case.pipeline, "acquisitioncase": case}.get(model)
    if obj is not None:
        url = reverse(f"admin:crm_{model}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_cases_cannot_be_changed_in_the_admin(admin_client, case):
    response = admin_client.post(
        reverse("admin:crm_acquisitioncase_change", args=[case.pk]), {"source": "inbound"}
    )
    assert response.status_code == 403


def test_stage_requirements_are_chosen_from_registered_checks(admin_client, team):
    pipeline = Pipeline.objects.get(team=team)
    requirements.register(code="zz_test_ready", label="Ready", check=lambda case: None)
    try:
        html = admin_client.get(reverse("admin:crm_pipeline_change", args=[pipeline.pk]))
        page = html.content.decode()
    finally:
        requirements.unregister("zz_test_ready")
    assert 'value="zz_test_ready"' in page
    # Codes whose app is not installed yet stay selectable, so saving keeps them.
    assert 'value="needs_profile"' in page
    assert Stage.objects.get(pipeline=pipeline, name_de="Vorbereitet").requirements == [
        "needs_profile"
    ]


def test_stage_form_refuses_a_requirement_nobody_registered(team):
    from crm.forms import StageAdminForm

    stage = Stage.objects.get(pipeline__team=team, name_de="Im Gespräch")
    data = {
        "position": stage.position,
        "name_de": stage.name_de,
        "name_en": stage.name_en,
        "kind": stage.kind,
        "requirements": ["made_up"],
    }
    form = StageAdminForm(data, instance=stage)
    assert "requirements" in form.errors
