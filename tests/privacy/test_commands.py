"""`person_export` and `person_erase` from the command line."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from companies.models import Contact
from privacy.identifiers import ERASED_NAME
from tests.privacy.conftest import LAST


def test_person_export_writes_the_zip(person, tmp_path):
    out = tmp_path / "auskunft.zip"
    call_command("person_export", contact=person.contact.pk, out=out, stdout=io.StringIO())
    assert "auskunft.json" in zipfile.ZipFile(out).namelist()


def test_person_erase_dry_run_changes_nothing_and_the_real_run_erases(person):
    stdout = io.StringIO()
    call_command("person_erase", contact=person.contact.pk, dry_run=True, stdout=stdout)
    assert "outreach.touchpoint: 3" in stdout.getvalue()
    assert Contact.objects.get(pk=person.contact.pk).last_name == LAST
    call_command("person_erase", contact=person.contact.pk, stdout=io.StringIO())
    assert Contact.objects.get(pk=person.contact.pk).last_name == ERASED_NAME


def test_an_unknown_contact_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no contact with id 999"):
        call_command("person_erase", contact=999)
