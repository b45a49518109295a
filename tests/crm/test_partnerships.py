"""Membership after the win: status with history, people and roles, partner as introducer."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from companies.models import NetworkPartner
from crm import services
from crm.models import PartnerPerson, Partnership, PartnershipStatusChange
from tests.factories import AcquisitionCaseFactory, CompanyFactory, ContactFactory


def TODAY():
    return timezone.localdate()


@pytest.fixture
def partnership(team):
    company = CompanyFactory(team=team, legal_name="Druckerei Gutenberg")
    start = TODAY() - timedelta(days=200)
    return Partnership.objects.create(
        team=team, company=company, kind=Partnership.Kind.NETWORK_MEMBER, started_on=start
    )


def test_winning_a_case_makes_an_active_member(team, staff):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    services.case_win(case=case, by=staff.user, version=case.version, kind="charter_signatory")
    partnership = Partnership.objects.get(case=case)
    assert partnership.status == Partnership.Status.ACTIVE
    assert partnership.status_on == partnership.started_on
    assert list(partnership.status_changes.values_list("to_status", flat=True)) == ["active"]


def test_one_click_makes_the_member_an_introducer_once(partnership, staff):
    first = services.partnership_introducer_ensure(partnership=partnership, by=staff.user)
    assert first.kind == NetworkPartner.Kind.PARTNER_COMPANY
    assert first.company == partnership.company
    second = services.partnership_introducer_ensure(partnership=partnership, by=staff.user)
    assert first == second
    assert NetworkPartner.objects.filter(company=partnership.company).count() == 1


def test_status_change_is_recorded_with_reason_and_date(partnership, staff):
    on = TODAY() - timedelta(days=3)
    services.partnership_status_change(
        partnership=partnership, by=staff.user, status="dormant", on=on, reason="Inhaberwechsel"
    )
    partnership.refresh_from_db()
    assert (partnership.status, partnership.status_on) == ("dormant", on)
    change = PartnershipStatusChange.objects.get(partnership=partnership)
    assert (change.from_status, change.to_status, change.reason) == (
        "active",
        "dormant",
        "Inhaberwechsel",
    )
    assert change.changed_by == staff.user


@pytest.mark.parametrize(
    ("status", "days", "reason", "field", "message"),
    [
        ("left", 0, "", "reason", services.PARTNERSHIP_REASON_REQUIRED),
        ("active", 0, "", "status", services.PARTNERSHIP_STATUS_SAME),
        ("gone", 0, "x", "status", services.PARTNERSHIP_STATUS_UNKNOWN),
        ("left", -5, "Umzug", "on", services.PARTNERSHIP_DATE_FUTURE),
        ("left", 400, "Umzug", "on", services.PARTNERSHIP_DATE_BEFORE_START),
    ],
)
def test_bad_status_changes_are_refused(partnership, staff, status, days, reason, field, message):
    with pytest.raises(ValidationError) as caught:
        services.partnership_status_change(
            partnership=partnership,
            by=staff.user,
            status=status,
            on=TODAY() - timedelta(days=days),
            reason=reason,
        )
    assert caught.value.message_dict[field] == [str(message)]
    assert not PartnershipStatusChange.objects.exists()


def test_people_get_roles_once_and_only_of_the_company(partnership, staff):
    own = ContactFactory(company=partnership.company)
    services.partner_person_add(partnership=partnership, contact=own, role="mentor", by=staff.user)
    with pytest.raises(ValidationError) as twice:
        services.partner_person_add(
            partnership=partnership, contact=own, role="mentor", by=staff.user
        )
    assert twice.value.message_dict["role"] == [str(services.PARTNER_PERSON_EXISTS)]
    stranger = ContactFactory(company=CompanyFactory(team=partnership.team))
    with pytest.raises(ValidationError):
        services.partner_person_add(
            partnership=partnership, contact=stranger, role="expert", by=staff.user
        )
    assert PartnerPerson.objects.count() == 1
