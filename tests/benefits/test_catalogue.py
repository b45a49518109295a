"""The shipped catalogue: enough sourced, bilingual entries for every team, and its rules."""

import importlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from benefits import services, vocabulary
from benefits.models import BenefitArgument, BenefitSettings, EvidenceKind, Measure
from tests.factories import TeamFactory


@pytest.fixture
def data():
    return services.catalogue_data()


def test_the_shipped_file_has_enough_entries_in_both_languages(data):
    assert len(data["measures"]) >= 20
    assert len(data["arguments"]) >= 25
    for measure in data["measures"]:
        for field in ("name_de", "name_en", "description_de", "description_en"):
            assert measure[field].strip(), (measure["code"], field)
    for argument in data["arguments"]:
        for field in ("claim_de", "claim_en", "evidence_de", "evidence_en", "figure"):
            assert argument[field].strip(), (argument["code"], field)


def test_every_argument_cites_source_and_year_and_no_marketing_claims(data):
    for argument in data["arguments"]:
        assert argument["source"].strip(), argument["code"]
        assert argument["source_title"].strip(), argument["code"]
        assert 2000 <= argument["year"] <= 2026, argument["code"]
        # Only studies, surveys, official statistics and marked estimates.
        assert argument["evidence_kind"] in EvidenceKind.values, argument["code"]


def test_conditions_use_known_codes_and_link_existing_measures(data):
    codes = {m["code"] for m in data["measures"]}
    for entry in data["measures"] + data["arguments"]:
        assert entry["needs"], entry["code"]
        assert set(entry["needs"]) <= set(vocabulary.CATALOGUE_NEEDS)
        assert set(entry["sectors"]) <= set(vocabulary.SECTIONS)
        assert set(entry["size_classes"]) <= set(vocabulary.SIZE_CLASSES)
    for argument in data["arguments"]:
        assert argument["region"] in {"", *vocabulary.REGIONS}
        assert set(argument["measures"]) <= codes, argument["code"]


def test_every_need_has_arguments_and_measures(data):
    for need in vocabulary.CATALOGUE_NEEDS:
        assert sum(need in a["needs"] for a in data["arguments"]) >= 2, need
        assert any(need in m["needs"] for m in data["measures"]), need


def test_a_new_team_gets_the_catalogue_and_settings(db):
    team = TeamFactory()

    assert Measure.objects.filter(team=team).count() >= 20
    arguments = BenefitArgument.objects.filter(team=team)
    assert arguments.count() >= 25
    assert all(a.source and a.year for a in arguments)
    assert all(a.claim_de and a.claim_en for a in arguments)
    assert BenefitArgument.measures.through.objects.filter(benefitargument__team=team).exists()
    assert BenefitSettings.objects.filter(team=team).exists()


def test_install_is_idempotent_and_keeps_edits(team):
    argument = BenefitArgument.objects.get(team=team, code="kfw_retention")
    argument.claim_de = "Von der Administration angepasst."
    argument.save()

    assert services.catalogue_install(team=team) == (0, 0)
    argument.refresh_from_db()
    assert argument.claim_de == "Von der Administration angepasst."


def test_teams_have_their_own_copies(team, other_team):
    Measure.objects.filter(team=team).delete()

    assert Measure.objects.filter(team=other_team).count() >= 20
    assert services.catalogue_install(team=team)[0] >= 20


# -- bad input ------------------------------------------------------------------
def test_an_argument_without_source_is_refused(team):
    argument = BenefitArgument.objects.filter(team=team).first()
    argument.source = "  "

    with pytest.raises(ValidationError) as error:
        argument.full_clean()
    assert "source" in error.value.message_dict

    argument.source = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        argument.save()


def test_an_argument_without_year_or_with_an_odd_year_is_refused(team):
    argument = BenefitArgument.objects.filter(team=team).first()
    argument.year = 1850

    with pytest.raises(ValidationError) as error:
        argument.full_clean()
    assert "year" in error.value.message_dict


def test_unknown_condition_codes_are_refused(team):
    measure = Measure.objects.filter(team=team).first()
    measure.needs = ["world_peace"]
    measure.sectors = ["Z"]

    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert set(error.value.message_dict) == {"needs", "sectors"}


def test_migration_and_install_read_the_same_frozen_file(data):
    migration = importlib.import_module("benefits.migrations.0002_catalogue")

    assert migration.CATALOGUE == services.CATALOGUE_FILE
    assert json.loads(migration.CATALOGUE.read_text(encoding="utf-8")) == data
