"""The scanner: every model, team-scoped, one query per model."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Company, Contact
from privacy.identifiers import Person, identifiers_for
from privacy.scanner import person_scan, scanned_models, team_path
from privacy.selectors import contact_identifiers
from tests.factories import CompanyFactory
from tests.privacy.conftest import FIRST, LAST


def test_team_paths_are_found_through_foreign_keys():
    from benefits.models import StatementVersion
    from crm.models import StageChange
    from outreach.models import Introduction

    assert team_path(Company) == "team"
    assert team_path(Contact) == "company__team"
    assert team_path(StageChange) == "case__team"
    assert team_path(Introduction) == "case__team"
    assert team_path(StatementVersion) == "statement__team"


def test_every_domain_model_with_text_is_scanned_and_users_are_not():
    labels = {model._meta.label_lower for model in scanned_models()}
    assert {"companies.contact", "outreach.touchpoint", "benefits.benefitstatement"} <= labels
    assert "auth.user" not in labels


def test_the_scan_finds_the_hand_made_person_and_stays_in_the_team(person, other_team):
    CompanyFactory(team=other_team, notes=f"{FIRST} {LAST} arbeitet auch hier.")
    hits = person_scan(identifiers=contact_identifiers(person.contact), team=person.case.team)
    labels = {hit.label for hit in hits}
    assert {
        "companies.contact",
        "companies.company",
        "companies.networkpartner",
        "companies.importjob",
        "outreach.touchpoint",
        "outreach.letter",
        "outreach.introduction",
        "benefits.benefitstatement",
    } <= labels
    companies = [hit.pk for hit in hits if hit.model is Company]
    assert companies == [person.case.company_id]


def test_one_query_per_model(person):
    ids = contact_identifiers(person.contact)
    with CaptureQueriesContext(connection) as queries:
        person_scan(identifiers=ids, team=person.case.team)
    assert len(queries) <= len(scanned_models())


def test_nobody_is_found_for_a_person_without_identifiers(team):
    assert person_scan(identifiers=identifiers_for(Person()), team=team) == []
