"""No dead ends: where Tandem says something is missing, it links to the fix and back."""

from html import unescape
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import reverse

from benefits import apps as benefits_apps
from companies.models import Company
from crm import requirements
from crm.navigation import next_url, url_with_next
from tests.factories import AcquisitionCaseFactory, CompanyFactory, ContactFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def needs_profile_required():
    """The benefits app's real check and fix (crm's tests start with an empty registry)."""
    requirements.register(
        code=requirements.NEEDS_PROFILE,
        label=benefits_apps.NEEDS_PROFILE_LABEL,
        check=benefits_apps.needs_profile_check,
        fix=benefits_apps.needs_profile_fix,
    )
    yield
    requirements.unregister(requirements.NEEDS_PROFILE)


# -- next ---------------------------------------------------------------------------------
def test_url_with_next_adds_the_way_back():
    assert url_with_next("/a/", "/cases/1/") == "/a/?next=%2Fcases%2F1%2F"
    assert url_with_next("/a/?x=1", "/b/?c=2") == "/a/?x=1&next=%2Fb%2F%3Fc%3D2"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/pipeline/cases/3/", "/pipeline/cases/3/"),
        ("https://evil.example/", ""),
        ("//evil.example/", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_only_a_path_on_this_site_is_a_way_back(given, expected):
    request = RequestFactory().get("/x/", {"next": given})
    assert next_url(request) == expected


# -- stage requirements -------------------------------------------------------------------
def test_an_unmet_requirement_links_to_its_form_and_saving_returns_to_the_case(
    staff_client, team, staff, needs_profile_required
):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)  # next stage needs a profile
    page = staff_client.get(case.get_absolute_url(), **EN)
    [status] = page.context["next_stage"].requirements
    assert not status.met
    profile_url = reverse("benefits:profile_edit", args=[case.company_id])
    assert status.fix_url == f"{profile_url}?next={quote(case.get_absolute_url(), safe='')}"
    assert status.fix_url in unescape(page.content.decode())

    form = staff_client.get(status.fix_url, **EN).content.decode()
    assert 'data-testid="back-link"' in form
    saved = staff_client.post(status.fix_url, {"challenges": ["shift_work"]})
    assert saved.status_code == 302
    assert saved.url == case.get_absolute_url()
    again = staff_client.get(case.get_absolute_url()).context["next_stage"]
    assert again.ready


def test_a_foreign_next_is_ignored_after_saving(staff_client, team, needs_profile_required):
    company = CompanyFactory(team=team)
    url = reverse("benefits:profile_edit", args=[company.pk])
    saved = staff_client.post(f"{url}?next=https://evil.example/", {"challenges": ["rural"]})
    assert saved.status_code == 302
    assert saved.url == company.get_absolute_url()


# -- contact and company round trips ------------------------------------------------------
def test_saving_a_contact_returns_to_where_the_user_came_from(staff_client, team, case):
    contact = ContactFactory(company=case.company)
    back = reverse("outreach:touchpoint_create", args=[case.pk])
    url = url_with_next(reverse("companies:contact_update", args=[contact.pk]), back)
    form = staff_client.get(url, **EN)
    data = {
        name: value
        for name, value in form.context["form"].initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(first_name=contact.first_name, last_name=contact.last_name, email_consent_on="")
    saved = staff_client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert saved.url == back


def test_the_company_page_opens_its_case_instead_of_offering_a_new_one(staff_client, team, case):
    page = staff_client.get(case.company.get_absolute_url(), **EN).content.decode()
    assert 'data-testid="company-open-case"' in page
    assert case.get_absolute_url() in page
    assert f"{reverse('cases:create')}?company={case.company_id}" not in page

    fresh = CompanyFactory(team=team)
    page = staff_client.get(fresh.get_absolute_url(), **EN).content.decode()
    assert f"{reverse('cases:create')}?company={fresh.pk}" in page


# -- duplicates ---------------------------------------------------------------------------
def test_the_duplicates_page_is_linked_from_the_list_and_lists_near_duplicates(staff_client, team):
    address = {"street": "Gießerstraße 12", "postal_code": "04229", "city": "Leipzig"}
    first = CompanyFactory(team=team, legal_name="Bäckerei Müller GmbH", **address)
    second = CompanyFactory(team=team, legal_name="Baeckerei Mueller GmbH", **address)
    CompanyFactory(team=team, legal_name="Schulze Metallbau GmbH", **address)

    listing = staff_client.get(reverse("companies:list"), **EN).content.decode()
    assert reverse("companies:duplicates") in listing
    response = staff_client.get(reverse("companies:duplicates"), **EN)
    review = response.context["review"]
    assert review.total == 1
    [cluster] = review.clusters
    assert {c.pk for c in cluster.companies} == {first.pk, second.pk}
    [pair] = cluster.pairs
    merge = reverse("companies:merge", args=[pair.a.pk, pair.b.pk])
    assert merge in response.content.decode()
    assert staff_client.get(merge).status_code == 200
    # The company page names the same candidate.
    detail = staff_client.get(first.get_absolute_url()).context["duplicates"]
    assert [c.company.pk for c in detail] == [second.pk]
    assert Company.objects.filter(team=team).count() == 3


def test_the_move_page_links_what_the_target_stage_still_needs(
    staff_client, team, staff, stage, needs_profile_required
):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    url = reverse("cases:move", args=[case.pk])
    response = staff_client.get(url, {"to": stage("Vorbereitet").pk, "version": case.version}, **EN)
    [status] = response.context["fixes"]
    assert status.fix_url.startswith(reverse("benefits:profile_edit", args=[case.company_id]))
    assert 'data-testid="move-fixes"' in response.content.decode()
    refused = staff_client.post(
        url, {"to": stage("Vorbereitet").pk, "version": case.version, "details": "1"}, **EN
    )
    assert refused.status_code == 200
    assert [s.label for s in refused.context["fixes"]] == [status.label]
