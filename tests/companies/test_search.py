"""Type-ahead search: case, umlaut spelling and accents do not matter; the team's rows only."""

import pytest
from django.urls import reverse

from companies import search, selectors
from crm.models import Membership
from tests.factories import CompanyFactory, MembershipFactory, NetworkPartnerFactory, UserFactory


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Bäckerei", "backerei"),
        ("baeckerei", "backerei"),
        ("Backerei", "backerei"),
        ("BÄCKEREI", "backerei"),
        ("Straße", "strasse"),
        ("Café  Müller", "cafe muller"),
    ],
)
def test_the_typed_term_is_folded(typed, folded):
    assert search.search_fold(typed) == folded


@pytest.fixture
def bakeries(team):
    return {
        "umlaut": CompanyFactory(
            team=team, legal_name="Bäckerei Schmidt", postal_code="04109", city="Leipzig"
        ),
        "written": CompanyFactory(
            team=team, legal_name="Baeckerei Krause", postal_code="01067", city="Dresden"
        ),
        "plain": CompanyFactory(
            team=team, legal_name="BACKEREI ROTH", postal_code="04177", city="Leipzig"
        ),
        "other": CompanyFactory(
            team=team, legal_name="Metallbau Örtel", postal_code="08056", city="Zwickau"
        ),
    }


@pytest.mark.parametrize("typed", ["baeckerei", "Backerei", "Bäckerei", "BÄCKEREI", "äcker"])
def test_every_spelling_finds_the_same_companies(team, bakeries, typed):
    found = {company.pk for company in selectors.company_suggestions(team=team, term=typed)}
    assert found == {bakeries["umlaut"].pk, bakeries["written"].pk, bakeries["plain"].pk}


def test_words_narrow_by_town_and_postal_code(team, bakeries):
    by_town = selectors.company_suggestions(team=team, term="bäckerei leipzig")
    assert [c.pk for c in by_town] == [bakeries["plain"].pk, bakeries["umlaut"].pk]
    by_code = selectors.company_suggestions(team=team, term="0410")
    assert [c.pk for c in by_code] == [bakeries["umlaut"].pk]
    assert [c.pk for c in selectors.company_suggestions(team=team, term="oertel")] == [
        bakeries["other"].pk
    ]


def test_a_renamed_or_moved_company_is_found_by_its_new_name_and_town(team, staff, bakeries):
    from companies import services

    company = bakeries["other"]
    company.legal_name = "Konditorei Weiß"
    company.city = "Görlitz"
    services.company_save(company=company, by=staff.user)
    assert [c.pk for c in selectors.company_suggestions(team=team, term="weiss goerlitz")] == [
        company.pk
    ]
    assert selectors.company_suggestions(team=team, term="oertel") == []


def test_a_typed_legal_form_narrows_nothing(team, bakeries):
    found = selectors.company_suggestions(team=team, term="Bäckerei Schmidt GmbH")
    assert [c.pk for c in found] == [bakeries["umlaut"].pk]


def test_one_letter_finds_nothing_yet(team, bakeries):
    assert selectors.company_suggestions(team=team, term="b") == []
    assert selectors.company_suggestions(team=team, term="  ") == []


def test_another_teams_companies_are_never_suggested(team, other_team, bakeries):
    CompanyFactory(team=other_team, legal_name="Bäckerei Fremd", city="Leipzig")
    names = [c.legal_name for c in selectors.company_suggestions(team=team, term="fremd")]
    assert names == []


def test_partners_are_found_by_organisation_person_and_town(team):
    chamber = NetworkPartnerFactory(
        team=team, name="Handwerkskammer zu Leipzig", person_name="Jürgen Möller", city="Leipzig"
    )
    NetworkPartnerFactory(team=team, name="IHK Chemnitz", person_name="", city="Chemnitz")
    for typed in ("handwerkskammer", "juergen", "Moeller", "leipzig"):
        assert [p.pk for p in selectors.partner_suggestions(team=team, term=typed)] == [chamber.pk]


def test_the_endpoint_answers_json_for_the_team(staff_client, bakeries):
    response = staff_client.get(reverse("companies:suggest"), {"q": "baeckerei leipzig"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["value"] for item in results] == [bakeries["plain"].pk, bakeries["umlaut"].pk]
    assert results[1] == {
        "value": bakeries["umlaut"].pk,
        "text": bakeries["umlaut"].full_name,
        "detail": "04109 Leipzig",
    }


def test_the_endpoints_need_a_login(client, db):
    for name in ("companies:suggest", "companies:partner_suggest"):
        response = client.get(reverse(name), {"q": "ba"})
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_endpoint_costs_a_fixed_number_of_queries(
    staff_client, team, django_assert_max_num_queries
):
    CompanyFactory(team=team, legal_name="Bäckerei 0")
    staff_client.get(reverse("companies:suggest"), {"q": "backerei"})
    with django_assert_max_num_queries(10) as few:
        staff_client.get(reverse("companies:suggest"), {"q": "backerei"})
    for n in range(1, 25):
        CompanyFactory(team=team, legal_name=f"Bäckerei {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("companies:suggest"), {"q": "backerei"})
    assert len(response.json()["results"]) == selectors.SUGGESTION_LIMIT


def test_the_case_form_lists_only_the_chosen_company(staff_client, team, bakeries):
    page = staff_client.get(reverse("cases:create")).content.decode()
    assert 'data-picker-url="' + reverse("companies:suggest") + '"' in page
    assert "Metallbau" not in page
    page = staff_client.get(
        reverse("cases:create"), {"company": bakeries["other"].pk}
    ).content.decode()
    assert bakeries["other"].full_name in page


def test_a_picked_company_of_another_team_is_refused(team, other_team, staff):
    from crm.forms import CaseOpenForm

    foreign = CompanyFactory(team=other_team, legal_name="Fremd GmbH")
    lead = MembershipFactory(team=team, user=UserFactory(), role=Membership.Role.LEAD)
    form = CaseOpenForm(
        {"company": foreign.pk, "owner": staff.user.pk, "source": "own_research"},
        team=team,
        user=lead.user,
    )
    assert not form.is_valid()
    assert "company" in form.errors
