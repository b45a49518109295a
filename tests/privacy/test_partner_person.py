"""A partner's person: access and erasure; the organisation and its introductions stay."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import NetworkPartner
from outreach import services as outreach_services
from outreach.models import Introduction
from privacy import services
from privacy.identifiers import ERASED_NAME
from tests.factories import AcquisitionCaseFactory, NetworkPartnerFactory, TieFactory

from .fulltext import database_find

NEEDLES = ["Wolkenstein", "h.wolkenstein@ihk-beispiel.de", "7654321"]


@pytest.fixture
def introducer(team, staff):
    partner = NetworkPartnerFactory(
        team=team,
        name="IHK zu Leipzig",
        person_name="Dr. Heide Wolkenstein",
        email="h.wolkenstein@ihk-beispiel.de",
        phone="0341 7654321",
        notes="Frau Dr. Wolkenstein leitet den Arbeitskreis Familie.",
    )
    for day in (20, 10):
        case = AcquisitionCaseFactory(team=team, owner=staff.user)
        outreach_services.introduction_record(
            case=case,
            introducer=partner,
            by=staff.user,
            date=timezone.localdate() - timedelta(days=day),
            note="Heide Wolkenstein ruft den Inhaber an.",
        )
    TieFactory(partner=partner, source="Heide Wolkenstein kennt die Inhaberin.")
    return partner


def test_erasure_keeps_the_organisation_and_its_introductions(introducer, lead):
    introductions = Introduction.objects.filter(introducer=introducer).count()
    services.partner_person_erase(partner=introducer, actor=lead.user)

    assert database_find(NEEDLES) == []
    partner = NetworkPartner.objects.get(pk=introducer.pk)
    assert (partner.name, partner.person_name) == ("IHK zu Leipzig", ERASED_NAME)
    assert str(partner) == f"{ERASED_NAME} (IHK zu Leipzig)"
    assert Introduction.objects.filter(introducer=partner).count() == introductions == 2


def test_the_access_package_lists_the_introductions(introducer, lead):
    content = services.partner_person_export(partner=introducer, actor=lead.user)
    data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("auskunft.json"))
    assert data["stammdaten"]["email"] == "h.wolkenstein@ihk-beispiel.de"
    assert len(data["vorstellungen"]) == 2
    assert len(data["verbindungen"]) == 3  # two grew from the introductions, one recorded


def test_the_partner_pages_are_for_leads_of_the_team(introducer, lead_client, staff_client):
    erase = reverse("privacy:partner_erase", args=[introducer.pk])
    assert staff_client.get(erase).status_code == 403
    page = lead_client.get(erase)
    assert b"Wolkenstein" in page.content
    detail = lead_client.get(introducer.get_absolute_url())
    assert b'data-testid="privacy-actions"' in detail.content
    assert lead_client.post(erase).status_code == 302
    assert NetworkPartner.objects.get(pk=introducer.pk).person_name == ERASED_NAME


def test_another_teams_partner_answers_404(other_team, lead_client):
    stranger = NetworkPartnerFactory(team=other_team)
    assert lead_client.get(reverse("privacy:partner_access", args=[stranger.pk])).status_code == 404
