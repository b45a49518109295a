"""The report pages and exports: links to exactly the cases behind a figure, fixed query
counts, who sees what, bad filters."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from crm.models import Membership, Stage
from tests.factories import (
    MembershipFactory,
)

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


def test_the_funnel_says_won_lost_on_hold_and_open_which_add_up(lead_client, history):
    params = {
        "start": history["filters"].start.isoformat(),
        "end": history["filters"].end.isoformat(),
    }
    response = lead_client.get(
        reverse("reports:detail", args=["funnel"]), params, HTTP_ACCEPT_LANGUAGE="en"
    )
    outcome = next(s for s in response.context["sheets"] if s.key == "outcome")
    figures = {str(row[0].value): row[1].value for row in outcome.rows}
    assert list(figures) == ["Opened", "Won", "Lost", "On hold", "Still open"]
    assert figures["Opened"] == sum(v for k, v in figures.items() if k != "Opened")


def test_the_people_table_shows_partnerships_and_conversion(lead_client, history):
    response = lead_client.get(
        reverse("reports:detail", args=["people"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    [sheet] = response.context["sheets"]
    columns = [str(c) for c in sheet.columns]
    assert columns[0] == "Person"
    assert "Partnerships" in columns
    assert columns.index("Conversion to partnership") == columns.index("Partnerships") + 1
    assert columns[-1] == "Still open"
    assert all(len(row) == len(columns) for row in sheet.rows)


def test_a_reports_table_takes_the_full_width_below_its_chart(lead_client, history):
    html = lead_client.get(reverse("reports:detail", args=["people"])).content.decode()
    chart, table = html.index('id="chart-owner"'), html.index('id="table-owner"')
    assert chart < table
    assert "col-lg-7" not in html
    assert 'class="table-responsive" tabindex="0" role="region"' in html
