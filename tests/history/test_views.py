"""The history pages: a record's changes, the team's protocol, the record of processing."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from benefits import services as benefit_services
from companies import services as company_services
from crm.models import Membership
from history.models import LogEntry, ProcessingRecord
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    MembershipFactory,
    NeedsProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _record_url(kind: str, pk: int) -> str:
    return reverse("history:record", args=[kind, pk])


def test_a_company_shows_its_changes_newest_first_with_field_names_and_values(
    team, staff, staff_client
):
    company = company_services.company_create(
        team=team, by=staff.user, legal_name="Müller Metallbau", legal_form="GmbH", city="Leipzig"
    )
    company_services.company_update(company=company, by=staff.user, city="Torgau")

    response = staff_client.get(_record_url("company", company.pk))

    assert response.status_code == 200
    rows = response.context["page"].rows
    assert [row.entry.action_name for row in rows] == ["company_update", "company_create"]
    (change,) = [c for c in rows[0].changes if c.old != "—"]
    assert (change.label, change.old, change.new) == ("Ort", "Leipzig", "Torgau")
    assert rows[0].who == staff.user.get_full_name()
    assert "Torgau" in response.content.decode()


def test_the_section_loads_into_the_record_pages(team, staff, staff_client, lead):
    company = CompanyFactory(team=team)
    contact = ContactFactory(company=company)
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user)
    NeedsProfileFactory(company=company, by=staff.user, challenges=["shift_work"])

    for url, kind, pk in (
        (company.get_absolute_url(), "company", company.pk),
        (reverse("companies:contact_update", args=[contact.pk]), "contact", contact.pk),
        (case.get_absolute_url(), "case", case.pk),
    ):
        page = staff_client.get(url).content.decode()
        assert f'hx-get="{_record_url(kind, pk)}"' in page
    section = staff_client.get(_record_url("contact", contact.pk), headers={"HX-Request": "true"})
    assert section.status_code == 200
    assert "<html" not in section.content.decode()
    assert 'data-testid="history-entries"' in section.content.decode()


def test_a_statement_has_its_history(team, staff, staff_client):
    company = CompanyFactory(team=team, employees=30, size_class="small")
    NeedsProfileFactory(company=company, by=staff.user, challenges=["shift_work", "skilled_staff"])
    statement = benefit_services.statement_draft(company=company, by=staff.user)

    assert f'hx-get="{_record_url("statement", statement.pk)}"' in (
        staff_client.get(statement.get_absolute_url()).content.decode()
    )
    rows = staff_client.get(_record_url("statement", statement.pk)).context["page"].rows
    assert rows[-1].entry.action_name == "statement_draft"


def test_another_teams_record_answers_404(other_team, staff_client):
    company = CompanyFactory(team=other_team)
    contact = ContactFactory(company=company)
    assert staff_client.get(_record_url("company", company.pk)).status_code == 404
    assert staff_client.get(_record_url("contact", contact.pk)).status_code == 404
    assert staff_client.get(_record_url("nothing", company.pk)).status_code == 404


def test_a_deleted_user_is_shown_as_deleted(team, staff_client):
    company = CompanyFactory(team=team)
    gone = MembershipFactory(team=team, user=UserFactory(username="bernd")).user
    company_services.company_update(company=company, by=gone, city="Torgau")
    gone.delete()

    rows = staff_client.get(_record_url("company", company.pk)).context["page"].rows
    assert rows[0].who == "gelöschter Benutzer"


def test_the_history_cannot_be_changed_in_the_admin(team, staff):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    company_services.company_update(company=CompanyFactory(team=team), by=staff.user, city="Torgau")
    entry = LogEntry.objects.filter(action_name="company_update").get()

    assert client.get(reverse("admin:history_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:history_logentry_add")).status_code == 403
    assert client.post(reverse("admin:history_logentry_delete", args=[entry.pk])).status_code == 403
    client.post(reverse("admin:history_logentry_change", args=[entry.pk]), {"action_name": "x"})
    entry.refresh_from_db()
    assert entry.action_name == "company_update"


# -- the team's protocol -----------------------------------------------------------------
def test_the_protocol_is_for_leads(staff_client, lead_client):
    assert staff_client.get(reverse("history:protocol")).status_code == 403
    assert lead_client.get(reverse("history:protocol")).status_code == 200


def test_the_protocol_shows_the_teams_changes_only_and_filters_them(
    team, other_team, staff, lead, lead_client
):
    mine = CompanyFactory(team=team, legal_name="Bäckerei Hoffmann")
    theirs = CompanyFactory(team=other_team, legal_name="Elektro Fremd")
    company_services.company_update(company=mine, by=staff.user, city="Torgau")
    company_services.contact_create(company=mine, by=lead.user, last_name="Krause")
    outsider = MembershipFactory(team=other_team).user
    company_services.company_update(company=theirs, by=outsider, city="Wurzen")

    page = lead_client.get(reverse("history:protocol")).content.decode()
    assert "Bäckerei Hoffmann" in page
    assert "Elektro Fremd" not in page

    by_anna = lead_client.get(reverse("history:protocol"), {"actor": staff.user.pk})
    assert {row.entry.actor_id for row in by_anna.context["page"].rows} == {staff.user.pk}

    contacts = LogEntry.objects.filter(content_type__model="contact").first().content_type_id
    only_contacts = lead_client.get(reverse("history:protocol"), {"kind": contacts})
    assert {row.entry.action_name for row in only_contacts.context["page"].rows} == {
        "contact_create"
    }

    by_action = lead_client.get(reverse("history:protocol"), {"action_name": "company_update"})
    assert [row.entry.object_id for row in by_action.context["page"].rows] == [mine.pk]

    tomorrow = timezone.localdate() + timedelta(days=1)
    later = lead_client.get(reverse("history:protocol"), {"date_from": tomorrow.isoformat()})
    assert later.context["page"].rows == []


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2026-13-45"},
        {"actor": "abc"},
        {"kind": "999999"},
        {"action_name": "<script>"},
        {"page": "x"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(lead_client, query):
    response = lead_client.get(reverse("history:protocol"), query)
    assert response.status_code == 200


def test_reversed_dates_are_explained(lead_client):
    response = lead_client.get(
        reverse("history:protocol"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "Das Enddatum liegt vor dem Anfangsdatum." in response.content.decode()


def test_the_protocol_costs_the_same_queries_for_few_and_many_entries(
    team, staff, lead_client, django_assert_max_num_queries
):
    def protocol_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert lead_client.get(reverse("history:protocol")).status_code == 200
        return len(queries)

    def changes(n: int) -> None:
        for index in range(n):
            company = CompanyFactory(team=team)
            contact = ContactFactory(company=company)
            company_services.contact_update(contact=contact, by=staff.user, position=f"P{index}")
            AcquisitionCaseFactory(team=team, company=company, owner=staff.user)

    changes(2)
    few = protocol_queries()
    changes(12)
    many = protocol_queries()
    assert LogEntry.objects.filter(team=team).count() > 50  # a full page
    assert many == few


def test_a_record_page_costs_the_same_queries_for_few_and_many_changes(team, staff, staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    company = CompanyFactory(team=team)
    owner = MembershipFactory(team=team).user

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(_record_url("company", company.pk))
        return len(captured)

    company_services.company_update(company=company, by=staff.user, city="A")
    few = queries()
    for index in range(15):
        company_services.company_update(
            company=company, by=owner if index % 2 else staff.user, city=f"Ort {index}"
        )
    assert queries() == few


# -- the record of processing ---------------------------------------------------------------
def test_the_record_of_processing_lists_the_activities_and_says_it_is_no_legal_advice(
    team, lead_client
):
    response = lead_client.get(reverse("history:processing"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="not-legal-advice"' in page
    assert "keine Rechtsberatung" in page
    for key in ("acquisition", "outreach", "network", "reporting", "accounts"):
        assert f'data-activity="{key}"' in page
    assert "Technische und organisatorische Maßnahmen" in page


def test_a_lead_fills_in_the_controller_and_it_is_recorded(team, lead, lead_client):
    response = lead_client.post(
        reverse("history:processing"),
        {
            "controller": "Kompetenzzentrum Westsachsen e. V., Leipzig",
            "dpo_contact": "Datenschutz GmbH, dsb@example.org",
            "processors": "Hosting: Beispiel-Rechenzentrum (AV-Vertrag 2026)",
            "notes": "",
        },
    )
    assert response.status_code == 302
    record = ProcessingRecord.objects.get(team=team)
    assert record.dpo_contact == "Datenschutz GmbH, dsb@example.org"
    assert record.updated_by == lead.user
    entries = LogEntry.objects.filter(action_name="processing_record_update")
    assert {entry.team for entry in entries} == {team}
    assert {entry.actor for entry in entries} == {lead.user}
    assert (
        "Beispiel-Rechenzentrum" in lead_client.get(reverse("history:processing")).content.decode()
    )


def test_staff_cannot_see_or_change_the_record_of_processing(team, staff_client):
    assert staff_client.get(reverse("history:processing")).status_code == 403
    assert staff_client.post(reverse("history:processing"), {"controller": "x"}).status_code == 403
    assert not ProcessingRecord.objects.exists()


def test_the_record_of_processing_downloads_as_a_word_document(team, lead_client):
    ProcessingRecord.objects.create(team=team, controller="Bündnis für Familie Leipzig")
    response = lead_client.get(reverse("history:processing_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
    assert "Bündnis für Familie Leipzig" in text
    assert "keine Rechtsberatung" in text


def test_the_navigation_links_leads_to_the_data_protection_pages(staff_client, lead_client):
    assert reverse("history:protocol") in lead_client.get(reverse("home")).content.decode()
    assert reverse("history:processing") in lead_client.get(reverse("home")).content.decode()
    assert reverse("history:protocol") not in staff_client.get(reverse("home")).content.decode()


def test_a_superuser_member_sees_the_protocol(team):
    boss = UserFactory(username="chef", is_superuser=True)
    MembershipFactory(team=team, user=boss, role=Membership.Role.STAFF)
    client = Client()
    client.force_login(boss)
    assert client.get(reverse("history:protocol")).status_code == 200
