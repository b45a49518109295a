"""The case list's rows are written by hand for speed; they must read as django-tables2's."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django_tables2 import RequestConfig

from crm.models import Source
from crm.selectors import cases_for_team
from crm.tables import CaseTable
from tests.factories import AcquisitionCaseFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def _table(team, user, **query) -> CaseTable:
    request = RequestFactory().get("/pipeline/cases/", query)
    request.user = user
    table = CaseTable(cases_for_team(team=team))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return table


def _rows(table: CaseTable, template: str) -> str:
    table.template_name = template
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": table.request})
    )
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).replace("<td >", "<td>")


def test_the_written_rows_read_as_the_generic_ones(team, staff):
    today = timezone.localdate()
    late = AcquisitionCaseFactory(
        team=team,
        owner=staff.user,
        company=CompanyFactory(team=team, legal_name="Bäckerei <Schmidt> & Söhne", district=""),
        next_step="Anrufen & nachfassen",
        next_step_due=today,
        source=Source.EVENT,
    )
    # Overdue since three days (a due date is never set in the past by the forms).
    type(late).objects.filter(pk=late.pk).update(next_step_due=today - timedelta(days=3))
    AcquisitionCaseFactory(
        team=team,
        owner=staff.user,
        company=CompanyFactory(team=team, legal_name="Metallbau Schulze", district="Zwickau"),
        next_step="",
        next_step_due=None,
    )
    AcquisitionCaseFactory(
        team=team,
        owner=staff.user,
        company=CompanyFactory(team=team, legal_name="Autohaus Müller"),
        next_step="Brief senden",
        next_step_due=today + timedelta(days=5),
    )
    written = _rows(_table(team, staff.user, sort="-company"), "includes/written_rows_table.html")
    generic = _rows(
        _table(team, staff.user, sort="-company"), "django_tables2/bootstrap5-responsive.html"
    )
    assert written == generic
    assert written.count("<tr") == 3
    assert "Bäckerei &lt;Schmidt&gt; &amp; Söhne" in written
    assert 'class="text-danger fw-semibold"' in written


def test_an_empty_list_says_so(team, staff):
    written = _rows(_table(team, staff.user), "includes/written_rows_table.html")
    assert written == _rows(_table(team, staff.user), "django_tables2/bootstrap5-responsive.html")
    assert 'colspan="9"' in written


@pytest.mark.parametrize("sort", ["company", "-company", "stage", ""])
def test_the_list_counts_and_pages_the_filtered_cases_in_every_order(
    staff_client, team, staff, sort
):
    names = [f"Firma {n:02d}" for n in range(30)]
    for name in names:
        AcquisitionCaseFactory(
            team=team, owner=staff.user, company=CompanyFactory(team=team, legal_name=name)
        )
    AcquisitionCaseFactory(
        team=team, owner=staff.user, company=CompanyFactory(team=team, legal_name="Andere GmbH")
    )
    query = {"q": "Firma", "sort": sort} if sort else {"q": "Firma"}
    first = staff_client.get("/pipeline/cases/", query)
    second = staff_client.get("/pipeline/cases/", {**query, "page": 2})
    assert first.context["table"].page.paginator.count == 30
    shown = [row.record.company.legal_name for row in first.context["table"].page.object_list]
    shown += [row.record.company.legal_name for row in second.context["table"].page.object_list]
    assert sorted(shown) == names
    if sort == "-company":
        assert shown == sorted(names, reverse=True)
    elif sort == "company":
        assert shown == names
