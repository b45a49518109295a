"""Pipeline models: defaults for every team, names by language, invariants in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import RestrictedError
from django.utils import translation

from crm import defaults, services
from crm.models import (
    AcquisitionCase,
    LostReason,
    Pipeline,
    Stage,
    StageChange,
    Team,
    validate_requirement_codes,
)
from tests.factories import AcquisitionCaseFactory, TeamFactory


def test_every_new_team_gets_the_default_pipeline_stages_and_lost_reasons(db):
    team = TeamFactory()

    pipeline = Pipeline.objects.get(team=team)
    stages = list(pipeline.stages.order_by("position"))
    assert pipeline.is_default
    assert [s.name_de for s in stages] == [
        "Hinweis/Empfehlung",
        "Vorbereitet",
        "Vorgestellt",
        "Im Gespräch",
        "Angebot",
        "Partnerschaft",
        "Abgesagt",
        "Zurückgestellt",
    ]
    assert [s.kind for s in stages] == ["open"] * 5 + ["won", "lost", "paused"]
    requirements = {s.name_de: s.requirements for s in stages if s.requirements}
    assert requirements == {
        "Vorbereitet": ["needs_profile"],
        "Vorgestellt": ["introduction"],
        "Angebot": ["benefit_statement"],
    }
    assert all(s.name_en for s in stages)
    assert LostReason.objects.filter(team=team).count() == len(defaults.LOST_REASONS)


def test_team_create_service_and_the_signal_do_not_duplicate_defaults(db):
    team = services.team_create(name="Bündnis Zwickau", slug="zwickau", region="Zwickau")
    services.team_defaults_ensure(team=team)

    assert Pipeline.objects.filter(team=team).count() == 1
    assert Stage.objects.filter(pipeline__team=team).count() == len(defaults.STAGES)
    assert LostReason.objects.filter(team=team).count() == len(defaults.LOST_REASONS)


def test_team_create_refuses_a_taken_short_name(db):
    services.team_create(name="A", slug="gleich")
    with pytest.raises(ValidationError) as error:
        services.team_create(name="B", slug="gleich")
    assert "slug" in error.value.message_dict
    assert Team.objects.count() == 1


@pytest.mark.parametrize(("language", "expected"), [("de", "Vorgestellt"), ("en", "Introduced")])
def test_stage_name_follows_the_active_language(db, language, expected):
    stage = Stage.objects.get(pipeline__team=TeamFactory(), name_de="Vorgestellt")
    with translation.override(language):
        assert stage.name == expected
        assert str(stage) == expected


@pytest.mark.parametrize(
    "value", ["needs_profile", ["Needs Profile"], ["a", "a"], [1], [""], {"code": "x"}]
)
def test_requirement_codes_must_be_a_list_of_distinct_codes(value):
    with pytest.raises(ValidationError):
        validate_requirement_codes(value)


def test_requirement_codes_accept_codes_whose_check_is_not_installed_yet():
    validate_requirement_codes(["needs_profile", "introduction"])
    validate_requirement_codes([])


def test_only_one_lost_stage_per_pipeline(db):
    pipeline = Pipeline.objects.get(team=TeamFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(
            pipeline=pipeline, position=99, name_de="Nochmal", name_en="Again", kind="lost"
        )


def test_one_open_case_per_company_and_pipeline_is_a_database_constraint(db):
    case = AcquisitionCaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(case).objects.create(
            team=case.team,
            company=case.company,
            pipeline=case.pipeline,
            stage=case.stage,
            furthest_stage=case.stage,
            owner=case.owner,
            source="inbound",
            opened_at=case.opened_at,
            stage_entered_at=case.opened_at,
        )


def test_stage_changes_are_append_only(db):
    change = StageChange.objects.get(case=AcquisitionCaseFactory())
    change.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        change.save()


def test_case_knows_whether_it_came_in_warm(db):
    assert AcquisitionCaseFactory(source="introduction").is_warm
    assert not AcquisitionCaseFactory(source="cold_list").is_warm


def test_a_stage_in_use_cannot_be_deleted_but_the_company_can(case):
    with pytest.raises(RestrictedError):
        case.stage.delete()
    case.company.delete()
    assert not AcquisitionCase.objects.exists()
    assert not StageChange.objects.exists()


def test_a_whole_team_can_be_deleted_with_its_pipeline_and_cases(case):
    case.team.delete()
    assert not AcquisitionCase.objects.exists()
    assert not Pipeline.objects.filter(team_id=case.team_id).exists()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_gives_teams_from_before_the_pipeline_their_defaults():
    executor = MigrationExecutor(connection)
    before = [("crm", "0001_initial")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_apps.get_model("crm", "Team").objects.create(name="Altes Team", slug="alt")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    team = Team.objects.get(slug="alt")
    pipeline = Pipeline.objects.get(team=team)
    assert [s.name_de for s in pipeline.stages.order_by("position")] == [
        spec.name_de for spec in defaults.STAGES
    ]
    assert [s.requirements for s in pipeline.stages.order_by("position")] == [
        list(spec.requirements) for spec in defaults.STAGES
    ]
    assert LostReason.objects.filter(team=team).count() == len(defaults.LOST_REASONS)
