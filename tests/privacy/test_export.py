"""Access (Art. 15): the ZIP holds every record that names the person, and the letters."""

import io
import json
import zipfile

import docx
import pytest
from django.core.exceptions import PermissionDenied

from outreach.models import Touchpoint
from privacy import services
from privacy.models import PrivacyRequest
from tests.privacy.conftest import EMAIL, LAST


def _open(content: bytes) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("auskunft.json")), archive


def test_the_package_holds_every_touchpoint_letter_statement_and_introduction(person, lead):
    data, archive = _open(services.person_export(contact=person.contact, actor=lead.user))

    assert data["stammdaten"]["email"] == EMAIL
    touchpoints = set(
        Touchpoint.objects.filter(company=person.case.company).values_list("pk", flat=True)
    )
    assert {row["id"] for row in data["kontakte"]} == touchpoints
    assert [row["id"] for row in data["briefe"]] == [person.letter.pk]
    assert person.statement.pk in {row["id"] for row in data["nutzenargumentationen"]}
    assert [row["id"] for row in data["vorstellungen"]] == [person.introduction.pk]
    others = {row["tabelle"] for row in data["weitere_fundstellen"]}
    assert {"companies.company", "companies.networkpartner", "companies.importjob"} <= others
    assert any("kontakte-2026.csv" in line for line in data["herkunft_der_daten"])
    # The letter itself, as sent.
    (letter_name,) = [name for name in archive.namelist() if name.startswith("briefe/")]
    letter = docx.Document(io.BytesIO(archive.read(letter_name)))
    assert any(LAST in paragraph.text for paragraph in letter.paragraphs)
    summary = "\n".join(
        p.text for p in docx.Document(io.BytesIO(archive.read("Auskunft.docx"))).paragraphs
    )
    assert "Art. 21 DSGVO" in summary
    assert "keine Rechtsberatung" in summary


def test_the_export_is_logged_without_personal_data(person, lead):
    services.person_export(contact=person.contact, actor=lead.user)
    logged = PrivacyRequest.objects.get()
    assert (logged.kind, logged.subject_id, logged.actor) == (
        "export",
        person.contact.pk,
        lead.user,
    )
    assert LAST not in json.dumps(logged.counts)


def test_staff_may_not_export(person, staff):
    with pytest.raises(PermissionDenied):
        services.person_export(contact=person.contact, actor=staff.user)
    assert not PrivacyRequest.objects.exists()
