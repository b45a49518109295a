"""Partners' referral links: signed, revocable; a recommendation opens a referral case."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from api import referrals
from companies.models import Company
from crm.models import AcquisitionCase, Source, StageChange
from tests.factories import AcquisitionCaseFactory, CompanyFactory, NetworkPartnerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "company": "Tischlerei Holzwurm",
    "town": "Zwickau",
    "contact_name": "Petra Schulz",
    "contact_agreed": "on",
    "why": "Sucht Fachkräfte und hat eine junge Belegschaft.",
    "will_introduce": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(team):
    return NetworkPartnerFactory(team=team, name="IHK Chemnitz")


@pytest.fixture
def link_url(partner, lead):
    link = referrals.referral_link_issue(partner=partner, by=lead.user)
    return reverse("referral_form", args=[referrals.referral_token(link)])


def test_a_recommendation_opens_a_referral_case_in_the_first_stage(team, partner, lead, link_url):
    client = Client()
    assert client.get(link_url).status_code == 200
    response = client.post(link_url, FORM)
    assert response.status_code == 302
    assert response.url == reverse("referral_thanks")
    case = AcquisitionCase.objects.get(company__legal_name="Tischlerei Holzwurm")
    assert (case.source, case.referred_by, case.owner) == (Source.REFERRAL, partner, lead.user)
    assert case.stage.position == min(s.position for s in case.pipeline.stages.all())
    note = StageChange.objects.get(case=case).note
    assert "Petra Schulz" in note
    assert str(referrals.REVIEW_STEP) == case.next_step


def test_a_known_company_is_not_created_again_and_the_answer_is_the_same(team, link_url):
    company = CompanyFactory(team=team, legal_name="Tischlerei Holzwurm GmbH", city="Zwickau")
    AcquisitionCaseFactory(team=team, company=company)
    response = Client().post(link_url, FORM)
    assert response.status_code == 302
    assert response.url == reverse("referral_thanks")
    assert Company.objects.filter(team=team).count() == 1
    assert AcquisitionCase.objects.filter(company=company).count() == 1


def test_the_honeypot_creates_nothing_but_thanks(link_url):
    response = Client().post(link_url, {**FORM, "homepage": "http://spam.example"})
    assert response.status_code == 302
    assert AcquisitionCase.objects.count() == 0


def test_a_revoked_or_forged_link_is_not_found(partner, lead, link_url):
    referrals.referral_link_revoke(partner=partner, by=lead.user)
    assert Client().get(link_url).status_code == 404
    assert Client().get(reverse("referral_form", args=["forged:token"])).status_code == 404


def test_a_new_link_replaces_the_old_one(partner, lead, link_url):
    referrals.referral_link_issue(partner=partner, by=lead.user)
    assert Client().get(link_url).status_code == 404


def test_too_many_submissions_are_refused(link_url):
    client = Client()
    statuses = [client.post(link_url, {"company": ""}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_only_leads_make_links(partner, staff_client, lead_client):
    url = reverse("referral_link", args=[partner.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url).status_code == 403
    assert lead_client.post(url).status_code == 302
    assert b"/empfehlen/" in lead_client.get(url).content
