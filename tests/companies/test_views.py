"""Company, contact and partner pages: team scoping, bad input, query counts."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from companies.models import Company, Contact, NetworkPartner
from tests.factories import CompanyFactory, ContactFactory, NetworkPartnerFactory

VALID_COMPANY = {
    "legal_name": "Metallbau Schulze",
    "legal_form": "GmbH & Co. KG",
    "street": "Gießerstraße 12",
    "postal_code": "04229",
    "city": "Leipzig",
    "district": "Leipzig",
    "sector_division": "25",
    "employees": "42",
    "website": "metallbau-schulze.de",
    "phone": "+49 341 1234567",
    "email": "info@metallbau-schulze.de",
}


# -- team scoping ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("companies:detail", CompanyFactory),
        ("companies:update", CompanyFactory),
        ("companies:delete", CompanyFactory),
        ("companies:contact_create", CompanyFactory),
        ("companies:contact_update", ContactFactory),
        ("companies:contact_delete", ContactFactory),
        ("companies:partner_detail", NetworkPartnerFactory),
        ("companies:partner_update", NetworkPartnerFactory),
        ("companies:partner_delete", NetworkPartnerFactory),
    ],
)
def test_another_teams_objects_answer_404(staff_client, other_team, url_name, factory):
    if factory is ContactFactory:
        obj = factory(company=CompanyFactory(team=other_team))
    else:
        obj = factory(team=other_team)

    assert staff_client.get(reverse(url_name, args=[obj.pk])).status_code == 404
    if url_name.endswith("delete"):
        assert staff_client.post(reverse(url_name, args=[obj.pk])).status_code == 404
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_lists_show_only_own_team(staff_client, team, other_team):
    CompanyFactory(team=team, legal_name="Bäckerei Hoffmann")
    CompanyFactory(team=other_team, legal_name="Fremdfirma Geheim")
    NetworkPartnerFactory(team=team, name="IHK Chemnitz")
    NetworkPartnerFactory(team=other_team, name="HWK Fremd")

    companies = staff_client.get(reverse("companies:list")).content.decode()
    partners = staff_client.get(reverse("companies:partner_list")).content.decode()

    assert "Bäckerei Hoffmann" in companies
    assert "Fremdfirma Geheim" not in companies
    assert "IHK Chemnitz" in partners
    assert "HWK Fremd" not in partners


def test_pages_need_login(client, team):
    company = CompanyFactory(team=team)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_team_is_told_so(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="orphan"))
    response = client.get(reverse("companies:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "not a member of any team" in response.content.decode()


# -- list: filters and query count ------------------------------------------------
def test_list_filters_by_text_sector_size_and_district(staff_client, team):
    CompanyFactory(
        team=team,
        legal_name="Pflegedienst Sonnenschein",
        sector_section="R",
        sector_division="87",
        size_class="medium",
        district="Zwickau",
    )
    CompanyFactory(team=team, legal_name="Elektro Krause", district="Leipzig")
    ContactFactory(
        company=CompanyFactory(team=team, legal_name="Tischlerei Ohne"), last_name="Yilmaz"
    )
    url = reverse("companies:list")

    def names(**params):
        html = staff_client.get(url, params).content.decode()
        # Full names: a random user name in the header may be "Krause" too.
        full = {
            "Sonnenschein": "Pflegedienst Sonnenschein",
            "Krause": "Elektro Krause",
            "Tischlerei": "Tischlerei Ohne",
        }
        return {short for short, name in full.items() if name in html}

    assert names(q="sonnen") == {"Sonnenschein"}
    assert names(q="yilmaz") == {"Tischlerei"}
    assert names(sector_section="R") == {"Sonnenschein"}
    assert names(size_class="medium") == {"Sonnenschein"}
    assert names(district="Zwickau") == {"Sonnenschein"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9999"},
        {"page": "abc"},
        {"sort": "nonsense"},
        {"sector_section": "ZZ"},
        {"district": "<script>"},
        {"q": "%' OR 1=1 --"},
        {"q": "x" * 5000},
    ],
)
def test_list_survives_odd_query_strings(staff_client, team, params):
    CompanyFactory(team=team)
    response = staff_client.get(reverse("companies:list"), params)
    assert response.status_code in {200, 404}


def test_company_list_query_count_does_not_grow(staff_client, team, django_assert_max_num_queries):
    def load():
        response = staff_client.get(reverse("companies:list"))
        assert response.status_code == 200

    CompanyFactory.create_batch(10, team=team)
    with django_assert_max_num_queries(12) as small:
        load()
    CompanyFactory.create_batch(490, team=team)
    for company in Company.objects.filter(team=team)[:50]:
        ContactFactory(company=company)
    with django_assert_max_num_queries(len(small.captured_queries)):
        load()


def test_partner_list_query_count_does_not_grow(staff_client, team, django_assert_max_num_queries):
    NetworkPartnerFactory.create_batch(3, team=team, company=CompanyFactory(team=team))
    with django_assert_max_num_queries(12) as small:
        staff_client.get(reverse("companies:partner_list"))
    NetworkPartnerFactory.create_batch(60, team=team, company=CompanyFactory(team=team))
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(reverse("companies:partner_list"))


# -- create, edit, delete ----------------------------------------------------------
def test_create_company_derives_size_section_and_normalised_name(staff_client, team, staff):
    response = staff_client.post(reverse("companies:create"), VALID_COMPANY)

    company = Company.objects.get(team=team)
    assert response.status_code == 302
    assert response.url == company.get_absolute_url()
    assert company.full_name == "Metallbau Schulze GmbH & Co. KG"
    assert company.size_class == "small"
    assert company.sector_section == "C"
    assert company.website == "https://metallbau-schulze.de"
    assert company.name_normalized == "metallbau schulze"
    assert company.created_by == staff.user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "4109", "five digits"),
        ("postal_code", "0410a", "five digits"),
        ("postal_code", "041090", "at most 5"),
        ("email", "info@", "valid email"),
        ("website", "http://", "valid URL"),
        ("phone", "call me", "phone number"),
        ("phone", "12", "phone number"),
        ("legal_name", "", "required"),
        ("employees", "-3", "greater than or equal"),
        ("sector_division", "45", "valid choice"),
    ],
)
def test_create_company_rejects_bad_input_at_the_field(staff_client, team, field, value, message):
    response = staff_client.post(
        reverse("companies:create"), {**VALID_COMPANY, field: value}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Company.objects.exists()


def test_edit_company(staff_client, team):
    company = CompanyFactory(team=team)
    response = staff_client.post(
        reverse("companies:update", args=[company.pk]),
        {**VALID_COMPANY, "legal_name": "Müller & Söhne", "employees": "260"},
    )
    company.refresh_from_db()
    assert response.status_code == 302
    assert company.legal_name == "Müller & Söhne"
    assert company.size_class == "large"
    assert company.name_normalized == "mueller soehne"


def test_delete_company_asks_first_then_deletes_with_contacts(staff_client, team):
    company = CompanyFactory(team=team)
    ContactFactory.create_batch(2, company=company)

    confirm = staff_client.get(reverse("companies:delete", args=[company.pk]))
    assert confirm.status_code == 200
    assert Company.objects.filter(pk=company.pk).exists()

    response = staff_client.post(reverse("companies:delete", args=[company.pk]))
    assert response.status_code == 302
    assert not Company.objects.filter(pk=company.pk).exists()
    assert not Contact.objects.exists()


def test_contact_create_edit_and_delete(staff_client, team):
    company = CompanyFactory(team=team)
    response = staff_client.post(
        reverse("companies:contact_create", args=[company.pk]),
        {
            "salutation": "frau",
            "title": "Dr.",
            "first_name": "Petra",
            "last_name": "Schulz",
            "role": "owner",
            "email": "p.schulz@example.org",
            "legal_basis": "legitimate_interest",
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert contact.company == company
    assert contact.full_name == "Dr. Petra Schulz"

    staff_client.post(
        reverse("companies:contact_update", args=[contact.pk]),
        {
            "salutation": "frau",
            "last_name": "Schulz-Berg",
            "role": "hr",
            "legal_basis": "consent",
            "do_not_contact": "on",
        },
    )
    contact.refresh_from_db()
    assert contact.last_name == "Schulz-Berg"
    assert not contact.may_be_contacted

    staff_client.post(reverse("companies:contact_delete", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_neutral_salutation_needs_first_name(staff_client, team):
    company = CompanyFactory(team=team)
    response = staff_client.post(
        reverse("companies:contact_create", args=[company.pk]),
        {"salutation": "neutral", "last_name": "Weber", "role": "owner", "legal_basis": "unknown"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "first name" in str(response.context["form"].errors["first_name"])
    assert not Contact.objects.exists()


def test_contact_rejects_bad_email_and_date(staff_client, team):
    company = CompanyFactory(team=team)
    response = staff_client.post(
        reverse("companies:contact_create", args=[company.pk]),
        {
            "salutation": "herr",
            "last_name": "Yilmaz",
            "role": "owner",
            "legal_basis": "unknown",
            "email": "not-an-email",
            "objected_at": "31.02.2026",
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {"email", "objected_at"}
    assert not Contact.objects.exists()


def test_partner_create_links_only_own_companies(staff_client, team, other_team):
    own = CompanyFactory(team=team, legal_name="Partnerfirma Eigen")
    foreign = CompanyFactory(team=other_team)
    data = {"kind": "partner_company", "name": "Partnerfirma Eigen", "postal_code": "09111"}

    refused = staff_client.post(
        reverse("companies:partner_create"), {**data, "company": foreign.pk}
    )
    assert refused.status_code == 200
    assert "company" in refused.context["form"].errors
    assert not NetworkPartner.objects.exists()

    staff_client.post(reverse("companies:partner_create"), {**data, "company": own.pk})
    partner = NetworkPartner.objects.get()
    assert partner.team == team
    assert partner.company == own


def test_partner_edit_and_delete(staff_client, team):
    partner = NetworkPartnerFactory(team=team)
    response = staff_client.post(
        reverse("companies:partner_update", args=[partner.pk]),
        {"kind": "hwk", "name": "Handwerkskammer Chemnitz", "postal_code": "123"},
    )
    assert "postal_code" in response.context["form"].errors
    staff_client.post(
        reverse("companies:partner_update", args=[partner.pk]),
        {"kind": "hwk", "name": "Handwerkskammer Chemnitz", "postal_code": "09111"},
    )
    partner.refresh_from_db()
    assert partner.name == "Handwerkskammer Chemnitz"
    staff_client.post(reverse("companies:partner_delete", args=[partner.pk]))
    assert not NetworkPartner.objects.exists()


# -- duplicate warnings while entering ---------------------------------------------------
@pytest.fixture
def schulze(team):
    from companies import services

    return services.company_create(
        team=team,
        by=None,
        legal_name="Metallbau Schulze",
        legal_form="GmbH & Co. KG",
        street="Gießerstraße 12",
        postal_code="04229",
        city="Leipzig",
    )


def test_create_warns_about_a_possible_duplicate_before_saving(staff_client, team, schulze):
    data = {**VALID_COMPANY, "legal_name": "Metallbau Schulze GmbH & Co KG"}
    response = staff_client.post(reverse("companies:create"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [c.company for c in response.context["duplicates"]] == [schulze]
    html = response.content.decode()
    assert "may exist already" in html
    assert schulze.get_absolute_url() in html  # "open the existing one"
    assert 'name="confirm_new"' in html
    assert Company.objects.filter(team=team).count() == 1


def test_confirming_a_different_company_saves_and_remembers_the_pair(staff_client, team, schulze):
    from companies.models import DistinctCompanies

    data = {**VALID_COMPANY, "confirm_new": "1", "distinct_from": [str(schulze.pk)]}
    response = staff_client.post(reverse("companies:create"), data)

    created = Company.objects.exclude(pk=schulze.pk).get(team=team)
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    pair = DistinctCompanies.objects.get()
    assert {pair.company_a, pair.company_b} == {schulze, created}
    # Not suggested again: editing the new company saves straight away.
    again = staff_client.post(reverse("companies:update", args=[created.pk]), VALID_COMPANY)
    assert again.status_code == 302


def test_a_duplicate_not_yet_shown_is_warned_about(staff_client, team, schulze):
    from companies import services

    other = services.company_create(
        team=team, by=None, legal_name="Schulze Metallbau", postal_code="04229", city="Leipzig"
    )
    data = {**VALID_COMPANY, "confirm_new": "1", "distinct_from": [str(schulze.pk), "x", "999"]}
    response = staff_client.post(reverse("companies:create"), data)

    assert response.status_code == 200
    assert {c.company for c in response.context["duplicates"]} == {schulze, other}
    assert Company.objects.filter(team=team).count() == 2


def test_edit_warns_about_others_but_never_about_itself(staff_client, team, schulze):
    company = CompanyFactory(team=team, legal_name="Tischlerei Ohne", street="", postal_code="")
    url = reverse("companies:update", args=[company.pk])

    same = staff_client.post(url, {**VALID_COMPANY, "legal_name": "Tischlerei Ohne"})
    assert same.status_code == 302
    renamed = staff_client.post(url, VALID_COMPANY)
    assert renamed.status_code == 200
    assert [c.company for c in renamed.context["duplicates"]] == [schulze]


def test_another_teams_company_is_never_suggested(staff_client, other_team):
    from companies import services

    services.company_create(
        team=other_team,
        by=None,
        legal_name="Metallbau Schulze",
        postal_code="04229",
        city="Leipzig",
    )
    response = staff_client.post(reverse("companies:create"), VALID_COMPANY)
    assert response.status_code == 302


def test_detail_page_offers_merge_and_different(staff_client, team, schulze):
    from companies import services

    twin = services.company_create(
        team=team, by=None, legal_name="Metallbau Schulze", city="Leipzig"
    )
    html = staff_client.get(schulze.get_absolute_url()).content.decode()
    assert reverse("companies:merge", args=[schulze.pk, twin.pk]) in html
    assert reverse("companies:distinct", args=[schulze.pk, twin.pk]) in html


# -- review, confirm as different, merge ----------------------------------------------------
def test_company_list_links_to_duplicates_and_import(staff_client, team):
    html = staff_client.get(reverse("companies:list")).content.decode()
    assert reverse("companies:duplicates") in html
    assert reverse("companies:import") in html


def test_duplicates_page_lists_the_teams_clusters_only(staff_client, team, other_team, schulze):
    from companies import services

    services.company_create(team=team, by=None, legal_name="Metallbau Schulze", city="Leipzig")
    services.company_create(team=other_team, by=None, legal_name="Fremd Bau", city="Leipzig")
    services.company_create(team=other_team, by=None, legal_name="Fremd Bau", city="Leipzig")

    response = staff_client.get(reverse("companies:duplicates"))

    assert response.status_code == 200
    assert response.context["review"].total == 1
    [cluster] = response.context["review"].clusters
    assert schulze in cluster.companies
    assert "Fremd Bau" not in response.content.decode()


def test_duplicates_page_query_count_does_not_grow(
    staff_client, team, django_assert_max_num_queries
):
    def load():
        assert staff_client.get(reverse("companies:duplicates")).status_code == 200

    for number in range(4):
        CompanyFactory(team=team, legal_name=f"Bäckerei Hoffmann {number % 2}", street="")
    with django_assert_max_num_queries(12) as small:
        load()
    for number in range(60):
        CompanyFactory(team=team, legal_name=f"Elektro Krause {number % 30}", street="")
    with django_assert_max_num_queries(len(small.captured_queries)):
        load()


def test_marking_different_removes_the_pair_from_review(staff_client, team, schulze):
    from companies import services
    from companies.models import DistinctCompanies

    twin = services.company_create(
        team=team, by=None, legal_name="Metallbau Schulze", city="Leipzig"
    )
    response = staff_client.post(reverse("companies:distinct", args=[twin.pk, schulze.pk]))

    assert response.status_code == 302
    assert DistinctCompanies.objects.filter(company_a=schulze, company_b=twin).exists()
    assert staff_client.get(reverse("companies:duplicates")).context["review"].total == 0


def test_distinct_refuses_get_and_ignores_foreign_next(staff_client, team, schulze):
    twin = CompanyFactory(team=team)
    url = reverse("companies:distinct", args=[schulze.pk, twin.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("companies:duplicates")


@pytest.mark.parametrize("url_name", ["companies:merge", "companies:distinct"])
def test_merge_and_distinct_answer_404_for_another_teams_company(
    staff_client, team, other_team, url_name
):
    own, foreign = CompanyFactory(team=team), CompanyFactory(team=other_team)
    for args in ([own.pk, foreign.pk], [foreign.pk, own.pk]):
        assert staff_client.post(reverse(url_name, args=args)).status_code == 404
    assert staff_client.get(reverse("companies:merge", args=[own.pk, own.pk])).status_code == 404
    assert Company.objects.count() == 2


def test_merge_page_shows_the_choices_and_what_moves(staff_client, team, schulze):
    from companies import services

    twin = services.company_create(
        team=team, by=None, legal_name="Metallbau Schulze", city="Leipzig", phone="0341 555666"
    )
    ContactFactory.create_batch(2, company=twin)
    response = staff_client.get(
        reverse("companies:merge", args=[schulze.pk, twin.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "phone" in form.fields
    assert form.fields["phone"].initial == "merged"  # an empty value never wins
    assert "legal_name" not in form.fields  # equal on both sides: nothing to choose
    assert ("contacts", 2) in response.context["moving"]
    assert "0341 555666" in response.content.decode()


def test_merge_posts_choices_and_redirects_to_the_kept_company(staff_client, team, staff, schulze):
    from companies import services
    from companies.models import CompanyMerge

    twin = services.company_create(
        team=team, by=None, legal_name="Metallbau Schulze", city="Leipzig", phone="0341 555666"
    )
    ContactFactory(company=twin)
    url = reverse("companies:merge", args=[schulze.pk, twin.pk])
    form = staff_client.get(url).context["form"]
    choices = {name: field.initial for name, field in form.fields.items()}
    response = staff_client.post(url, {**choices, "phone": "merged"})

    assert response.status_code == 302
    assert response.url == schulze.get_absolute_url()
    schulze.refresh_from_db()
    assert schulze.phone == "0341 555666"
    assert schulze.contacts.count() == 1
    assert not Company.objects.filter(pk=twin.pk).exists()
    audit = CompanyMerge.objects.get()
    assert audit.merged_by == staff.user
    assert "Metallbau Schulze" in staff_client.get(schulze.get_absolute_url()).content.decode()


def test_merge_rejects_a_tampered_choice(staff_client, team, schulze):
    from companies import services

    twin = services.company_create(
        team=team, by=None, legal_name="Metallbau Schulze", phone="0341 5556"
    )
    url = reverse("companies:merge", args=[schulze.pk, twin.pk])
    response = staff_client.post(url, {"phone": "both"})
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert Company.objects.filter(pk=twin.pk).exists()


# -- related companies ----------------------------------------------------------------------
GROUP_ADDRESS = {"street": "Gießerstraße 12", "postal_code": "04229", "city": "Leipzig"}


@pytest.fixture
def holding_and_kg(team):
    from companies import services

    holding = services.company_create(
        team=team, by=None, legal_name="Müller Holding", legal_form="GmbH", **GROUP_ADDRESS
    )
    kg = services.company_create(
        team=team, by=None, legal_name="Müller", legal_form="GmbH & Co. KG", **GROUP_ADDRESS
    )
    return holding, kg


def test_review_offers_related_companies_apart_from_duplicates(staff_client, holding_and_kg):
    holding, kg = holding_and_kg
    response = staff_client.get(reverse("companies:duplicates"), HTTP_ACCEPT_LANGUAGE="en")

    review = response.context["review"]
    assert review.clusters == []
    assert [{pair.a, pair.b} for pair in review.related] == [{holding, kg}]
    html = response.content.decode()
    assert "belongs with" in html
    assert (
        reverse("companies:relate", args=[review.related[0].a.pk, review.related[0].b.pk]) in html
    )


def test_linking_as_related_shows_on_both_pages_and_leaves_the_review(staff_client, holding_and_kg):
    holding, kg = holding_and_kg
    response = staff_client.post(reverse("companies:relate", args=[holding.pk, kg.pk]))
    assert response.status_code == 302

    page = staff_client.get(kg.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert page.context["related_companies"] == [holding]
    assert "Gehört zu" in page.content.decode()
    assert staff_client.get(reverse("companies:duplicates")).context["review"].related == []

    staff_client.post(reverse("companies:unrelate", args=[kg.pk]))
    assert staff_client.get(kg.get_absolute_url()).context["related_companies"] == []


def test_a_related_candidate_is_offered_as_related_not_as_a_duplicate(staff_client, holding_and_kg):
    holding, kg = holding_and_kg
    page = staff_client.get(kg.get_absolute_url())
    assert page.context["duplicates"] == []
    assert [c.company for c in page.context["related_candidates"]] == [holding]


def _group_company_data(**fields):
    """A company at the Müller group's address, without its own phone or website."""

    data = {**VALID_COMPANY, **GROUP_ADDRESS, "website": "", "phone": ""}
    return {**data, **fields}


def test_create_form_saves_a_related_company_and_names_it_as_related(staff_client, holding_and_kg):
    from companies.models import DistinctCompanies

    holding, kg = holding_and_kg
    data = _group_company_data(legal_name="Müller Verwaltungs", legal_form="GmbH")
    response = staff_client.post(reverse("companies:create"), data, HTTP_ACCEPT_LANGUAGE="de")

    # Not stopped as a possible duplicate: another legal entity of the group.
    assert response.status_code == 302
    created = Company.objects.exclude(pk__in=[holding.pk, kg.pk]).get()
    assert response.url == created.get_absolute_url()
    page = staff_client.get(response.url, HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert "gehört vermutlich zu" in text
    assert escape(holding.full_name) in text
    assert escape(kg.full_name) in text
    assert {c.company for c in page.context["related_candidates"]} == {holding, kg}
    assert page.context["duplicates"] == []
    assert not DistinctCompanies.objects.exists()  # related is not "different"


def test_create_form_lists_duplicates_and_related_companies_apart(staff_client, holding_and_kg):
    from companies.models import DistinctCompanies

    holding, kg = holding_and_kg
    data = _group_company_data(legal_name="Mueller", legal_form="GmbH & Co. KG")
    response = staff_client.post(reverse("companies:create"), data, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    assert [c.company for c in response.context["duplicates"]] == [kg]
    assert [c.company for c in response.context["related_candidates"]] == [holding]
    html = response.content.decode()
    assert f'data-duplicate-id="{kg.pk}"' in html
    assert f'data-duplicate-id="{holding.pk}"' not in html
    assert f'data-related-id="{holding.pk}"' in html
    assert "gehört vermutlich zu" in html
    # Only the duplicate is confirmed as different; the related one is not.
    assert f'name="distinct_from" value="{holding.pk}"' not in html

    confirmed = {**data, "confirm_new": "1", "distinct_from": [str(kg.pk)]}
    saved = staff_client.post(reverse("companies:create"), confirmed)
    assert saved.status_code == 302
    pair = DistinctCompanies.objects.get()
    assert kg in {pair.company_a, pair.company_b}
    assert holding not in {pair.company_a, pair.company_b}


def test_relating_another_teams_company_is_not_found(staff_client, team, other_team, schulze):
    from companies import services

    stranger = services.company_create(team=other_team, by=None, legal_name="Fremd Bau")
    url = reverse("companies:relate", args=[schulze.pk, stranger.pk])
    assert staff_client.post(url).status_code == 404
    assert staff_client.post(reverse("companies:unrelate", args=[stranger.pk])).status_code == 404


def test_company_page_query_count_does_not_grow_with_related_companies(
    staff_client, team, holding_and_kg, django_assert_max_num_queries
):
    from companies import services

    holding, kg = holding_and_kg
    services.company_relate(company=holding, other=kg, by=None)

    def relate_services(numbers):
        for number in numbers:
            name = f"Müller Service {number}"
            other = services.company_create(team=team, by=None, legal_name=name)
            services.company_relate(company=other, other=kg, by=None)

    # One look-alike first, so both pages run the same duplicate checks (on PostgreSQL
    # the trigram fallback runs once there are close names, in a savepoint of its own).
    relate_services(range(1))
    with django_assert_max_num_queries(40) as small:
        staff_client.get(kg.get_absolute_url())
    relate_services(range(1, 9))
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(kg.get_absolute_url())


def test_the_search_finds_by_a_contact_of_the_own_team_only(staff_client, team, other_team):
    ours = CompanyFactory(team=team, legal_name="Alpha", city="Torgau")
    ContactFactory(company=ours, last_name="Baumann")
    theirs = CompanyFactory(team=other_team, legal_name="Beta", city="Torgau")
    ContactFactory(company=theirs, last_name="Baumann")

    response = staff_client.get(reverse("companies:list"), {"q": "bauman"})

    rows = list(response.context["table"].page.object_list)
    assert [row.record.pk for row in rows] == [ours.pk]
    assert rows[0].record.contact_count == 1
