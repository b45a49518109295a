"""Referral form, introduction form, the case page's suggestions and the partner page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, DistinctCompanies
from crm.models import AcquisitionCase, Source
from outreach import forms
from outreach.models import Introduction
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    IntroductionFactory,
    NetworkPartnerFactory,
    TieFactory,
)

REFERRAL = reverse("outreach:referral")


def referral(partner, **fields):
    return {
        "partner": partner.pk,
        "legal_name": "",
        "postal_code": "",
        "city": "",
        "contact_first_name": "",
        "contact_last_name": "",
        "contact_salutation": "",
        "contact_role": "owner",
        "note": "",
        **fields,
    }


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.django_db
def test_the_board_and_the_partner_page_link_to_the_referral_form(staff_client, team, language):
    partner = NetworkPartnerFactory(team=team)
    board = staff_client.get(reverse("pipeline"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    page = staff_client.get(partner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert REFERRAL in board
    assert f"{REFERRAL}?partner={partner.pk}" in page.content.decode()
    assert staff_client.get(REFERRAL, HTTP_ACCEPT_LANGUAGE=language).status_code == 200


@pytest.mark.django_db
def test_a_referral_of_a_new_company_opens_a_case(staff_client, team):
    partner = NetworkPartnerFactory(team=team)

    response = staff_client.post(
        REFERRAL,
        referral(
            partner,
            legal_name="Tischlerei Vogel",
            city="Grimma",
            contact_last_name="Vogel",
            contact_salutation="herr",
        ),
    )

    case = AcquisitionCase.objects.get()
    assert response.url == case.get_absolute_url()
    assert (case.company.legal_name, case.source, case.referred_by) == (
        "Tischlerei Vogel",
        Source.REFERRAL,
        partner,
    )


@pytest.mark.django_db
def test_a_referral_asks_how_the_contact_is_addressed_and_stores_it(staff_client, team):
    partner = NetworkPartnerFactory(team=team)
    fields = referral(
        partner,
        legal_name="Glaserei Meißner",
        city="Leipzig",
        contact_first_name="Petra",
        contact_last_name="Meißner",
    )

    response = staff_client.post(REFERRAL, fields, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["form"].errors["contact_salutation"] == [str(forms.SALUTATION_REQUIRED)]
    assert not AcquisitionCase.objects.exists()

    staff_client.post(REFERRAL, {**fields, "contact_salutation": "frau"})

    contact = AcquisitionCase.objects.get().company.contacts.get()
    assert (contact.salutation, contact.last_name) == ("frau", "Meißner")


@pytest.mark.django_db
def test_a_referral_needs_a_company_and_a_place(staff_client, team):
    partner = NetworkPartnerFactory(team=team)
    response = staff_client.post(REFERRAL, referral(partner), HTTP_ACCEPT_LANGUAGE="en")
    assert "legal_name" in response.context["form"].errors
    response = staff_client.post(REFERRAL, referral(partner, legal_name="Tischlerei Vogel"))
    assert "city" in response.context["form"].errors
    assert not Company.objects.exists()


@pytest.fixture
def known(team):
    return CompanyFactory(
        team=team, legal_name="Tischlerei Vogel", postal_code="04668", city="Grimma"
    )


@pytest.mark.django_db
def test_a_possible_duplicate_is_shown_before_anything_is_saved(staff_client, team, known):
    partner = NetworkPartnerFactory(team=team)

    response = staff_client.post(
        REFERRAL,
        referral(partner, legal_name="Tischlerei Vogel", postal_code="04668", city="Grimma"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="duplicate-warning"' in html
    assert "Use this one" in html
    assert Company.objects.count() == 1
    assert not AcquisitionCase.objects.exists()


@pytest.mark.django_db
def test_use_the_existing_company(staff_client, team, known):
    partner = NetworkPartnerFactory(team=team)
    fields = referral(partner, legal_name="Tischlerei Vogel", city="Grimma")

    staff_client.post(REFERRAL, {**fields, "use_existing": known.pk})

    assert AcquisitionCase.objects.get().company == known
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_confirm_a_different_company(staff_client, team, known):
    partner = NetworkPartnerFactory(team=team)
    fields = referral(partner, legal_name="Tischlerei Vogel", postal_code="04668", city="Grimma")

    staff_client.post(REFERRAL, {**fields, "confirm_new": "1", "distinct_from": [known.pk]})

    case = AcquisitionCase.objects.get()
    assert case.company != known
    assert DistinctCompanies.objects.count() == 1


@pytest.mark.django_db
def test_using_a_company_of_another_team_is_not_found(staff_client, team, other_team):
    foreign = CompanyFactory(team=other_team)
    partner = NetworkPartnerFactory(team=team)
    fields = referral(partner, legal_name="X", city="Y", use_existing=foreign.pk)
    assert staff_client.post(REFERRAL, fields).status_code == 404


# -- the introduction form -------------------------------------------------------------
def introduction(partner, **fields):
    return {
        "introducer": partner.pk,
        "contact": "",
        "date": timezone.localdate().isoformat(),
        "channel": "phone",
        "outcome": "meeting_agreed",
        "note": "",
        **fields,
    }


@pytest.mark.django_db
def test_record_an_introduction_from_the_case_page(staff_client, case, team):
    partner = NetworkPartnerFactory(team=team)
    url = reverse("outreach:introduction_create", args=[case.pk])
    assert url in staff_client.get(case.get_absolute_url()).content.decode()

    response = staff_client.post(url, introduction(partner))

    assert response.url == case.get_absolute_url()
    assert Introduction.objects.get().introducer == partner


@pytest.mark.django_db
def test_a_future_date_is_refused_at_its_field(staff_client, case, team):
    partner = NetworkPartnerFactory(team=team)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = staff_client.post(
        reverse("outreach:introduction_create", args=[case.pk]),
        introduction(partner, date=tomorrow),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.context["form"].errors["date"] == [
        "An introduction cannot be dated in the future."
    ]
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_partners_and_contacts_elsewhere_cannot_be_chosen(staff_client, case, team, other_team):
    foreign = NetworkPartnerFactory(team=other_team)
    stranger = ContactFactory(company=CompanyFactory(team=team))

    response = staff_client.post(
        reverse("outreach:introduction_create", args=[case.pk]),
        introduction(foreign, contact=stranger.pk),
    )

    assert set(response.context["form"].errors) == {"introducer", "contact"}
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_a_case_of_another_team_is_not_found(staff_client, other_team):
    from tests.factories import AcquisitionCaseFactory

    case = AcquisitionCaseFactory(team=other_team)
    url = reverse("outreach:introduction_create", args=[case.pk])
    assert staff_client.get(url).status_code == 404


# -- outcome of an introduction ---------------------------------------------------------
@pytest.mark.django_db
def test_record_what_became_of_an_introduction(staff_client, case):
    introduction = IntroductionFactory(case=case, outcome="pending")
    url = reverse("outreach:introduction_outcome", args=[introduction.pk])

    # The case timeline links the introduction to this page.
    assert url in staff_client.get(case.get_absolute_url()).content.decode()
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"outcome": "meeting_agreed", "note": "Termin am 3.12."})

    assert response.status_code == 302
    introduction.refresh_from_db()
    assert (introduction.outcome, introduction.note) == ("meeting_agreed", "Termin am 3.12.")


@pytest.mark.django_db
def test_outcome_bad_input_and_other_teams(staff_client, case, other_team):
    from tests.factories import AcquisitionCaseFactory

    introduction = IntroductionFactory(case=case, outcome="pending")
    url = reverse("outreach:introduction_outcome", args=[introduction.pk])
    response = staff_client.post(url, {"outcome": "sold"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "outcome" in response.context["form"].errors
    introduction.refresh_from_db()
    assert introduction.outcome == "pending"

    foreign = IntroductionFactory(case=AcquisitionCaseFactory(team=other_team))
    foreign_url = reverse("outreach:introduction_outcome", args=[foreign.pk])
    assert staff_client.get(foreign_url).status_code == 404
    assert staff_client.post(foreign_url, {"outcome": "declined"}).status_code == 404


@pytest.mark.django_db
def test_a_request_has_no_outcome_yet(case, staff):
    from django.core.exceptions import ValidationError

    from outreach import services

    request = services.introduction_request(
        case=case, introducer=NetworkPartnerFactory(team=case.team), by=staff.user, version=1
    )
    with pytest.raises(ValidationError) as refused:
        services.introduction_outcome_set(
            introduction=request, by=staff.user, outcome="meeting_agreed", note=""
        )
    assert refused.value.code == "request"


# -- suggestions on the case page -------------------------------------------------------
@pytest.mark.django_db
def test_ask_for_an_introduction_from_a_suggestion(staff_client, case, team):
    tie = TieFactory(
        partner__team=team, partner__name="IHK", partner__person_name="", company=case.company
    )
    page = staff_client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "knows the owner personally" in page
    assert "Ask for an introduction" in page

    response = staff_client.post(
        reverse("outreach:introduction_request", args=[case.pk]),
        {"partner": tie.partner.pk, "version": case.version},
    )

    assert response.url == case.get_absolute_url()
    assert Introduction.objects.get().requested
    case.refresh_from_db()
    assert "IHK" in case.next_step


@pytest.mark.django_db
def test_a_stale_ask_is_refused_with_a_message(staff_client, case, team):
    tie = TieFactory(partner__team=team, company=case.company)
    response = staff_client.post(
        reverse("outreach:introduction_request", args=[case.pk]),
        {"partner": tie.partner.pk, "version": case.version + 5},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "changed meanwhile" in response.content.decode()
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_the_case_page_costs_the_same_for_a_large_network(
    staff_client, case, team, django_assert_max_num_queries
):
    # A partner company that knows the target, and a partner that knows it: two steps.
    bakery = CompanyFactory(team=team)
    TieFactory(partner__team=team, partner__company=bakery, company=case.company)
    TieFactory(partner__team=team, company=bakery)
    IntroductionFactory(case=case)
    url = case.get_absolute_url()
    with django_assert_max_num_queries(40) as small:
        staff_client.get(url)
    for index in range(20):
        partner = NetworkPartnerFactory(team=team)
        TieFactory(partner=partner, company=case.company, strength=1 + index % 5)
        TieFactory(partner=partner, company=bakery)
        IntroductionFactory(case=case, introducer=partner)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(url)
    assert response.context["case"] == case


@pytest.mark.django_db
def test_the_partner_page_shows_ties_and_what_became_of_introductions(staff_client, case, team):
    partner = NetworkPartnerFactory(team=team)
    IntroductionFactory(case=case, introducer=partner, outcome="meeting_agreed")

    html = staff_client.get(partner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Metallbau Schulze" in html
    assert "1 introduction, 1 led to a meeting" in html
    assert 'data-testid="thanks-due"' in html
