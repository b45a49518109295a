"""Writing contacts, partners, ties, introductions, needs profiles and statement drafts:
through the pages' services, with their rules, scoped to the team, once per key."""

import pytest
from django.utils import timezone

from benefits.models import BenefitStatement, Measure, NeedsProfile
from companies.models import Contact, NetworkPartner, Tie
from outreach.models import Introduction
from tests.api.conftest import client_with, token_for
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    TieFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def company(team):
    return CompanyFactory(team=team, legal_name="Metallbau Schulze")


@pytest.fixture
def foreign(other_team):
    company = CompanyFactory(team=other_team, legal_name="Fremdfirma")
    return {
        "company": company,
        "partner": NetworkPartnerFactory(team=other_team),
        "contact": ContactFactory(company=company),
        "case": AcquisitionCaseFactory(team=other_team, company=company),
    }


# ------------------------------------------------------------------------------
# Contacts
# ------------------------------------------------------------------------------
def test_staff_add_a_contact_once_per_idempotency_key(company, staff_api):
    body = {"company": company.pk, "last_name": "Krause", "email": "krause@example.org"}
    first = staff_api.post(f"{API}/contacts/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    again = staff_api.post(f"{API}/contacts/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    assert Contact.objects.filter(company=company, last_name="Krause").count() == 1


def test_a_contact_is_changed_through_the_service(company, staff_api):
    contact = ContactFactory(company=company, last_name="Krause")
    response = staff_api.patch(
        f"{API}/contacts/{contact.pk}/", {"position": "Personalleitung"}, format="json"
    )
    assert response.status_code == 200, response.json()
    contact.refresh_from_db()
    assert (contact.last_name, contact.position) == ("Krause", "Personalleitung")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": "Krause", "phone": "abc"}, "phone"),
        ({"last_name": "Krause", "email": "keine"}, "email"),
        ({"last_name": "Krause", "colour": "rot"}, "colour"),
        ({"first_name": "Ohne Nachname"}, "last_name"),
        ({"last_name": "Krause", "notes": 0}, "notes"),
        ({"last_name": "Krause", "do_not_contact": 0}, "do_not_contact"),
        ({"last_name": "Krause", "company": "1"}, "company"),
    ],
)
def test_bad_contact_input_answers_400_with_the_field(company, lead_api, body, field):
    response = lead_api.post(f"{API}/contacts/", {"company": company.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_another_teams_company_in_a_body_is_a_field_error(foreign, lead_api):
    body = {"company": foreign["company"].pk, "last_name": "Krause"}
    response = lead_api.post(f"{API}/contacts/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["company"]
    assert not Contact.objects.filter(last_name="Krause").exists()


def test_another_teams_contact_cannot_be_changed(foreign, lead_api):
    contact = foreign["contact"]
    response = lead_api.patch(f"{API}/contacts/{contact.pk}/", {"notes": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "resource", ["contacts", "partners", "ties", "introductions", "needs-profiles", "statements"]
)
def test_a_read_only_token_writes_nothing(lead, company, resource):
    client = client_with(token_for(lead, read_only=True)[1])
    response = client.post(f"{API}/{resource}/", {"company": company.pk}, format="json")
    assert response.status_code == 403


# ------------------------------------------------------------------------------
# Partners and ties
# ------------------------------------------------------------------------------
def test_a_partner_is_created_and_changed(team, company, staff_api):
    body = {"kind": NetworkPartner.Kind.choices[0][0], "name": "IHK Chemnitz"}
    created = staff_api.post(f"{API}/partners/", body, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = staff_api.patch(f"{API}/partners/{pk}/", {"company": company.pk}, format="json")
    assert changed.status_code == 200, changed.json()
    assert NetworkPartner.objects.get(pk=pk, team=team).company == company


def test_a_partner_cannot_point_at_another_teams_company(foreign, lead_api):
    body = {
        "kind": NetworkPartner.Kind.choices[0][0],
        "name": "IHK",
        "company": foreign["company"].pk,
    }
    response = lead_api.post(f"{API}/partners/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["company"]


def test_another_teams_partner_answers_404(foreign, lead_api):
    url = f"{API}/partners/{foreign['partner'].pk}/"
    assert lead_api.patch(url, {"name": "Übernommen"}, format="json").status_code == 404


def test_a_tie_is_recorded_once_and_a_second_one_is_refused(team, company, staff_api):
    partner = NetworkPartnerFactory(team=team)
    body = {"partner": partner.pk, "company": company.pk, "strength": 4}
    first = staff_api.post(f"{API}/ties/", body, format="json")
    assert first.status_code == 201, first.json()
    second = staff_api.post(f"{API}/ties/", body, format="json")
    assert second.status_code == 400
    assert "company" in second.json()
    tie = Tie.objects.get(partner=partner, company=company)
    changed = staff_api.patch(f"{API}/ties/{tie.pk}/", {"strength": 2}, format="json")
    assert changed.json()["strength"] == 2


def test_a_tie_to_another_teams_partner_is_a_field_error(foreign, company, lead_api):
    body = {"partner": foreign["partner"].pk, "company": company.pk}
    response = lead_api.post(f"{API}/ties/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["partner"]


def test_another_teams_tie_answers_404(foreign, lead_api):
    tie = TieFactory(partner=foreign["partner"], company=foreign["company"])
    assert (
        lead_api.patch(f"{API}/ties/{tie.pk}/", {"strength": 1}, format="json").status_code == 404
    )


# ------------------------------------------------------------------------------
# Introductions
# ------------------------------------------------------------------------------
def test_an_introduction_is_recorded_and_touches_the_tie(team, company, staff, staff_api):
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user)
    partner = NetworkPartnerFactory(team=team)
    body = {"case": case.pk, "introducer": partner.pk, "date": str(timezone.localdate())}
    first = staff_api.post(f"{API}/introductions/", body, format="json", HTTP_IDEMPOTENCY_KEY="i")
    again = staff_api.post(f"{API}/introductions/", body, format="json", HTTP_IDEMPOTENCY_KEY="i")
    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    assert Introduction.objects.filter(case=case, introducer=partner).count() == 1
    assert Tie.objects.filter(partner=partner, company=company).exists()


@pytest.mark.parametrize("field", ["case", "introducer", "contact"])
def test_another_teams_ids_in_an_introduction_are_field_errors(
    team, company, foreign, lead_api, field
):
    body = {
        "case": AcquisitionCaseFactory(team=team, company=company).pk,
        "introducer": NetworkPartnerFactory(team=team).pk,
        "contact": ContactFactory(company=company).pk,
        "date": str(timezone.localdate()),
    }
    body[field] = foreign[{"introducer": "partner"}.get(field, field)].pk
    response = lead_api.post(f"{API}/introductions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


# ------------------------------------------------------------------------------
# Needs profiles and statements
# ------------------------------------------------------------------------------
def test_a_needs_profile_is_captured_then_updated(team, company, staff, staff_api):
    measure = Measure.objects.filter(team=team, is_active=True).first()
    body = {
        "company": company.pk,
        "challenges": ["skilled_staff"],
        "measures_offered": [measure.pk] if measure else [],
        "share_women": 40,
    }
    created = staff_api.post(f"{API}/needs-profiles/", body, format="json")
    assert created.status_code == 201, created.json()
    profile = NeedsProfile.objects.get(company=company)
    assert profile.captured_by == staff.user
    again = staff_api.post(f"{API}/needs-profiles/", {**body, "share_women": 50}, format="json")
    assert again.status_code == 200
    changed = staff_api.patch(
        f"{API}/needs-profiles/{profile.pk}/", {"local_situation": "Neues Werk"}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    profile.refresh_from_db()
    assert (profile.share_women, profile.local_situation) == (50, "Neues Werk")
    assert profile.challenges == ["skilled_staff"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "challenges"),  # the service's rule: an empty profile is refused
        ({"challenges": ["fliegen"]}, "challenges"),
        ({"challenges": ["skilled_staff"], "no_challenges": True}, "no_challenges"),
        ({"challenges": ["skilled_staff"], "measures_offered": [999999]}, "measures_offered"),
        ({"challenges": ["skilled_staff"], "measures_offered": ["1"]}, "measures_offered"),
        ({"challenges": [5]}, "challenges"),
    ],
)
def test_the_services_profile_rules_answer_400(company, lead_api, body, field):
    response = lead_api.post(
        f"{API}/needs-profiles/", {"company": company.pk, **body}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not NeedsProfile.objects.filter(company=company).exists()


def test_another_teams_profile_and_company_are_out_of_reach(foreign, lead_api):
    profile = NeedsProfileFactory(company=foreign["company"])
    url = f"{API}/needs-profiles/{profile.pk}/"
    assert lead_api.patch(url, {"share_women": 1}, format="json").status_code == 404
    body = {"company": foreign["company"].pk, "challenges": ["skilled_staff"]}
    response = lead_api.post(f"{API}/needs-profiles/", body, format="json")
    assert list(response.json()) == ["company"]


def test_a_statement_is_drafted_by_the_drafting_service(team, company, staff_api):
    NeedsProfileFactory(company=company)
    body = {"company": company.pk, "language": "de"}
    first = staff_api.post(f"{API}/statements/", body, format="json", HTTP_IDEMPOTENCY_KEY="s")
    again = staff_api.post(f"{API}/statements/", body, format="json", HTTP_IDEMPOTENCY_KEY="s")
    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    statement = BenefitStatement.objects.get(company=company)
    assert statement.text
    assert statement.versions.count() == 1


def test_a_draft_without_a_profile_is_refused_with_the_services_message(company, lead_api):
    response = lead_api.post(f"{API}/statements/", {"company": company.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert not BenefitStatement.objects.filter(company=company).exists()


def test_a_draft_for_another_teams_company_is_a_field_error(foreign, lead_api):
    response = lead_api.post(
        f"{API}/statements/", {"company": foreign["company"].pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["company"]


# ------------------------------------------------------------------------------
# Stale changes: the ETag read, sent back with If-Match
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "resource", ["companies", "contacts", "partners", "ties", "needs-profiles"]
)
def test_a_change_to_a_record_changed_meanwhile_answers_409_and_saves_nothing(
    team, company, staff_api, lead_api, resource
):
    made = {
        "companies": lambda: company,
        "contacts": lambda: ContactFactory(company=company, last_name="Krause"),
        "partners": lambda: NetworkPartnerFactory(team=team, name="IHK Chemnitz"),
        "ties": lambda: TieFactory(partner=NetworkPartnerFactory(team=team), company=company),
        "needs-profiles": lambda: NeedsProfileFactory(company=company),
    }
    change = {
        "companies": ({"city": "Zwickau"}, {"city": "Plauen"}),
        "contacts": ({"position": "Personalleitung"}, {"position": "Inhaberin"}),
        "partners": ({"name": "IHK Zwickau"}, {"name": "IHK Plauen"}),
        "ties": ({"strength": 5}, {"strength": 1}),
        "needs-profiles": (
            {"local_situation": "Schichtdienst"},
            {"local_situation": "Pflege"},
        ),
    }
    record = made[resource]()
    url = f"{API}/{resource}/{record.pk}/"
    read = staff_api.get(url)
    assert read.status_code == 200
    tag = read["ETag"]
    assert tag.startswith('"')

    # A colleague changes the record first; then the first reader's change is refused.
    theirs, mine = change[resource]
    first = lead_api.patch(url, theirs, format="json", HTTP_IF_MATCH=tag)
    assert first.status_code == 200, first.json()
    assert first["ETag"] != tag
    stale = staff_api.patch(url, mine, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 409, stale.json()
    assert "version" in stale.json()
    assert staff_api.get(url).json() == lead_api.get(url).json()
    field, value = next(iter(theirs.items()))
    assert staff_api.get(url).json()[field] == value

    # With the new ETag the change goes through.
    again = staff_api.patch(url, mine, format="json", HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200, again.json()


@pytest.mark.parametrize("header", ["gestern", '"12x"', "W/xyz"])
def test_an_if_match_that_is_no_etag_answers_400(company, staff_api, header):
    response = staff_api.patch(
        f"{API}/companies/{company.pk}/", {"city": "Zwickau"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 400
    assert "version" in response.json()
    company.refresh_from_db()
    assert company.city != "Zwickau"
