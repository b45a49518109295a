"""Retention: on a hand-built set of old records exactly the due ones go; held ones stay."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact, ImportJob
from crm.models import AcquisitionCase, Stage, StageChange
from outreach.models import Letter, Touchpoint
from privacy import retention, services
from privacy.identifiers import ERASED_NAME
from privacy.models import PrivacyRequest, RetentionHold, RetentionPolicy
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    TouchpointFactory,
)

# Every record below is dated relative to the day the tests run.
TODAY = timezone.localdate()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _contact(team, *, last_touch: date, won: bool = False) -> Contact:
    company = CompanyFactory(team=team)
    contact = ContactFactory(company=company, first_name="Ruth", last_name=f"Alt{company.pk}")
    Contact.objects.filter(pk=contact.pk).update(updated_at=_at(last_touch))
    TouchpointFactory(company=company, contact=contact, occurred_on=last_touch, text="Anruf")
    if won:
        case = AcquisitionCaseFactory(team=team, company=company)
        won_stage = Stage.objects.get(pipeline=case.pipeline, kind=Stage.Kind.WON)
        AcquisitionCase.objects.filter(pk=case.pk).update(
            stage=won_stage, stage_entered_at=_at(last_touch), opened_at=_at(last_touch)
        )
    return contact


def _closed_case(team, *, closed: date) -> AcquisitionCase:
    case = AcquisitionCaseFactory(team=team, next_step="Frau Alt anrufen")
    lost = Stage.objects.get(pipeline=case.pipeline, kind=Stage.Kind.LOST)
    AcquisitionCase.objects.filter(pk=case.pk).update(
        stage=lost, closed_at=_at(closed), stage_entered_at=_at(closed), opened_at=_at(closed)
    )
    StageChange.objects.filter(case=case).update(note="Sie sagte, kein Bedarf.")
    TouchpointFactory(company=case.company, case=case, occurred_on=closed, text="Notiz zum Anruf")
    return case


def _letter(team, staff, *, made: date) -> Letter:
    case = AcquisitionCaseFactory(team=team)
    letter = Letter(
        team=team, case=case, company=case.company, text="Brief", version=1, created_by=staff.user
    )
    letter.file.save("brief.docx", ContentFile(b"docx"), save=False)
    letter.save()
    Letter.objects.filter(pk=letter.pk).update(created_at=_at(made))
    return letter


def _import(team, *, made: date) -> ImportJob:
    job = ImportJob(team=team, original_name="alt.csv", file_format="csv")
    job.file.save("alt.csv", ContentFile(b"Firma\nA"), save=False)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(created_at=_at(made))
    return job


@pytest.fixture
def old_records(team, staff):
    """Due and not due records on both sides of every default period."""
    return {
        # Contacts: 36 months without activity at companies never won.
        "contact_due": _contact(team, last_touch=TODAY - timedelta(days=3 * 365 + 5)),
        "contact_fresh": _contact(team, last_touch=TODAY - timedelta(days=2 * 365)),
        "contact_won": _contact(team, last_touch=TODAY - timedelta(days=5 * 365), won=True),
        "contact_held": _contact(team, last_touch=TODAY - timedelta(days=4 * 365)),
        # Cases: closed for 5 years.
        "case_due": _closed_case(team, closed=TODAY - timedelta(days=5 * 365 + 10)),
        "case_fresh": _closed_case(team, closed=TODAY - timedelta(days=4 * 365)),
        # Files: 24 months.
        "letter_due": _letter(team, staff, made=TODAY - timedelta(days=2 * 365 + 10)),
        "letter_fresh": _letter(team, staff, made=TODAY - timedelta(days=365)),
        "import_due": _import(team, made=TODAY - timedelta(days=2 * 365 + 10)),
    }


def _hold(team, lead, record, kind):
    RetentionHold.objects.create(
        team=team, kind=kind, object_id=record.pk, reason="Rechtsstreit", created_by=lead.user
    )


def test_add_months_clamps_to_the_end_of_the_month():
    assert retention.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert retention.add_months(date(2026, 12, 3), -36) == date(2023, 12, 3)


def test_exactly_the_due_records_are_erased_and_held_ones_stay(team, lead, old_records):
    _hold(team, lead, old_records["contact_held"], "contact")
    report = services.retention_run(team=team, today=TODAY)

    assert {(item.kind, item.object_id) for item in report.items} == {
        ("contact", old_records["contact_due"].pk),
        ("case", old_records["case_due"].pk),
        ("letter", old_records["letter_due"].pk),
        ("import", old_records["import_due"].pk),
    }
    names = dict(Contact.objects.values_list("pk", "last_name"))
    assert names[old_records["contact_due"].pk] == ERASED_NAME
    for kept in ("contact_fresh", "contact_won", "contact_held"):
        assert names[old_records[kept].pk] == old_records[kept].last_name

    due_case, fresh_case = old_records["case_due"], old_records["case_fresh"]
    assert not StageChange.objects.filter(case=due_case).exclude(note="").exists()
    assert not Touchpoint.objects.filter(case=due_case).exclude(text="").exists()
    assert AcquisitionCase.objects.get(pk=due_case.pk).next_step == ""
    assert StageChange.objects.filter(case=due_case).count() >= 1  # the rows stay
    assert StageChange.objects.filter(case=fresh_case).exclude(note="").exists()

    assert not Letter.objects.get(pk=old_records["letter_due"].pk).file
    assert Letter.objects.get(pk=old_records["letter_fresh"].pk).file
    assert not ImportJob.objects.get(pk=old_records["import_due"].pk).file
    logged = PrivacyRequest.objects.get(kind="retention")
    assert logged.counts == {"contact": 1, "case": 1, "letter": 1, "import": 1}


def test_a_dry_run_changes_nothing(team, old_records):
    report = services.retention_run(team=team, today=TODAY, dry_run=True)
    assert len(report.items) == 5
    assert Contact.objects.filter(last_name=ERASED_NAME).count() == 0
    assert not PrivacyRequest.objects.exists()


def test_a_longer_period_set_by_the_team_keeps_the_contact(team, lead, old_records):
    services.retention_policy_update(team=team, actor=lead.user, contact_months=60)
    services.retention_run(team=team, today=TODAY)
    assert not Contact.objects.filter(last_name=ERASED_NAME).exists()


def test_the_command_prints_what_it_would_erase(team, old_records):
    out = io.StringIO()
    call_command("retention_run", dry_run=True, stdout=out)
    assert f"contact #{old_records['contact_due'].pk}" in out.getvalue()
    assert "would erase 5 records" in out.getvalue()


def test_the_beat_schedule_runs_retention_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention-daily"]
    assert entry["task"] == "privacy.tasks.retention_run_all"


def test_the_page_shows_whats_due_and_a_lead_keeps_a_record(team, lead_client, old_records):
    # Due within 30 days: everything due today is in the list.
    page = lead_client.get(reverse("privacy:retention"))
    contact = old_records["contact_due"]
    assert f'data-due="contact-{contact.pk}"'.encode() in page.content
    response = lead_client.post(
        reverse("privacy:retention_hold"),
        {"kind": "contact", "object_id": contact.pk, "reason": "Prüfung durch den Fördergeber"},
    )
    assert response.status_code == 302
    assert RetentionHold.objects.get(kind="contact").object_id == contact.pk
    page = lead_client.get(reverse("privacy:retention"))
    assert f'data-due="contact-{contact.pk}"'.encode() not in page.content
    assert f'data-hold="contact-{contact.pk}"'.encode() in page.content


def test_a_hold_without_a_reason_is_refused(team, lead_client, old_records):
    contact = old_records["contact_due"]
    response = lead_client.post(
        reverse("privacy:retention_hold"), {"kind": "contact", "object_id": contact.pk}
    )
    assert response.status_code == 302
    assert not RetentionHold.objects.exists()


def test_the_policy_form_refuses_zero(team, lead_client):
    response = lead_client.post(
        reverse("privacy:retention"),
        {"contact_months": 0, "case_years": 5, "file_months": 24, "history_years": 5},
    )
    assert response.status_code == 200
    assert not RetentionPolicy.objects.exists()


def test_staff_may_not_see_the_retention_page(staff_client):
    assert staff_client.get(reverse("privacy:retention")).status_code == 403


def test_history_entries_of_a_registered_model_go_after_their_years(team, monkeypatch):
    # Stands in for the history app's table: any model with a date and a team path.
    monkeypatch.setitem(retention._HISTORY, "privacy.privacyrequest", "created_at")
    old = PrivacyRequest.objects.create(team=team, kind="export", subject="contact", subject_id=1)
    new = PrivacyRequest.objects.create(team=team, kind="export", subject="contact", subject_id=2)
    PrivacyRequest.objects.filter(pk=old.pk).update(created_at=_at(TODAY - timedelta(days=6 * 365)))
    report = services.retention_run(team=team, today=TODAY)
    assert report.history["privacy.privacyrequest"] == 1
    assert not PrivacyRequest.objects.filter(pk=old.pk).exists()
    assert PrivacyRequest.objects.filter(pk=new.pk).exists()


def test_the_change_history_goes_after_its_years(team):
    from history.models import LogEntry

    company = CompanyFactory(team=team, legal_name="Altbau")
    entries = LogEntry.objects.filter(team_id=team.pk)
    assert entries.exists()
    old_ids = list(entries.values_list("pk", flat=True))
    entries.update(timestamp=_at(TODAY - timedelta(days=6 * 365)))
    CompanyFactory(team=team, legal_name="Neubau")
    report = services.retention_run(team=team, today=TODAY)
    assert report.history["history.logentry"] == len(old_ids)
    assert not LogEntry.objects.filter(pk__in=old_ids).exists()
    assert LogEntry.objects.filter(team_id=team.pk).exists()
    assert company.pk
