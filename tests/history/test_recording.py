"""Who changed what, when, through which action: the entries the services leave."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from companies import services as company_services
from companies.models import Company, Contact, ImportJob
from crm import services as crm_services
from history import recording
from history.models import LogEntry
from outreach.models import OutreachFlag
from tests.factories import CompanyFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

MUELLER = {
    "legal_name": "Müller Metallbau",
    "legal_form": "GmbH",
    "street": "Gießerstraße 12",
    "postal_code": "04229",
    "city": "Leipzig",
}


def _entries(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


def test_a_created_company_records_who_when_which_team_and_the_service(team, staff):
    company = company_services.company_create(team=team, by=staff.user, **MUELLER)

    (entry,) = _entries(company)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == staff.user
    assert entry.team == team
    assert entry.action_name == "company_create"
    assert entry.changes["legal_name"] == ["None", "Müller Metallbau"]
    assert entry.timestamp is not None


def test_a_change_records_the_old_and_the_new_value_of_the_changed_fields_only(team, staff):
    contact = ContactFactory(company=CompanyFactory(team=team), phone="+49 341 1234567")

    company_services.contact_update(contact=contact, by=staff.user, phone="+49 341 7654321")

    entry = _entries(contact)[-1]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes == {"phone": ["+49 341 1234567", "+49 341 7654321"]}
    # A contact has no team of its own: the company's.
    assert entry.team == team
    assert entry.action_name == "contact_update"


def test_a_delete_is_recorded_with_the_deleted_values(team, staff):
    contact = ContactFactory(company=CompanyFactory(team=team), last_name="Krause")
    pk = contact.pk

    company_services.contact_delete(contact=contact, by=staff.user)

    entry = LogEntry.objects.filter(object_id=pk, action=LogEntry.Action.DELETE).get()
    assert entry.changes["last_name"] == ["Krause", "None"]
    assert entry.actor == staff.user
    assert entry.action_name == "contact_delete"


def test_a_nested_service_keeps_the_outer_action_name(team, staff):
    survivor = CompanyFactory(team=team, legal_name="Müller Metallbau")
    merged = CompanyFactory(team=team, legal_name="Mueller Metallbau")
    contact = ContactFactory(company=merged)

    company_services.company_merge(
        survivor=survivor, merged=merged, field_choices={}, by=staff.user
    )

    names = set(
        LogEntry.objects.filter(timestamp__gte=contact.created_at)
        .exclude(action_name="")
        .values_list("action_name", flat=True)
    )
    assert names == {"company_merge"}
    # The moved contact is counted on the survivor's entry, the merged company's deletion kept.
    moved = [e for e in _entries(survivor) if e.counts]
    assert moved[0].counts == {"companies.Contact.company": 1}
    assert LogEntry.objects.filter(
        object_id=merged.pk, action=LogEntry.Action.DELETE, content_type__model="company"
    ).exists()


def test_passwords_and_logins_are_never_recorded(team):
    user = UserFactory(username="bea")
    user.set_password("geheim-123")
    user.save()
    user.last_login = user.date_joined
    user.save()

    entries = LogEntry.objects.get_for_object(user)
    assert entries.exists()
    for entry in entries:
        assert "password" not in (entry.changes or {})
        assert "last_login" not in (entry.changes or {})
    assert "geheim" not in str(list(entries.values_list("changes", flat=True)))


def test_the_password_hash_is_not_in_the_history(team):
    user = UserFactory(username="carl")
    user.set_password("noch-geheimer")
    user.save()
    hashed = get_user_model().objects.get(pk=user.pk).password
    assert not LogEntry.objects.filter(changes__icontains=hashed[-20:]).exists()


def test_a_change_outside_a_service_keeps_the_request_user_as_actor(team, staff):
    company = CompanyFactory(team=team)
    with recording.request_actor(staff.user.pk):
        company.notes = "Admin-Korrektur"
        company.save()

    entry = _entries(company)[-1]
    assert entry.actor == staff.user
    assert entry.action_name == ""


def test_a_team_is_created_with_its_default_stages_counted_in_one_entry():
    team = crm_services.team_create(name="Bündnis Nord", slug="nord")

    bulk = LogEntry.objects.filter(team=team, additional_data__has_key="counts")
    by_model = {e.content_type.model: e.counts for e in bulk}
    assert by_model["stage"]["created"] > 0
    assert by_model["lostreason"]["created"] > 0
    assert {e.action_name for e in bulk} == {"team_create"}


def test_the_import_is_one_entry_on_the_job_with_its_counts_and_its_user(
    team, staff, django_capture_on_commit_callbacks
):
    header = "Firma;Straße;PLZ;Ort;Vorname;Nachname"
    rows = ["Müller Metallbau GmbH;Gießerstraße 12;04229;Leipzig;Petra;Müller"]
    rows += [f"Tischlerei {n} GmbH;Lindenweg {n};04103;Leipzig;;" for n in range(1, 4)]
    data = "\n".join([header, *rows]).encode()
    job = company_services.import_job_create(
        team=team, by=staff.user, upload=SimpleUploadedFile("liste.csv", data)
    )
    with django_capture_on_commit_callbacks(execute=True):
        company_services.import_job_check(job=job, mapping=job.mapping, by=staff.user)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        company_services.import_job_start(job=job, import_duplicates=False, by=staff.user)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE

    bulk = [e for e in _entries(job) if e.counts]
    assert len(bulk) == 1
    assert bulk[0].counts == {"companies_created": 4, "contacts_created": 1, "contacts_refused": 0}
    assert bulk[0].actor == staff.user
    assert bulk[0].team == team
    # No entry per imported company or contact.
    assert not LogEntry.objects.filter(
        content_type__model__in=["company", "contact"], action=LogEntry.Action.CREATE
    ).exists()
    assert Company.objects.filter(team=team).count() == 4
    assert Contact.objects.filter(company__team=team).count() == 1


def test_bulk_counts_of_nested_services_add_up_to_one_entry_per_action(team):
    with recording.action("team_reevaluate", team=team):
        recording.tally(OutreachFlag, created=3)
        recording.tally(OutreachFlag, created=2, deleted=1)
        assert not LogEntry.objects.filter(
            additional_data__has_key="counts", content_type__model="outreachflag"
        ).exists()

    (entry,) = LogEntry.objects.filter(
        additional_data__has_key="counts", content_type__model="outreachflag"
    )
    assert entry.counts == {"created": 5, "deleted": 1}
    assert entry.team == team
    assert entry.action_name == "team_reevaluate"


def test_a_failed_action_leaves_no_count_entry(team):
    def failing() -> None:
        with recording.action("team_reevaluate", team=team):
            recording.tally(OutreachFlag, created=3)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing()
    assert not LogEntry.objects.filter(
        additional_data__has_key="counts", content_type__model="outreachflag"
    ).exists()


def test_a_task_that_learns_its_user_inside_records_it_for_the_whole_action(team, staff):
    company = CompanyFactory(team=team)
    with recording.action("letter_batch_run"):
        # The task started with an id only; the batch names its user.
        with recording.action("letter_batch_run", actor=staff.user, team=team):
            company_services.company_update(company=company, by=None, city="Torgau")
        recording.tally(OutreachFlag, created=1)

    entries = LogEntry.objects.filter(action_name="letter_batch_run")
    assert {entry.actor for entry in entries} == {staff.user}
    assert {entry.team for entry in entries} == {team}
    assert entries.count() == 2


def test_the_selectors_give_a_record_and_a_team_their_entries(team, other_team, staff):
    from history import selectors

    mine = company_services.company_create(team=team, by=staff.user, **MUELLER)
    company_services.company_update(company=mine, by=staff.user, city="Torgau")
    company_services.company_create(team=other_team, by=None, **MUELLER)

    assert [e.action_name for e in selectors.entries_for_object(mine)] == [
        "company_update",
        "company_create",
    ]
    team_entries = selectors.entries_for_team(
        team, selectors.ProtocolFilters(action_name="company_create")
    )
    assert [e.object_id for e in team_entries] == [mine.pk]
    assert "company_update" in selectors.action_names_for_team(team)
