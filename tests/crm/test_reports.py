"""Reports on a hand-made history: every number of the funnel, the splits and the durations.

Four cases of the team are opened in the period (one more before it, one in
another team):

- A (referral by P1, anna): Lead → Prepared → (skips Introduced) → In talks → Offer → won
- B (cold list, anna): Lead → Prepared → back to Lead → Prepared → lost
- C (own research, ben, introduced by P2): Lead → In talks → lost → reopened in talks → Offer
- D (introduction, opened by anna, moved to lea): Lead → on hold
"""

import io
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from benefits.models import NeedsProfile
from crm import reports, services
from crm.models import AcquisitionCase, LostReason, Membership, Source, Stage
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    IntroductionFactory,
    MembershipFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    OutreachFlagFactory,
    TouchpointFactory,
    UserFactory,
)

DAY = timedelta(days=1)


@pytest.fixture
def history(team, other_team, staff, lead, stage, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    month = (today.replace(day=1) - 100 * DAY).replace(day=1)
    t0 = timezone.make_aware(datetime.combine(month, time(9)))
    anna, lea = staff.user, lead.user
    ben = MembershipFactory(team=team, user=UserFactory(username="ben")).user
    reason = LostReason.objects.filter(team=team).order_by("position").first()
    p1 = NetworkPartnerFactory(team=team, name="IHK Leipzig")
    p2 = NetworkPartnerFactory(team=team, name="=Wirtschaftsförderung", person_name="")
    lead_s, prepared = stage("Hinweis/Empfehlung"), stage("Vorbereitet")
    talks, offer = stage("Im Gespräch"), stage("Angebot")

    def company(name, district, sector, size):
        return CompanyFactory(
            team=team, legal_name=name, district=district, sector_section=sector, size_class=size
        )

    def move(case, to, days, **kwargs):
        return services.case_move(
            case=case, to=to, by=case.owner, version=case.version, at=t0 + days * DAY, **kwargs
        )

    def details(**kwargs):
        return services.MoveDetails(**kwargs)

    a = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Alpha", "Leipzig", "C", "small"),
        source=Source.REFERRAL,
        referred_by=p1,
        at=t0,
    )
    a = move(a, prepared, 2)
    a = move(a, talks, 5)
    a = move(a, offer, 10)
    a = move(a, stage("Partnerschaft"), 20, details=details(partnership_kind="network_member"))

    b = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Beta", "Leipzig", "C", "micro"),
        source=Source.COLD_LIST,
        at=t0,
    )
    b = move(b, prepared, 4)
    b = move(b, lead_s, 6)
    b = move(b, prepared, 9)
    b = move(b, stage("Abgesagt"), 12, details=details(lost_reason=reason))

    c = AcquisitionCaseFactory(
        team=team,
        owner=ben,
        company=company("Gamma", "Nordsachsen", "F", "medium"),
        source=Source.OWN_RESEARCH,
        at=t0 + DAY,
    )
    IntroductionFactory(case=c, introducer=p2, date=(t0 + 2 * DAY).date(), outcome="meeting_agreed")
    c = move(c, talks, 3)
    c = move(c, stage("Abgesagt"), 5, details=details(lost_reason=reason))
    c = move(c, talks, 8)
    c = move(c, offer, 15)

    d = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Delta", "", "", ""),
        source=Source.INTRODUCTION,
        at=t0,
    )
    d = services.case_update(
        case=d, by=lea, version=d.version, owner=lea, source=d.source, referred_by=None
    )
    d = move(d, stage("Zurückgestellt"), 2, details=details(paused_until=today + 30 * DAY))

    # Before the period, and another team's case: neither counts.
    AcquisitionCaseFactory(team=team, owner=anna, source=Source.EVENT, at=t0 - 30 * DAY)
    AcquisitionCaseFactory(team=other_team, source=Source.EVENT, at=t0)

    # Preparation: A's profile before its first letter, B's after, C none, D never written to.
    for case, profile_day in ((a, 1), (b, 4), (d, 0)):
        NeedsProfileFactory(company=case.company, by=anna)
        profile = NeedsProfile.objects.get(company=case.company)
        profile.captured_at = t0 + profile_day * DAY
        profile.save(update_fields=["captured_at"])
    # The stored "prepared" follows touchpoints once their transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        TouchpointFactory(
            company=a.company,
            case=a,
            by=anna,
            occurred_on=(t0 + 3 * DAY).date(),
            is_first_outbound=True,
            warm=True,
        )
        TouchpointFactory(company=a.company, case=a, by=anna, occurred_on=(t0 + 6 * DAY).date())
        TouchpointFactory(
            company=b.company,
            case=b,
            by=anna,
            occurred_on=(t0 + DAY).date(),
            is_first_outbound=True,
        )
        TouchpointFactory(
            company=c.company,
            case=c,
            by=ben,
            occurred_on=(t0 + 2 * DAY).date(),
            is_first_outbound=True,
        )

    OutreachFlagFactory(team=team, user=anna, rule="unprepared_first_contact")
    OutreachFlagFactory(team=team, user=anna, rule="unprepared_first_contact", state="acknowledged")
    OutreachFlagFactory(team=team, user=anna, rule="generic_text", state="dismissed")
    OutreachFlagFactory(team=team, user=ben, rule="generic_text")

    filters = reports.ReportFilters(pipeline=a.pipeline, start=month - 5 * DAY, end=today)
    return {
        "filters": filters,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "anna": anna,
        "ben": ben,
        "lea": lea,
        "p1": p1,
        "p2": p2,
        "reason": reason,
        "month": month,
    }


def test_funnel_counts_every_stage_exactly(team, history):
    funnel = reports.funnel_report(team=team, filters=history["filters"])
    assert [s.stage.name_de for s in funnel.steps] == [
        "Hinweis/Empfehlung",
        "Vorbereitet",
        "Vorgestellt",
        "Im Gespräch",
        "Angebot",
        "Partnerschaft",
    ]
    # C skipped "Vorbereitet" and A and C skipped "Vorgestellt": later stages count as passed.
    assert [s.reached for s in funnel.steps] == [4, 3, 2, 2, 2, 1]
    assert [s.dropped for s in funnel.steps] == [0, 1, 1, 0, 0, 1]
    assert [s.conversion for s in funnel.steps] == [None, 3 / 4, 2 / 3, 1.0, 1.0, 1 / 2]
    assert funnel.steps[1].share_of_opened == 3 / 4
    # Where the others stopped: D on hold after the lead stage, B lost after "Vorbereitet",
    # C (lost once, reopened) still open at the offer.
    stopped = [(s.stopped_lost, s.stopped_paused, s.stopped_open) for s in funnel.steps[:5]]
    assert stopped == [(0, 1, 0), (1, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1)]
    counts = funnel.counts
    assert (counts.opened, counts.won, counts.lost, counts.paused, counts.in_play) == (
        4,
        1,
        1,
        1,
        2,
    )


def test_source_split_with_warmth_and_preparation(team, history):
    split = reports.source_report(team=team, filters=history["filters"])
    meetings = split.meetings
    by_source = {
        r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_source
    }
    assert by_source == {
        "referral": (1, 1, 1),
        "introduction": (1, 0, 0),
        "event": (0, 0, 0),
        "inbound": (0, 0, 0),
        "own_research": (1, 1, 0),
        "cold_list": (1, 0, 0),
    }
    # C came by own research but was introduced before its first meeting: warm.
    warmth = {r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_warmth}
    assert warmth == {"warm": (3, 2, 1), "cold": (1, 0, 0)}
    prepared = {
        r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_preparation
    }
    assert prepared == {"prepared": (1, 1, 1), "unprepared": (2, 1, 0), "not_contacted": (1, 0, 0)}
    assert split.total.opened == 4


def test_breakdown_by_person_counts_a_moved_case_for_its_new_owner(team, history):
    breakdown = reports.breakdown_report(team=team, filters=history["filters"], dimension="owner")
    rows = {
        r.key: (r.counts.opened, r.counts.won, r.counts.lost, r.counts.paused)
        for r in breakdown.rows
    }
    assert rows == {
        history["anna"].pk: (2, 1, 1, 0),
        history["ben"].pk: (1, 0, 0, 0),
        history["lea"].pk: (1, 0, 0, 1),
    }
    districts = reports.breakdown_report(
        team=team, filters=history["filters"], dimension="district"
    )
    assert {r.key: r.counts.opened for r in districts.rows} == {
        "Leipzig": 2,
        "Nordsachsen": 1,
        "": 1,
    }
    assert districts.rows[-1].key == ""  # "not recorded" last
    sizes = reports.breakdown_report(team=team, filters=history["filters"], dimension="size_class")
    assert {r.key: r.counts.reached[1] for r in sizes.rows} == {
        "small": 1,
        "micro": 1,
        "medium": 1,
        "": 0,
    }


def test_time_in_stage_median_and_75th_percentile(team, history):
    report = reports.time_report(team=team, filters=history["filters"])
    rows = {
        r.stage.name_de: (r.moved_on, r.median_days, r.p75_days, r.there_now) for r in report.stages
    }
    assert rows == {
        # A 2, B 4+3 (two stays), C 2, D 2 days
        "Hinweis/Empfehlung": (4, 2.0, 3.25, 0),
        # A 3, B 2+3
        "Vorbereitet": (2, 4.0, 4.5, 0),
        "Vorgestellt": (0, None, None, 0),
        # A 5, C 2+7 (before being lost and after the reopening)
        "Im Gespräch": (2, 7.0, 8.0, 0),
        # A 10; C is still there
        "Angebot": (1, 10.0, 10.0, 1),
        "Zurückgestellt": (0, None, None, 1),
    }


def test_cohorts_per_month(team, history):
    report = reports.time_report(team=team, filters=history["filters"])
    month = history["month"]
    assert report.months[0].month < month  # the period starts in the month before
    assert report.months[0].opened == 0
    row = next(m for m in report.months if m.month == month)
    assert (row.opened, row.won, row.won_in_month) == (4, 1, 1)
    assert sum(m.opened for m in report.months) == 4
    assert report.months[-1].month == timezone.localdate().replace(day=1)


def test_lost_reasons_count_only_cases_still_lost(team, history):
    report = reports.loss_report(team=team, filters=history["filters"])
    counts = {r.label: r.count for r in report.reasons if r.count}
    assert counts == {history["reason"].name: 1}  # B; C was reopened
    assert report.lost == 1
    assert report.paused == 1
    assert [c.pk for c in report.paused_cases] == [history["d"].pk]
    assert report.paused_overdue == 0


def test_outreach_quality(team, history):
    report = reports.outreach_report(team=team, filters=history["filters"])
    flags = {(r.person, r.rule, r.open, r.acknowledged) for r in report.flags}
    anna = history["anna"].get_full_name()
    ben = history["ben"].get_full_name()
    assert flags == {
        (anna, "unprepared_first_contact", 1, 1),
        (ben, "generic_text", 1, 0),
    }
    assert {(r.person, r.first_contacts, r.cold) for r in report.first_contacts} == {
        (anna, 2, 1),
        (ben, 1, 1),
    }
    assert (report.total_first, report.total_cold) == (3, 2)
    assert report.cold_share == 2 / 3


def test_partners(team, history):
    report = reports.partner_report(team=team, filters=history["filters"])
    rows = {
        r.partner.pk: (
            r.referred.opened,
            r.referred.won,
            r.introductions,
            r.meetings,
            r.introduced.opened,
        )
        for r in report.rows
    }
    assert rows == {history["p1"].pk: (1, 1, 0, 0, 0), history["p2"].pk: (0, 0, 1, 1, 1)}


def test_owner_filter_narrows_every_figure(team, history):
    filters = reports.ReportFilters(
        pipeline=history["filters"].pipeline,
        start=history["filters"].start,
        owner_id=history["anna"].pk,
    )
    funnel = reports.funnel_report(team=team, filters=filters)
    assert [s.reached for s in funnel.steps] == [2, 2, 1, 1, 1, 1]


REPORT_SLUGS = [
    "funnel",
    "sources",
    "people",
    "districts",
    "sectors",
    "sizes",
    "time",
    "lost",
    "partners",
]


@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_every_figure_links_to_exactly_its_cases(lead_client, history, slug):
    params = {
        "start": history["filters"].start.isoformat(),
        "end": history["filters"].end.isoformat(),
    }
    response = lead_client.get(reverse("reports:detail", args=[slug]), params)
    assert response.status_code == 200
    links = [
        cell
        for sheet in response.context["sheets"]
        for row in sheet.rows
        for cell in row
        if cell.url.startswith(reverse("cases:list") + "?")
    ]
    assert links
    for cell in links:
        listed = lead_client.get(cell.url)
        assert listed.status_code == 200
        assert listed.context["table"].page.paginator.count == cell.value, cell.url
        assert listed.context["filter"].drilldown


@pytest.mark.parametrize("slug", [*REPORT_SLUGS, "outreach"])
def test_reports_cost_a_fixed_number_of_queries(
    lead_client, history, slug, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = lead_client.get(reverse("reports:detail", args=[slug]))
    assert response.status_code == 200


def test_staff_see_their_own_funnel_only(staff_client, history):
    response = staff_client.get(
        reverse("reports"), {"start": history["filters"].start.isoformat(), "end": ""}
    )
    assert response.status_code == 200
    assert "owner" not in response.context["form"].fields
    steps = response.context["sheets"][0].rows
    assert [row[1].value for row in steps] == [2, 2, 1, 1, 1, 1]  # A and B; D moved to lea
    assert [key for key, _title in response.context["tabs"]] == ["funnel"]
    # Someone else's cases cannot be asked for.
    other = staff_client.get(reverse("reports"), {"owner": history["lea"].pk, "end": ""})
    assert other.context["filters"].owner_id == history["anna"].pk
    assert staff_client.get(reverse("reports:detail", args=["sources"])).status_code == 403


def test_bad_filters_give_a_message_not_an_error(lead_client, history):
    response = lead_client.get(
        reverse("reports"),
        {"start": "gestern", "end": "2020-01-01", "pipeline": "99999"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    # The page speaks German by default; the message is the same in either language.
    assert any("left out" in m or "weggelassen" in m for m in messages)
    assert response.context["filters"].pipeline == history["filters"].pipeline
    reversed_period = lead_client.get(
        reverse("reports"), {"start": "2025-05-01", "end": "2025-04-01"}
    )
    assert reversed_period.status_code == 200
    assert "end" in reversed_period.context["form"].errors
    assert lead_client.get(reverse("reports:detail", args=["nope"])).status_code == 404


def test_csv_and_xlsx_exports_escape_formulas(lead_client, history):
    params = {"start": history["filters"].start.isoformat(), "end": ""}
    url = reverse("reports:export", args=["partners", "csv"])
    csv_text = lead_client.get(url, params).content.decode("utf-8-sig")
    assert "'=Wirtschaftsförderung" in csv_text
    assert "\n=Wirtschaftsförderung" not in csv_text
    response = lead_client.get(reverse("reports:export", args=["partners", "xlsx"]), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'=Wirtschaftsförderung" in names
    assert all(row[0].data_type != "f" for row in sheet.iter_rows())


def test_funnel_xlsx_has_one_worksheet_per_table_with_numbers(lead_client, history):
    params = {"start": history["filters"].start.isoformat(), "end": ""}
    response = lead_client.get(reverse("reports:export", args=["funnel", "xlsx"]), params)
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 2
    reached = [row[1].value for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert reached == [4, 3, 2, 2, 2, 1]


def test_funnel_page_draws_a_chart_beside_each_table(lead_client, history):
    response = lead_client.get(reverse("reports"))
    html = response.content.decode()
    assert 'id="chart-funnel"' in html
    assert 'id="table-funnel"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "cdn" not in html


def test_another_teams_lead_sees_nothing_of_this_team(other_team, history, client):
    outsider = MembershipFactory(team=other_team, role=Membership.Role.LEAD).user
    client.force_login(outsider)
    response = client.get(reverse("reports"), {"start": "", "end": ""})
    assert response.context["sheets"][0].rows[0][1].value == 1  # only its own case
    assert Stage.objects.exists()


def test_outreach_flag_figures_open_the_review_queue(lead_client, history):
    response = lead_client.get(reverse("reports:detail", args=["outreach"]), {"start": ""})
    flags = response.context["sheets"][0]
    anna = next(row for row in flags.rows if row[0].value == history["anna"].get_full_name())
    assert anna[2].value == 1
    assert anna[2].url.startswith(reverse("outreach:review") + "?")
    assert "rule=unprepared_first_contact" in anna[2].url
    assert f"person={history['anna'].pk}" in anna[2].url
    assert lead_client.get(anna[2].url).status_code == 200


def test_stored_warmth_and_preparation_follow_what_happened(
    team, history, django_capture_on_commit_callbacks
):
    from outreach.selectors import cases_with_warmth

    cases = AcquisitionCase.objects.filter(team=team)
    live = reports.with_preparation(cases_with_warmth(cases)).values_list(
        "pk", "warm", "first_contact_preparation"
    )
    stored = cases.values_list("pk", "warm_path", "preparation")
    assert sorted(live) == sorted(stored)
    # A first letter to D's company turns "not contacted" into "prepared" (its profile came first).
    d = history["d"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        TouchpointFactory(company=d.company, by=history["lea"], is_first_outbound=True)
        TouchpointFactory(company=d.company, by=history["lea"])
    d.refresh_from_db()
    assert len(callbacks) == 2  # one flush per save; the second finds nothing left
    assert d.preparation == "prepared"
    assert services.case_report_fields_refresh(cases=cases) == 0


def test_refresh_command_catches_up_after_bulk_changes(team, history):
    from django.core.management import call_command

    a = history["a"]
    AcquisitionCase.objects.filter(pk=a.pk).update(warm_path=False, preparation="unprepared")
    out = io.StringIO()
    call_command("refresh_report_fields", stdout=out)
    assert out.getvalue().strip() == "1 cases updated"
    a.refresh_from_db()
    assert (a.warm_path, a.preparation) == (True, "prepared")
