"""The access and erasure pages: leads only, team-scoped, served from the view."""

import io
import zipfile

import pytest
from django.urls import reverse

from companies.models import Contact
from privacy.identifiers import ERASED_NAME
from privacy.models import PrivacyRequest
from tests.factories import ContactFactory, MembershipFactory, UserFactory
from tests.privacy.conftest import LAST


def test_a_lead_sees_the_buttons_on_the_contact_page_and_staff_do_not(
    person, lead_client, staff_client
):
    url = reverse("companies:contact_update", args=[person.contact.pk])
    assert b'data-testid="privacy-actions"' in lead_client.get(url).content
    assert b'data-testid="privacy-actions"' not in staff_client.get(url).content


def test_a_lead_downloads_the_access_zip(person, lead_client):
    url = reverse("privacy:contact_access", args=[person.contact.pk])
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"auskunft.json", "Auskunft.docx"} <= set(archive.namelist())


def test_the_confirmation_counts_what_goes_and_the_post_erases(person, lead_client):
    url = reverse("privacy:contact_erase", args=[person.contact.pk])
    page = lead_client.get(url)
    assert page.status_code == 200
    assert b'data-testid="erasure-plan"' in page.content
    assert LAST.encode() in page.content  # the heading names whom it erases
    response = lead_client.post(url)
    assert response.status_code == 302
    assert Contact.objects.get(pk=person.contact.pk).last_name == ERASED_NAME
    assert PrivacyRequest.objects.filter(kind="erasure").count() == 1


@pytest.mark.parametrize("name", ["privacy:contact_access", "privacy:contact_erase"])
def test_staff_get_403(person, staff_client, name):
    url = reverse(name, args=[person.contact.pk])
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url).status_code == 403
    assert Contact.objects.get(pk=person.contact.pk).last_name == LAST


@pytest.mark.parametrize("name", ["privacy:contact_access", "privacy:contact_erase"])
def test_another_teams_contact_answers_404(other_team, lead_client, name):
    stranger = ContactFactory(company__team=other_team)
    url = reverse(name, args=[stranger.pk])
    assert lead_client.get(url).status_code == 404
    assert lead_client.post(url).status_code == 404
    assert Contact.objects.get(pk=stranger.pk).last_name == stranger.last_name
    assert not PrivacyRequest.objects.exists()


def test_the_log_lists_requests_for_leads_only(team, lead_client, staff_client, lead):
    PrivacyRequest.objects.create(
        team=team, kind="export", subject="contact", subject_id=7, actor=lead.user
    )
    page = lead_client.get(reverse("privacy:log"))
    assert b"#7" in page.content
    assert staff_client.get(reverse("privacy:log")).status_code == 403


def test_an_admin_may_erase(person, team):
    admin = MembershipFactory(team=team, user=UserFactory(username="ada"), role="admin")
    from django.test import Client

    client = Client()
    client.force_login(admin.user)
    url = reverse("privacy:contact_erase", args=[person.contact.pk])
    assert client.post(url).status_code == 302
