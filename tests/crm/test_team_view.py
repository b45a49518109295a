"""The lead's team view on the home page: figures per person, each linking to its list."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from crm import selectors, services
from crm.models import AcquisitionCase, LostReason, Partnership
from outreach.models import OutreachFlag
from outreach.services.flags import flag_acknowledge
from tests.factories import AcquisitionCaseFactory, MembershipFactory, OutreachFlagFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _overdue(case, days=3):
    AcquisitionCase.objects.filter(pk=case.pk).update(
        next_step="Rückruf", next_step_due=timezone.localdate() - timedelta(days=days)
    )


def _win(case, *, by, recertification_due=None):
    case.refresh_from_db()
    return services.case_win(
        case=case,
        by=by,
        version=case.version,
        kind=Partnership.Kind.CERTIFIED_EMPLOYER,
        recertification_due=recertification_due,
    )


def _lose(case, *, by):
    case.refresh_from_db()
    return services.case_lose(
        case=case,
        by=by,
        version=case.version,
        reason=LostReason.objects.filter(team=case.team).first(),
    )


def _links(html: str, testid: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'href="([^"]+)"[^>]*data-testid="{testid}"', html)]


def _listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {case.pk for case in response.context["filter"].qs}


@pytest.fixture
def world(team, staff, lead):
    bert = MembershipFactory(team=team, user__first_name="Bert", user__last_name="Berg")
    anna_cases = AcquisitionCaseFactory.create_batch(3, team=team, owner=staff.user)
    bert_cases = AcquisitionCaseFactory.create_batch(2, team=team, owner=bert.user)
    _overdue(anna_cases[0])
    _overdue(bert_cases[0])
    _overdue(bert_cases[1], days=-2)  # due later: not overdue
    won = _win(
        anna_cases[2],
        by=staff.user,
        recertification_due=timezone.localdate() + timedelta(days=40),
    )
    lost = _lose(bert_cases[1], by=bert.user)
    OutreachFlagFactory(team=team, user=bert.user)
    OutreachFlagFactory(team=team, user=bert.user)
    OutreachFlagFactory(team=team, user=bert.user, state="dismissed")
    return {
        "anna": anna_cases,
        "bert": bert_cases,
        "bert_user": bert.user,
        "won": won,
        "lost": lost,
    }


def test_the_lead_sees_her_team_per_person_and_stage(lead_client, team, staff, world):
    response = lead_client.get(reverse("home"), **EN)
    view = response.context["team_view"]
    by_name = {row.name: row for row in view.rows}
    anna = by_name[staff.user.get_full_name() or staff.user.username]
    bert = by_name["Bert Berg"]

    assert anna.in_play == 2
    assert bert.in_play == 1
    assert anna.overdue == 1
    assert bert.overdue == 1
    assert (anna.won, anna.lost, bert.won, bert.lost) == (1, 0, 0, 1)
    assert anna.recertifications == 1
    assert view.total.in_play == 3
    assert view.total.overdue == 2
    assert [count for _label, count, _url in bert.extra] == [2]  # open flags only
    first_stage = view.stages[0]
    assert dict(anna.cells)[first_stage] == 2
    html = response.content.decode()
    assert "Cases per person and stage" in html
    assert "Flags to review" in html


def test_the_flag_figure_follows_a_review_at_once(lead_client, lead, team, staff, world):
    """The open flags per person are kept in the cache; a reviewed flag still counts off
    on the next view."""

    def bert_flags():
        view = lead_client.get(reverse("home"), **EN).context["team_view"]
        bert = {row.name: row for row in view.rows}["Bert Berg"]
        return [count for _label, count, _url in bert.extra]

    assert bert_flags() == [2]
    flag = OutreachFlag.objects.filter(team=team, state="open").order_by("pk").first()
    flag_acknowledge(flag=flag, by=lead.user, note="Besprochen")
    assert bert_flags() == [1]


def test_staff_see_only_their_own_cases_on_home(staff_client, world):
    response = staff_client.get(reverse("home"), **EN)
    assert "team_view" not in response.context
    assert 'data-testid="team-view"' not in response.content.decode()


@pytest.mark.parametrize(
    ("testid", "expected"),
    [
        ("team-overdue", lambda w: {w["anna"][0].pk, w["bert"][0].pk}),
        ("team-won", lambda w: {w["won"].pk}),
        ("team-lost", lambda w: {w["lost"].pk}),
        ("team-recertifications", lambda w: {w["won"].pk}),
    ],
)
def test_each_team_figure_links_to_exactly_its_cases(lead_client, world, testid, expected):
    html = lead_client.get(reverse("home"), **EN).content.decode()
    [url] = _links(html, testid)
    assert _listed(lead_client, url) == expected(world)


def test_a_persons_figures_link_to_that_persons_cases(lead_client, world):
    view = lead_client.get(reverse("home"), **EN).context["team_view"]
    html = unescape(lead_client.get(reverse("home"), **EN).content.decode())
    bert = world["bert_user"]
    overdue_url = re.search(rf'href="([^"]*owner={bert.pk}&state=overdue[^"]*)"', html).group(1)
    assert _listed(lead_client, overdue_url) == {world["bert"][0].pk}
    stage = view.stages[0]
    stage_url = f"{reverse('cases:list')}?owner={bert.pk}&stage={stage.pk}"
    assert stage_url in html
    assert _listed(lead_client, stage_url) == {world["bert"][0].pk}
    assert f"{reverse('outreach:review')}?person={bert.pk}" in html


def test_a_recertification_far_ahead_is_not_due(lead_client, team, staff):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    _win(case, by=staff.user, recertification_due=timezone.localdate() + timedelta(days=400))
    view = lead_client.get(reverse("home")).context["team_view"]
    assert view.total.recertifications == 0
    assert view.total.won == 1


def test_the_team_view_costs_the_same_queries_for_more_cases_and_people(
    lead_client, team, staff, django_assert_max_num_queries
):
    AcquisitionCaseFactory(team=team, owner=staff.user)
    with django_assert_max_num_queries(30) as small:
        assert lead_client.get(reverse("home")).status_code == 200
    for _ in range(4):
        person = MembershipFactory(team=team).user
        for case in AcquisitionCaseFactory.create_batch(3, team=team, owner=person):
            _overdue(case)
        _win(AcquisitionCaseFactory(team=team, owner=person), by=person)
        OutreachFlagFactory(team=team, user=person)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = lead_client.get(reverse("home"))
    assert len(response.context["team_view"].rows) == 6


def test_another_teams_cases_do_not_count(lead_client, other_team):
    AcquisitionCaseFactory(team=other_team)
    view = lead_client.get(reverse("home")).context["team_view"]
    assert view.total.in_play == 0


def test_months_later_keeps_the_day_or_takes_the_months_last():
    day = timezone.localdate().replace(year=2026, month=8, day=31)
    assert selectors.months_later(day, 6) == day.replace(year=2027, month=2, day=28)
    assert selectors.months_later(day.replace(day=15), 1) == day.replace(month=9, day=15)
    assert selectors.months_later(day.replace(month=12, day=1), 1) == day.replace(
        year=2027, month=1, day=1
    )
