"""Races end in a message: creating forms create once, unique clashes are form errors
(issue 18, point 5)."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact, NetworkPartner, Tie
from crm.forms_views import SUBMISSION_FIELD
from crm.models import SubmissionToken
from outreach.models import Campaign, Touchpoint
from outreach.services import campaigns as campaign_services
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    NetworkPartnerFactory,
)

TOKEN = re.compile(rf'name="{SUBMISSION_FIELD}" value="([^"]+)"')


@pytest.fixture
def objects(team, staff):
    case = AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Firma Fall")
    return {
        "company": CompanyFactory(team=team, legal_name="Firma Kontakt"),
        "partner": NetworkPartnerFactory(team=team),
        "case": case,
    }


def _creating_pages(objects):
    """Each creating page, its valid data, and the model whose rows it creates."""
    company, partner, case = objects["company"], objects["partner"], objects["case"]
    return {
        "campaign": (
            reverse("outreach:campaign_create"),
            {"name": "Herbstbriefe", "purpose": "Metall", "channel": "letter"},
            Campaign,
        ),
        "company": (
            reverse("companies:create"),
            {
                "legal_name": "Metallbau Schulze",
                "street": "Gießerstraße 12",
                "postal_code": "04229",
                "city": "Leipzig",
                "employees": "42",
            },
            Company,
        ),
        "contact": (
            reverse("companies:contact_create", args=[company.pk]),
            {
                "salutation": "frau",
                "first_name": "Petra",
                "last_name": "Schulz",
                "role": "owner",
                "legal_basis": "legitimate_interest",
            },
            Contact,
        ),
        "partner": (
            reverse("companies:partner_create"),
            {"kind": "ihk", "name": "IHK Chemnitz", "postal_code": "09111"},
            NetworkPartner,
        ),
        "tie": (
            reverse("companies:tie_create"),
            {"partner": partner.pk, "company": company.pk, "kind": "knows_owner", "strength": "3"},
            Tie,
        ),
        "touchpoint": (
            reverse("outreach:touchpoint_create", args=[case.pk]),
            {
                "channel": "letter",
                "direction": "out",
                "occurred_on": timezone.localdate().isoformat(),
                "subject": "Vorstellung",
                "outcome": "",
                "override_reason": "Sie hat um den Brief gebeten",
                "go_ahead": "1",
            },
            Touchpoint,
        ),
    }


CREATING_URLS = [
    ("outreach:campaign_create", None),
    ("companies:create", None),
    ("companies:contact_create", "company"),
    ("companies:partner_create", None),
    ("companies:tie_create", None),
    ("outreach:touchpoint_create", "case"),
    ("outreach:introduction_create", "case"),
    ("outreach:referral", None),
    ("cases:create", None),
    ("benefits:fact_create", None),
    ("benefits:statement_draft", "company"),
]


@pytest.mark.parametrize(("name", "argument"), CREATING_URLS)
def test_every_creating_form_carries_a_one_time_token(lead_client, objects, name, argument):
    args = [objects[argument].pk] if argument else []
    first = lead_client.get(reverse(name, args=args))
    second = lead_client.get(reverse(name, args=args))
    assert first.status_code == 200, name
    (token,) = TOKEN.findall(first.content.decode())
    assert TOKEN.findall(second.content.decode()) != [token]


@pytest.mark.parametrize("kind", ["campaign", "company", "contact", "partner", "tie", "touchpoint"])
def test_sending_a_creating_form_twice_creates_once(staff_client, objects, kind):
    url, data, model = _creating_pages(objects)[kind]
    (token,) = TOKEN.findall(staff_client.get(url).content.decode())
    before = model.objects.count()
    first = staff_client.post(url, {**data, SUBMISSION_FIELD: token})
    assert first.status_code == 302, first.context and (
        first.context["form"].errors,
        first.context.get("findings"),
    )
    second = staff_client.post(url, {**data, SUBMISSION_FIELD: token})
    assert model.objects.count() == before + 1
    assert second.status_code == 302
    assert second.url == first.url
    # A fresh form (a new token) creates again, where the service allows it.
    if kind == "touchpoint":
        (fresh,) = TOKEN.findall(staff_client.get(url).content.decode())
        staff_client.post(url, {**data, SUBMISSION_FIELD: fresh})
        assert model.objects.count() == before + 2


def test_a_refused_form_leaves_its_token_for_the_corrected_one(staff_client, objects):
    url = reverse("outreach:campaign_create")
    (token,) = TOKEN.findall(staff_client.get(url).content.decode())
    refused = staff_client.post(url, {"name": "", "channel": "letter", SUBMISSION_FIELD: token})
    assert refused.status_code == 200
    assert not SubmissionToken.objects.exists()
    sent = staff_client.post(url, {"name": "Herbst", "channel": "letter", SUBMISSION_FIELD: token})
    assert sent.status_code == 302
    assert Campaign.objects.count() == 1


def test_another_users_token_is_not_a_way_to_a_record(staff_client, lead_client, objects):
    url = reverse("outreach:campaign_create")
    (token,) = TOKEN.findall(staff_client.get(url).content.decode())
    staff_client.post(url, {"name": "Herbst", "channel": "letter", SUBMISSION_FIELD: token})
    response = lead_client.post(
        url, {"name": "Winter", "channel": "letter", SUBMISSION_FIELD: token}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Campaign.objects.count() == 1


def test_a_campaign_name_taken_between_check_and_save_is_a_form_error(
    staff_client, team, staff, monkeypatch
):
    campaign_services.campaign_create(team=team, by=staff.user, name="Herbst")
    # The other request's check ran before this one saved: skip the check, as the race does.
    monkeypatch.setattr(Campaign.objects.__class__, "exists", lambda self: False, raising=False)
    response = staff_client.post(
        reverse("outreach:campaign_create"), {"name": "Herbst", "channel": "letter"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [str(campaign_services.CAMPAIGN_NAME_TAKEN)]
    assert Campaign.objects.count() == 1


def test_a_tie_clash_in_the_race_is_a_form_error(team, staff, objects, monkeypatch):
    from companies import services as company_services

    partner, company = objects["partner"], objects["company"]
    company_services.tie_create(partner=partner, company=company, by=staff.user, kind="knows_owner")
    monkeypatch.setattr(Tie.objects.__class__, "exists", lambda self: False, raising=False)
    with pytest.raises(ValidationError) as error:
        company_services.tie_create(
            partner=partner, company=company, by=staff.user, kind="knows_owner"
        )
    assert "company" in error.value.message_dict


# -- at once, on PostgreSQL -----------------------------------------------------------------
def _at_once(clients_and_data: list[tuple[Client, dict]], url: str) -> list[int]:
    barrier = threading.Barrier(len(clients_and_data))
    statuses: list[int] = []

    def post(client: Client, data: dict) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=pair) for pair in clients_and_data]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_people_creating_a_campaign_of_one_name_at_once(team, staff, lead, monkeypatch):
    # Both checks pass before either saves (the race the issue saw end in a 500).
    monkeypatch.setattr(Campaign.objects.__class__, "exists", lambda self: False, raising=False)
    clients = []
    for membership in (staff, lead):
        client = Client(raise_request_exception=False)
        client.force_login(membership.user)
        clients.append((client, {"name": "Herbst", "channel": "letter"}))
    assert _at_once(clients, reverse("outreach:campaign_create")) == [200, 302]
    assert Campaign.objects.filter(team=team).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_creating_form_at_once_creates_once(team, staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff.user)
    url = reverse("outreach:campaign_create")
    (token,) = TOKEN.findall(client.get(url).content.decode())
    data = {"name": "Herbst", "channel": "letter", SUBMISSION_FIELD: token}
    assert _at_once([(client, data), (client, data)], url) == [302, 302]
    assert Campaign.objects.filter(team=team).count() == 1
