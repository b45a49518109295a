"""The company list's rows are written by hand for speed; they must read as django-tables2's."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

from companies.selectors import companies_for_team, partners_for_team
from companies.tables import CompanyTable, NetworkPartnerTable
from tests.factories import CompanyFactory, ContactFactory, NetworkPartnerFactory

pytestmark = pytest.mark.django_db


def _table(team, user, **query) -> CompanyTable:
    request = RequestFactory().get("/companies/", query)
    request.user = user
    table = CompanyTable(companies_for_team(team=team))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return table


def _rows(table: CompanyTable, template: str) -> str:
    table.template_name = template
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": table.request})
    )
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).replace("<td >", "<td>")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_written_rows_read_as_the_generic_ones(team, staff, language):
    full = CompanyFactory(
        team=team,
        legal_name="Bäckerei <Schmidt> & Söhne",
        city="Zwickau",
        district="Zwickau",
        sector_section="C",
        size_class="small",
    )
    ContactFactory(company=full)
    ContactFactory(company=full)
    CompanyFactory(
        team=team, legal_name="Ohne Angaben", city="", district="", sector_section="", size_class=""
    )
    with translation.override(language):
        for sort in ["legal_name", "-city", "district"]:
            written = _rows(_table(team, staff.user, sort=sort), "includes/written_rows_table.html")
            generic = _rows(
                _table(team, staff.user, sort=sort), "django_tables2/bootstrap5-responsive.html"
            )
            assert written == generic
    assert written.count("<tr") == 2
    assert "Bäckerei &lt;Schmidt&gt; &amp; Söhne" in written
    assert '<td class="text-end">2</td>' in written


def test_an_empty_list_says_so(team, staff):
    written = _rows(_table(team, staff.user), "includes/written_rows_table.html")
    assert written == _rows(_table(team, staff.user), "django_tables2/bootstrap5-responsive.html")
    assert 'colspan="7"' in written


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_partner_rows_read_as_the_generic_ones(team, staff, language):
    NetworkPartnerFactory(
        team=team, name='IHK "Süd" & Co', email="kontakt@ihk.example", person_name="Jana Roth"
    )
    NetworkPartnerFactory(
        team=team, name="Ohne Angaben", email="", person_name="", city="", district=""
    )

    def table(**query):
        request = RequestFactory().get("/partners/", query)
        request.user = staff.user
        made = NetworkPartnerTable(partners_for_team(team=team))
        RequestConfig(request, paginate={"per_page": 25}).configure(made)
        return made

    with translation.override(language):
        for sort in ["name", "-city"]:
            written = _rows(table(sort=sort), "includes/written_rows_table.html")
            assert written == _rows(table(sort=sort), "django_tables2/bootstrap5-responsive.html")
    assert written.count("<tr") == 2
    assert 'href="mailto:kontakt@ihk.example"' in written
    assert "IHK &quot;Süd&quot; &amp; Co" in written
