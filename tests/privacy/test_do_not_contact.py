"""Do-not-contact: a person who objected and was erased cannot be added again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies import services as company_services
from companies.models import Contact
from privacy import services
from privacy.models import DoNotContact
from tests.factories import CompanyFactory


@pytest.fixture
def blocked(team):
    services.do_not_contact_add(team=team, email="A.Quandtmeyer@Beispiel.de", phone="0341 9876543")


def test_only_keyed_hashes_are_kept(team, blocked):
    digests = list(DoNotContact.objects.values_list("digest", flat=True))
    assert len(digests) == 2
    assert all(len(digest) == 64 and "quandtmeyer" not in digest for digest in digests)


@pytest.mark.parametrize(
    ("email", "phone"),
    [("a.quandtmeyer@beispiel.de", ""), ("", "+49 341 98 76 543"), ("", "0341/9876543")],
)
def test_creating_the_same_person_again_is_refused(team, blocked, email, phone):
    company = CompanyFactory(team=team)
    with pytest.raises(ValidationError) as refused:
        company_services.contact_create(
            company=company, by=None, last_name="Quandtmeyer", email=email, phone=phone
        )
    assert "widersprochen" in str(refused.value) or "objected" in str(refused.value)
    assert not Contact.objects.filter(company=company).exists()


def test_another_team_may_still_add_the_person(other_team, blocked):
    company = CompanyFactory(team=other_team)
    contact = company_services.contact_create(
        company=company, by=None, last_name="Quandtmeyer", email="a.quandtmeyer@beispiel.de"
    )
    assert contact.pk


def test_the_form_shows_the_german_message(team, blocked, staff_client):
    company = CompanyFactory(team=team)
    response = staff_client.post(
        reverse("companies:contact_create", args=[company.pk]),
        {
            "salutation": "frau",
            "last_name": "Quandtmeyer",
            "role": "owner",
            "email": "a.quandtmeyer@beispiel.de",
            "legal_basis": "unknown",
        },
    )
    assert response.status_code == 200
    assert "Diese Person hat der Kontaktaufnahme widersprochen und wurde gelöscht." in (
        response.content.decode()
    )
    assert not Contact.objects.filter(company=company).exists()


def test_an_import_leaves_out_the_blocked_person_and_counts_them(
    team, staff, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from companies.models import Company

    services.do_not_contact_add(team=team, email="p.mueller@example.org")
    header = "Firma;PLZ;Ort;Anrede;Vorname;Nachname;E-Mail Ansprechpartner"
    rows = [
        "Müller Metallbau GmbH;04229;Leipzig;Frau;Petra;Müller;P.Mueller@example.org",
        "Bäckerei Hoffmann e.K.;04109;Leipzig;Herr;Jan;Hoffmann;j.hoffmann@example.org",
    ]
    data = "\r\n".join([header, *rows]).encode()
    job = company_services.import_job_create(
        team=team, by=staff.user, upload=SimpleUploadedFile("liste.csv", data)
    )
    with django_capture_on_commit_callbacks(execute=True):
        company_services.import_job_check(job=job, mapping=job.mapping, by=staff.user)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        company_services.import_job_start(job=job, import_duplicates=False, by=staff.user)
    job.refresh_from_db()
    assert job.counts["contacts_created"] == 1
    assert job.counts["contacts_refused"] == 1
    assert Company.objects.filter(team=team).count() == 2
    assert list(Contact.objects.filter(company__team=team).values_list("last_name", flat=True)) == [
        "Hoffmann"
    ]
