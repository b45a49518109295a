"""The partners report: members by status, joining and leaving, attendance, at risk, brought."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services as certification
from crm import services as crm_services
from crm.models import Partnership
from crm.reports import members
from network import services
from tests.certification.conftest import (  # noqa: F401 - fixtures for the certification sheets
    applicant,
    application,
    certification_round,
    measures,
    programme,
    review_all,
)
from tests.factories import CompanyFactory


def test_quarters_are_counted_back_from_today():
    assert members.last_quarters(date(2026, 2, 10), 3) == [(2025, 3), (2025, 4), (2026, 1)]
    assert members.quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))


def _world(team, staff, n: int) -> None:
    today = timezone.localdate()
    event = services.event_create(
        team=team,
        by=staff.user,
        title=f"Treffen {n}",
        date=today - timedelta(days=10),
        starts_at=time(9),
        place="Rathaus",
    )
    came = []
    for number in range(n):
        company = CompanyFactory(team=team, legal_name=f"Mitglied {n}-{number}")
        partnership = Partnership.objects.create(
            team=team,
            company=company,
            kind=Partnership.Kind.NETWORK_MEMBER,
            started_on=today - timedelta(days=500),
        )
        if number % 2:
            crm_services.partnership_status_change(
                partnership=partnership, by=staff.user, status="left", reason="Umzug"
            )
        registration = services.registration_record(
            event=event, by=staff.user, name=f"Gast {number}", company=company
        )
        came.append(registration.pk)
    services.attendance_record(event=event, by=staff.user, attended_ids=came)
    # Two quiet members: no contact, no event for a year.
    for number in range(2):
        Partnership.objects.create(
            team=team,
            company=CompanyFactory(team=team, legal_name=f"Still {n}-{number}"),
            kind=Partnership.Kind.SUPPORTER,
            started_on=today - timedelta(days=800),
        )


def _sheets(team):
    return {
        s.key: s for s in members.member_sheets(team=team, filters=None, today=timezone.localdate())
    }


def test_figures_and_their_links(team, staff):
    _world(team, staff, 2)
    sheets = _sheets(team)
    active = sheets["members"].rows[0]
    assert active[0].value == str(Partnership.Status.ACTIVE.label)
    assert active[-1].value == 3  # one member and two supporters
    assert active[-1].url == reverse("network:partner_list") + "?status=active"
    quarter = sheets["joined-left"].rows[-1]
    assert quarter[2].value == 1  # one left this quarter
    assert "ids=" in quarter[2].url
    assert sheets["attendance"].rows[-1][3].value == 2
    assert [row[0].value for row in sheets["at-risk"].rows] == ["Still 2-0 GmbH", "Still 2-1 GmbH"]
    assert {row[0].value for row in sheets["attendance-partners"].rows} == {
        "Mitglied 2-0 GmbH",
        "Mitglied 2-1 GmbH",
    }


@pytest.mark.parametrize("size", [2, 6])
def test_query_count_does_not_grow_with_the_network(team, staff, size, django_assert_num_queries):
    _world(team, staff, size)
    with django_assert_num_queries(8):
        _sheets(team)


def test_the_report_page_and_export_for_leads(lead_client, staff_client, team, staff):
    _world(team, staff, 2)
    page = lead_client.get(reverse("reports:detail", args=["network"]))
    assert page.status_code == 200
    assert b"Still 2-0" in page.content
    export = lead_client.get(reverse("reports:export", args=["network", "xlsx"]))
    assert export.status_code == 200
    assert staff_client.get(reverse("reports:detail", args=["network"])).status_code == 403


def test_recertification_outcomes_and_tandems_are_in_the_report(
    team,
    lead,
    application,  # noqa: F811 - the fixture imported above
    measures,  # noqa: F811
    programme,  # noqa: F811
):
    review_all(application, lead.user)
    certification.application_decide(
        application=application, decision="certified", by=lead.user, decided_on=date(2024, 5, 4)
    )
    mentor, mentee = CompanyFactory(team=team), CompanyFactory(team=team)
    certification.participant_add(programme=programme, company=mentor, role="mentor", by=lead.user)
    certification.participant_add(programme=programme, company=mentee, role="mentee", by=lead.user)
    certification.tandem_create(programme=programme, mentor=mentor, mentee=mentee, by=lead.user)

    sheets = _sheets(team)
    (due,) = sheets["recertifications"].rows
    assert [cell.value for cell in due] == ["Q2/2026", 1, 0, 0, 0, 0, 1]
    assert due[1].url == reverse("certification:due_list")
    (tandems,) = sheets["tandems"].rows
    assert [cell.value for cell in tandems[1:]] == [1, 0]
    assert tandems[0].url == reverse("certification:programme_detail", args=[programme.pk])
