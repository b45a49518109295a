"""The review queue: a compact table of flags to filter, tick and answer many at once."""

import pytest
from django.db import connection
from django.urls import reverse

from history.models import LogEntry
from outreach import services
from outreach.models import OutreachFlag
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    OutreachFlagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BULK = "outreach:flags_bulk"
REVIEW = "outreach:review"


@pytest.fixture
def anna(staff):
    user = staff.user
    user.first_name, user.last_name = "Anna", "Berger"
    user.save()
    return user


@pytest.fixture
def flags(team, anna):
    return [
        OutreachFlagFactory(
            team=team,
            user=anna,
            company=CompanyFactory(team=team, legal_name=f"Druckerei {n}", city="Zwickau"),
        )
        for n in range(6)
    ]


def _bulk(
    client, flags, *, action="acknowledge", note="Im Jour fixe besprochen", htmx=True, **more
):
    data = {"action": action, "flags": [str(flag.pk) for flag in flags], "note": note, **more}
    data.setdefault("next", reverse(REVIEW) + "?rule=&severity=")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse(BULK), data, HTTP_ACCEPT_LANGUAGE="en", **headers)


def _states(flags):
    states = dict(OutreachFlag.objects.values_list("pk", "state"))
    return [states[flag.pk] for flag in flags]


def test_the_queue_is_a_table_with_a_tick_per_open_warning(lead_client, team, flags):
    blocking = OutreachFlagFactory(team=team, severity="block")
    done = OutreachFlagFactory(team=team, state="acknowledged")
    page = lead_client.get(reverse(REVIEW), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="flag-bulk"' in page
    assert page.count("data-bulk-flag") == len(flags)  # a blocking flag cannot be ticked
    assert f'id="flag-{blocking.pk}"' in page
    assert f'id="flag-{done.pk}"' not in page  # open flags unless asked
    assert "Druckerei 3" in page
    assert reverse("outreach:flag_resolve", args=[flags[0].pk]) in page
    assert "Select all flags on this page" in page


def test_a_lead_acknowledges_five_flags_with_one_note_and_the_counts_follow(
    lead_client, lead, flags
):
    before = lead_client.get(reverse(REVIEW)).context["review_totals"]
    assert before["open"] == 6

    response = _bulk(lead_client, flags[:5])

    assert response.status_code == 200
    assert _states(flags) == ["acknowledged"] * 5 + ["open"]
    resolved = OutreachFlag.objects.filter(state="acknowledged")
    assert set(resolved.values_list("note", "resolved_by")) == {
        ("Im Jour fixe besprochen", lead.user.pk)
    }
    page = response.content.decode()
    assert "5 flags acknowledged." in page
    # The header's counts, the tab's badge and the table by person come along (htmx oob).
    assert response.context["review_totals"] == {"open": 1, "acknowledged": 5, "dismissed": 0}
    assert 'id="review-totals"' in page
    assert 'id="review-badge"' in page
    assert page.count('hx-swap-oob="true"') == 3
    assert page.count("data-bulk-flag") == 1
    # One action in the history, with the lead as its author.
    entries = LogEntry.objects.filter(action_name__endswith="flags_resolve")
    assert entries.count() == 5
    assert set(entries.values_list("actor_id", flat=True)) == {lead.user.pk}


def test_dismissing_without_htmx_returns_to_the_filtered_queue(lead_client, flags):
    back = reverse(REVIEW) + "?severity=warning"
    response = _bulk(
        lead_client, flags[:2], action="dismiss", note="Passt so", htmx=False, next=back
    )
    assert response.status_code == 302
    assert response.url == back
    assert _states(flags[:3]) == ["dismissed", "dismissed", "open"]
    assert set(OutreachFlag.objects.filter(state="dismissed").values_list("note", flat=True)) == {
        "Passt so"
    }


def test_a_note_is_required_and_the_ticks_stay(lead_client, flags):
    response = _bulk(lead_client, flags[:3], note="  ")
    assert response.status_code == 200
    assert _states(flags[:3]) == ["open"] * 3
    assert response.context["bulk_errors"]
    assert response.context["ticked"] == {flag.pk for flag in flags[:3]}
    assert response.content.decode().count(" checked>") == 3


def test_nothing_ticked_is_refused(lead_client, flags):
    response = _bulk(lead_client, [])
    assert [str(services.FLAGS_NONE)] == response.context["bulk_errors"]
    assert set(_states(flags)) == {"open"}


def test_one_blocking_flag_changes_none_of_them(lead_client, team, flags):
    blocking = OutreachFlagFactory(team=team, severity="block")
    response = _bulk(lead_client, [*flags[:2], blocking])
    assert set(_states([*flags, blocking])) == {"open"}
    [error] = response.context["bulk_errors"]
    assert "Nothing was changed." in error


def test_a_flag_dealt_with_meanwhile_changes_none_of_them(lead_client, lead, flags):
    services.flag_dismiss(flag=flags[1], by=lead.user, reason="schon erledigt")
    _bulk(lead_client, flags[:3])
    assert _states(flags[:3]) == ["open", "dismissed", "open"]


def test_another_teams_flag_among_the_ticks_answers_404_and_changes_nothing(
    lead_client, other_team, flags
):
    foreign = OutreachFlagFactory(team=other_team)
    response = _bulk(lead_client, [*flags[:2], foreign])
    assert response.status_code == 404
    assert set(_states([*flags, foreign])) == {"open"}


def test_staff_cannot_answer_flags(staff_client, flags):
    response = _bulk(staff_client, flags[:2])
    assert response.status_code == 403
    assert set(_states(flags)) == {"open"}


def test_the_service_refuses_staff_too(team, staff, flags):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.flags_resolve(
            team=team,
            by=staff.user,
            flag_ids=[flags[0].pk],
            resolution=services.Resolution.ACKNOWLEDGE,
            note="x",
        )
    assert _states(flags[:1]) == ["open"]


def test_the_next_address_stays_on_the_review_queue(lead_client, flags):
    response = _bulk(lead_client, flags[:1], htmx=False, next="https://evil.example/")
    assert response.url == reverse(REVIEW)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"severity": "block"}, {"Sperre"}),
        ({"rule": "cold_although_warm"}, {"Kalt"}),
        ({"q": "sperre"}, {"Sperre"}),
        ({"q": "Frühling"}, {"Kalt"}),
        ({"state": "dismissed"}, {"Erledigt"}),
        ({"person": "other"}, {"Kollege"}),
        (
            {"person": "999999", "severity": "nonsense", "state": "x"},
            {"Warnung", "Sperre", "Kalt", "Kollege"},
        ),
    ],
)
def test_the_filters(lead_client, team, staff, query, expected):
    from outreach.models import Campaign

    colleague = MembershipFactory(team=team, user=UserFactory(username="ben")).user
    campaign = Campaign.objects.create(team=team, name="Frühling", created_by=staff.user)

    def flag(name, **fields):
        company = CompanyFactory(team=team, legal_name=name)
        return OutreachFlagFactory(team=team, company=company, **{"user": staff.user, **fields})

    flag("Warnung")
    flag("Sperre", severity="block")
    flag("Kalt", rule="cold_although_warm", campaign=campaign)
    flag("Erledigt", state="dismissed")
    flag("Kollege", user=colleague)
    if query.get("person") == "other":
        query = {"person": str(colleague.pk)}
    response = lead_client.get(reverse(REVIEW), query)
    assert response.status_code == 200
    assert {flag.company.legal_name for flag in response.context["flags"]} == expected


def test_the_queue_costs_the_same_with_ten_or_sixty_flags(
    lead_client, team, anna, django_assert_max_num_queries
):
    def load():
        connection.queries_log.clear()
        with django_assert_max_num_queries(40) as queries:
            response = lead_client.get(reverse(REVIEW), {"q": "Druckerei", "severity": "warning"})
        assert response.status_code == 200
        return len(queries.captured_queries)

    def add(count):
        for n in range(count):
            OutreachFlagFactory(
                team=team,
                user=anna,
                company=CompanyFactory(team=team, legal_name=f"Druckerei {n}"),
            )

    add(10)
    load()  # fills the cache of the figures
    few = load()
    add(50)
    load()
    assert load() == few


def test_a_bulk_answer_costs_the_same_page_whatever_the_queue_holds(
    lead_client, team, anna, django_assert_max_num_queries
):
    def add(count):
        return [
            OutreachFlagFactory(
                team=team, user=anna, company=CompanyFactory(team=team, legal_name=f"Bau {n}")
            )
            for n in range(count)
        ]

    def answer(flags):
        connection.queries_log.clear()
        with django_assert_max_num_queries(200) as queries:
            _bulk(lead_client, flags)
        return len(queries.captured_queries)

    first = add(12)
    few = answer(first[:2])
    add(50)
    assert answer(first[2:4]) == few


def test_a_flags_detail_shows_its_evidence_and_the_rules_explanation(lead_client, team, anna):
    flag = OutreachFlagFactory(
        team=team, user=anna, evidence={"age_days": 400, "max_age_days": 180}
    )
    back = reverse(REVIEW) + "?severity=warning"
    response = lead_client.get(
        reverse("outreach:flag_resolve", args=[flag.pk]), {"back": back}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The needs profile is 400 days old" in page
    assert "age_days" in page
    assert response.context["explanation"]
    assert f'href="{back}"' in page.replace("&amp;", "&")
    assert 'name="note"' in page  # still answered here, one at a time


def test_a_flags_detail_is_the_teams_and_the_leads(lead_client, staff_client, team, other_team):
    foreign = OutreachFlagFactory(team=other_team)
    own = OutreachFlagFactory(team=team)
    assert lead_client.get(reverse("outreach:flag_resolve", args=[foreign.pk])).status_code == 404
    assert staff_client.get(reverse("outreach:flag_resolve", args=[own.pk])).status_code == 403
    far = lead_client.get(
        reverse("outreach:flag_resolve", args=[own.pk]), {"back": "https://evil.example/"}
    )
    assert far.context["back"] == reverse(REVIEW)


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "flags": ["1"], "note": "x"},
        {"action": "acknowledge", "flags": ["x", "-1"], "note": "x"},
        {"action": "acknowledge", "flags": ["1" * 20], "note": "x"},
        {"action": "dismiss", "flags": ["1"], "note": "x" * 5000},
        {"action": "dismiss", "next": "//evil.example/outreach/review/"},
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_nonsense_gets_a_message_not_a_500(lead_client, flags, data, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = lead_client.post(reverse(BULK), data, **headers)
    assert response.status_code == (200 if htmx else 302)
    if htmx:
        assert response.context["bulk_errors"]
    assert set(_states(flags)) == {"open"}


def test_the_queue_ignores_nonsense_in_its_filters(lead_client, flags):
    response = lead_client.get(
        reverse(REVIEW),
        {
            "state": "weg",
            "rule": "<b>",
            "severity": "0",
            "person": "x",
            "after": "9" * 30,
            "q": "   ",
        },
    )
    assert response.status_code == 200
    assert len(response.context["flags"]) == len(flags)


def test_a_flag_about_a_contact_links_to_its_case_and_one_without_a_case_does_not(
    lead_client, team, anna
):
    from tests.factories import AcquisitionCaseFactory, TouchpointFactory

    case = AcquisitionCaseFactory(team=team, owner=anna)
    touched = OutreachFlagFactory(
        team=team,
        user=anna,
        company=case.company,
        touchpoint=TouchpointFactory(team=team, company=case.company, case=case),
    )
    loose = OutreachFlagFactory(team=team, user=anna, company=CompanyFactory(team=team))
    page = lead_client.get(reverse(REVIEW), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = page[page.index(f'id="flag-{touched.pk}"') :]
    assert reverse("cases:detail", args=[case.pk]) in row[: row.index("</tr>")]
    row = page[page.index(f'id="flag-{loose.pk}"') :]
    assert "flag-none" in row[: row.index("</tr>")]
