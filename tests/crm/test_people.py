"""A row outlives the user who wrote it: pages render it with "deleted user", not a 500."""

import pytest
from django.urls import reverse

from benefits import services as benefits_services
from crm.templatetags.people import person
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    MembershipFactory,
    NeedsProfileFactory,
    UserFactory,
)

DELETED = "gelöschter Benutzer"


def test_a_person_is_named_by_full_name_then_user_name(db):
    assert person(UserFactory(username="kim", first_name="Kim", last_name="Berg")) == "Kim Berg"
    assert person(UserFactory(username="ole", first_name="", last_name="")) == "ole"


def test_a_deleted_person_has_a_fallback():
    assert person(None) == DELETED


@pytest.fixture
def ghost(team):
    """A colleague who captures and drafts, and is deleted afterwards."""
    return MembershipFactory(team=team, user=UserFactory(username="ghost")).user


@pytest.fixture
def left_behind(team, staff, ghost):
    """What the ghost wrote: a needs profile, a statement with a version, a case."""
    company = CompanyFactory(team=team, legal_name="Metallbau Krause", size_class="small")
    NeedsProfileFactory(company=company, by=ghost, challenges=["shift_work", "skilled_staff"])
    statement = benefits_services.statement_draft(company=company, by=ghost)
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user, by=ghost)
    ghost.delete()
    return company, statement, case


def test_pages_with_a_deleted_author_render(staff_client, left_behind):
    company, statement, case = left_behind
    pages = [
        reverse("companies:detail", args=[company.pk]),
        reverse("benefits:profile_edit", args=[company.pk]),
        reverse("benefits:statement_detail", args=[statement.pk]),
        reverse("cases:detail", args=[case.pk]),
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url

    company_page = staff_client.get(pages[0]).content.decode()
    assert f"Erfasst von {DELETED}" in company_page
    assert DELETED in staff_client.get(pages[2]).content.decode()
