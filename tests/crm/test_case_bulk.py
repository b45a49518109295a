"""Bulk actions on the case list: tick cases, then reassign, plan, pause or add to a campaign."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crm import services
from crm.models import AcquisitionCase, Membership, Stage
from outreach.models import CampaignItem
from outreach.services import campaign_create
from tests.factories import AcquisitionCaseFactory, MembershipFactory, UserFactory


@pytest.fixture
def cases(team, staff):
    return [
        AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name=f"Bulkbau {n}")
        for n in range(3)
    ]


@pytest.fixture
def colleague(team):
    return MembershipFactory(
        team=team, user=UserFactory(username="ben", first_name="Ben", last_name="Roth")
    ).user


def _post(client, action, cases, **fields):
    data = {"action": action, "cases": [str(case.pk) for case in cases], **fields}
    data.setdefault("next", reverse("cases:list") + "?stage=&q=Bulk")
    return client.post(reverse("cases:bulk"), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_the_list_offers_ticks_and_the_bulk_actions(staff_client, cases):
    page = staff_client.get(reverse("cases:list")).content.decode()
    assert 'data-testid="case-bulk"' in page
    for case in cases:
        assert f'value="{case.pk}"' in page
    assert page.count("data-bulk-case") == len(cases)


def test_reassign_gives_the_ticked_cases_to_a_colleague(staff_client, cases, colleague):
    response = _post(staff_client, "reassign", cases[:2], owner=str(colleague.pk))
    assert response.redirect_chain[-1][0] == reverse("cases:list") + "?stage=&q=Bulk"
    assert _messages(response) == ["2 cases given to Ben Roth."]
    owners = dict(AcquisitionCase.objects.values_list("pk", "owner_id"))
    assert [owners[case.pk] for case in cases] == [colleague.pk, colleague.pk, cases[2].owner_id]


def test_reassign_to_someone_outside_the_team_is_refused(staff_client, cases):
    stranger = UserFactory(username="fremd")
    response = _post(staff_client, "reassign", cases, owner=str(stranger.pk))
    assert any("New owner" in message for message in _messages(response))
    assert set(AcquisitionCase.objects.values_list("owner_id", flat=True)) == {cases[0].owner_id}


def test_next_step_is_planned_for_every_ticked_case(staff_client, cases):
    due = timezone.localdate() + timedelta(days=7)
    response = _post(
        staff_client, "next_step", cases, next_step="Anrufen", next_step_due=due.isoformat()
    )
    assert _messages(response) == ["Next step planned for 3 cases."]
    assert set(AcquisitionCase.objects.values_list("next_step", "next_step_due")) == {
        ("Anrufen", due)
    }


def test_one_refusal_changes_none_of_the_cases(staff_client, cases, staff, team):
    closed = cases[1]
    lost_reason = team.lost_reasons.first()
    services.case_lose(case=closed, by=staff.user, version=closed.version, reason=lost_reason)
    until = timezone.localdate() + timedelta(days=30)
    response = _post(staff_client, "pause", cases, paused_until=until.isoformat())
    (message,) = _messages(response)
    assert message.startswith("Bulkbau 1")
    assert message.endswith("Nothing was changed.")
    paused = Stage.Kind.PAUSED
    assert not AcquisitionCase.objects.filter(stage__kind=paused).exists()


def test_pause_puts_the_ticked_cases_on_hold(staff_client, cases):
    until = timezone.localdate() + timedelta(days=30)
    response = _post(staff_client, "pause", cases, paused_until=until.isoformat())
    assert _messages(response) == ["3 cases put on hold."]
    assert set(AcquisitionCase.objects.values_list("stage__kind", "paused_until")) == {
        (Stage.Kind.PAUSED, until)
    }


def test_each_action_asks_for_its_own_field(staff_client, cases):
    response = _post(staff_client, "pause", cases)
    assert _messages(response) == ["On hold until: Fill this in for the chosen action."]
    response = _post(staff_client, "next_step", cases, next_step="")
    assert _messages(response) == ["Next step: Fill this in for the chosen action."]


def test_nothing_ticked_or_too_many_is_said(staff_client, cases, monkeypatch):
    response = _post(staff_client, "next_step", [], next_step="Anrufen")
    assert _messages(response) == [str(services.BULK_NONE)]
    monkeypatch.setattr(services, "BULK_MAX_CASES", 2)
    response = _post(staff_client, "next_step", cases, next_step="Anrufen")
    assert _messages(response) == ["Choose at most 2 cases at once."]
    assert not AcquisitionCase.objects.exclude(next_step="").exists()


def test_another_teams_cases_are_never_touched(cases, other_team):
    outsider = MembershipFactory(
        team=other_team, user=UserFactory(username="mallory"), role=Membership.Role.LEAD
    )
    from django.test import Client

    client = Client()
    client.force_login(outsider.user)
    response = _post(client, "reassign", cases, owner=str(outsider.user.pk))
    assert _messages(response) == [str(services.BULK_NONE)]
    assert set(AcquisitionCase.objects.values_list("owner_id", flat=True)) == {cases[0].owner_id}


def test_a_foreign_next_address_is_not_followed(staff_client, cases):
    response = _post(
        staff_client, "next_step", cases, next_step="Anrufen", next="https://evil.example/"
    )
    assert response.redirect_chain[-1][0] == reverse("cases:list")


def test_ticked_cases_go_into_a_campaign_in_draft(staff_client, cases, staff, team):
    campaign = campaign_create(team=team, by=staff.user, name="Herbstbriefe")
    page = staff_client.get(reverse("cases:list")).content.decode()
    assert f'<option value="{campaign.pk}">Herbstbriefe</option>' in page
    response = staff_client.post(
        reverse("outreach:campaign_cases_bulk_add"),
        {"campaign": str(campaign.pk), "cases": [str(case.pk) for case in cases[:2]]},
    )
    assert response.status_code == 302
    assert set(
        CampaignItem.objects.filter(campaign=campaign).values_list("case_id", flat=True)
    ) == {
        cases[0].pk,
        cases[1].pk,
    }


def test_another_teams_campaign_answers_404(staff_client, cases, other_team):
    owner = MembershipFactory(team=other_team, user=UserFactory(username="olga")).user
    foreign = campaign_create(team=other_team, by=owner, name="Fremd")
    response = staff_client.post(
        reverse("outreach:campaign_cases_bulk_add"),
        {"campaign": str(foreign.pk), "cases": [str(cases[0].pk)]},
    )
    assert response.status_code == 404
    assert not CampaignItem.objects.exists()


def test_the_list_with_bulk_actions_costs_a_fixed_number_of_queries(
    staff_client, team, staff, django_assert_max_num_queries
):
    for n in range(3):
        AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name=f"A{n}")
    staff_client.get(reverse("cases:list"))
    with django_assert_max_num_queries(20) as few:
        staff_client.get(reverse("cases:list"))
    for n in range(10):
        AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name=f"B{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("cases:list"))
