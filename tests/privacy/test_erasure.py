"""Erasure (Art. 17): the person is gone from every table and file; every count stays."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from companies.models import Contact
from crm.reports.funnel import funnel_report, source_report
from crm.reports.scope import ReportFilters
from outreach.models import Introduction, Letter, Touchpoint
from privacy import services
from privacy.identifiers import ERASED_NAME
from privacy.models import PrivacyRequest
from tests.privacy.conftest import EMAIL, FIRST, LAST, NEEDLES

from .fulltext import database_find, media_find


def _figures(case):
    today = timezone.localdate()
    filters = ReportFilters(pipeline=case.pipeline, start=today - timedelta(days=365), end=today)
    return funnel_report(team=case.team, filters=filters), source_report(
        team=case.team, filters=filters
    )


def test_the_full_text_search_finds_the_person_before_the_erasure(person):
    # The search below is only worth something if it finds the person at all.
    tables = {table for table, _column, _needle in database_find(NEEDLES)}
    assert {"companies_contact", "outreach_touchpoint", "outreach_letter"} <= tables
    assert {"benefits_benefitstatement", "outreach_introduction", "companies_importjob"} <= tables
    assert media_find(NEEDLES)


@pytest.mark.django_db(transaction=True)
def test_after_the_erasure_no_table_and_no_file_names_the_person(person, lead):
    letter_file = person.letter.file.name
    storage = person.letter.file.storage
    figures_before = _figures(person.case)
    touchpoints = Touchpoint.objects.filter(company=person.case.company).count()

    result = services.person_erase(contact=person.contact, actor=lead.user)

    assert database_find(NEEDLES) == []
    assert media_find(NEEDLES) == []
    assert not storage.exists(letter_file)
    assert _figures(person.case) == figures_before
    assert Touchpoint.objects.filter(company=person.case.company).count() == touchpoints
    contact = Contact.objects.get(pk=person.contact.pk)
    assert (contact.last_name, contact.email, contact.phone) == (ERASED_NAME, "", "")
    assert Letter.objects.get(pk=person.letter.pk).file.name == ""
    introduction = Introduction.objects.get(pk=person.introduction.pk)
    assert introduction.contact_id == contact.pk
    assert ERASED_NAME in introduction.note
    assert result.counts["outreach.touchpoint"] == 3  # the call, the email and the letter's
    logged = PrivacyRequest.objects.get(pk=result.request_id)
    assert (logged.kind, logged.subject_id, logged.actor) == ("erasure", contact.pk, lead.user)
    assert LAST not in str(logged.counts)
    assert FIRST not in str(logged.counts)


def test_a_failed_erasure_changes_nothing(person, lead, monkeypatch):
    def broken(hits, ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_hits_scrub", broken)
    with pytest.raises(RuntimeError):
        services.person_erase(contact=person.contact, actor=lead.user)
    contact = Contact.objects.get(pk=person.contact.pk)
    assert (contact.last_name, contact.email) == (LAST, EMAIL)
    assert not PrivacyRequest.objects.exists()
    assert Letter.objects.get(pk=person.letter.pk).file


def test_staff_may_not_erase(person, staff):
    with pytest.raises(PermissionDenied):
        services.person_erase(contact=person.contact, actor=staff.user)
    assert Contact.objects.get(pk=person.contact.pk).last_name == LAST


def test_an_objection_puts_the_person_on_the_do_not_contact_list(person, lead):
    person.contact.objected_at = timezone.localdate()
    person.contact.save()
    result = services.person_erase(contact=person.contact, actor=lead.user)
    assert result.counts["privacy.do_not_contact"] == 2
    assert services.do_not_contact_blocked(
        team_id=person.case.team_id, people=[(EMAIL.upper(), ""), ("", "+49 341 987 65 43")]
    ) == [True, True]
