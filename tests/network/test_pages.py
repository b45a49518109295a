"""Partner page, letters and topics: query counts flat, files as expected, leads only."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm import services as crm_services
from network import invitations, services
from tests.factories import AcquisitionCaseFactory, ContactFactory, IntroductionFactory


def _busy(member, staff, event_factory, n):
    introducer = crm_services.partnership_introducer_ensure(partnership=member, by=staff.user)
    contact = ContactFactory(company=member.company)
    for number in range(n):
        event = event_factory(days=-(number + 1), title=f"Treffen {number}")
        registration = services.registration_record(
            event=event, by=staff.user, name=f"Gast {number}", company=member.company
        )
        services.attendance_record(event=event, by=staff.user, attended_ids=[registration.pk])
        case = AcquisitionCaseFactory(team=member.team, owner=staff.user)
        IntroductionFactory(case=case, introducer=introducer)
    for role in ("expert", "mentor", "contact_person")[: min(n, 3)]:
        crm_services.partner_person_add(
            partnership=member, contact=contact, role=role, by=staff.user
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_partner_page_costs_the_same_for_a_busy_partner(
    staff_client, member, member_factory, staff, event_factory
):
    quiet = member_factory("Stille GmbH")
    _busy(quiet, staff, event_factory, 1)
    _busy(member, staff, event_factory, 4)
    small = _queries(staff_client, reverse("network:partner_detail", args=[quiet.pk]))
    large = _queries(staff_client, reverse("network:partner_detail", args=[member.pk]))
    assert large == small


def test_letters_of_an_event_come_as_one_docx_each(staff_client, event, member, staff):
    ContactFactory(company=member.company, email_consent_on=None)
    services.event_invite(
        event=event, companies=[member.company], by=staff.user, mode=invitations.LETTER
    )
    response = staff_client.get(reverse("network:event_letters", args=[event.pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 1
    assert names[0].endswith(".docx")


@pytest.mark.parametrize("name", ["network:topic_list", "network:topic_create"])
def test_topics_are_kept_by_leads(staff_client, lead_client, name):
    assert staff_client.get(reverse(name)).status_code == 403
    assert lead_client.get(reverse(name)).status_code == 200


def test_a_lead_adds_a_topic(lead_client, team):
    lead_client.post(
        reverse("network:topic_create"),
        {"name_de": "Homeoffice", "name_en": "Working from home", "code": "home", "position": 9},
    )
    assert team.expert_topics.get(code="home").name_de == "Homeoffice"


def test_the_partner_page_shows_what_the_company_committed_to(staff_client, staff, member, team):
    """The certification app plugs its panel into the partner page (crm.panels)."""
    from datetime import date

    from django.utils.html import escape

    from benefits.models import Measure
    from certification import services as certification

    measure = Measure.objects.filter(team=team, is_active=True).order_by("code").first()
    assert measure
    certification.commitment_create(
        company=member.company, measure=measure, by=staff.user, target_date=date(2027, 6, 30)
    )
    page = staff_client.get(reverse("network:partner_detail", args=[member.pk]))
    assert page.status_code == 200
    panel = page.content.decode().split('id="certification-panel"', 1)[1]
    assert escape(measure.name_de) in panel
