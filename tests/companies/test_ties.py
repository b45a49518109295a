"""Ties between partners and companies: services, pages, and partner deletion."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies import services
from companies.models import NetworkPartner, Tie
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    IntroductionFactory,
    NetworkPartnerFactory,
    TieFactory,
)


@pytest.mark.django_db
def test_tie_create_links_partner_and_company_of_one_team(team):
    partner = NetworkPartnerFactory(team=team)
    company = CompanyFactory(team=team)

    tie = services.tie_create(
        partner=partner, company=company, by=None, kind=Tie.Kind.MENTOR_COMPANY, strength=4
    )

    assert list(partner.ties.all()) == [tie]
    assert tie.strength == 4


@pytest.mark.django_db
def test_tie_create_refuses_a_company_of_another_team(team, other_team):
    partner = NetworkPartnerFactory(team=team)
    foreign = CompanyFactory(team=other_team)

    with pytest.raises(ValidationError) as exc:
        services.tie_create(partner=partner, company=foreign, by=None)

    assert exc.value.message_dict["company"] == [str(services.TIE_OTHER_TEAM)]
    assert not Tie.objects.exists()


@pytest.mark.django_db
def test_tie_create_refuses_a_second_tie_between_the_same_two(team):
    tie = TieFactory(partner__team=team)

    with pytest.raises(ValidationError) as exc:
        services.tie_create(partner=tie.partner, company=tie.company, by=None)

    assert exc.value.message_dict["company"] == [str(services.TIE_EXISTS)]


@pytest.mark.parametrize("strength", [0, 6])
@pytest.mark.django_db
def test_tie_strength_stays_between_one_and_five(team, strength):
    tie = TieFactory(partner__team=team)

    with pytest.raises(ValidationError) as exc:
        services.tie_update(tie=tie, by=None, strength=strength)

    assert "strength" in exc.value.message_dict


@pytest.mark.django_db
def test_tie_touch_creates_a_tie_and_only_moves_its_date_forward(team):
    partner, company = NetworkPartnerFactory(team=team), CompanyFactory(team=team)

    tie = services.tie_touch(partner=partner, company=company, on=date(2026, 3, 1))
    services.tie_touch(partner=partner, company=company, on=date(2026, 1, 1))
    tie.refresh_from_db()
    assert tie.last_interaction == date(2026, 3, 1)

    services.tie_touch(partner=partner, company=company, on=date(2026, 4, 1))
    tie.refresh_from_db()
    assert tie.last_interaction == date(2026, 4, 1)
    assert Tie.objects.count() == 1


@pytest.mark.django_db
def test_tie_delete(team):
    tie = TieFactory(partner__team=team)
    services.tie_delete(tie=tie, by=None)
    assert not Tie.objects.exists()


# -- pages ------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_tie_added_from_the_partner_page_shows_on_both_pages(staff_client, team):
    partner = NetworkPartnerFactory(team=team)
    company = CompanyFactory(team=team, legal_name="Bäckerei Sonnenschein")

    form = staff_client.get(reverse("companies:tie_create") + f"?partner={partner.pk}")
    assert form.context["form"].initial == {"partner": str(partner.pk)}
    response = staff_client.post(
        reverse("companies:tie_create"),
        {"partner": partner.pk, "company": company.pk, "kind": "knows_owner", "strength": 5},
    )

    assert response.status_code == 302
    assert "Bäckerei Sonnenschein" in staff_client.get(partner.get_absolute_url()).content.decode()
    assert str(partner.name) in staff_client.get(company.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_tie_form_offers_only_the_teams_own_partners_and_companies(
    staff_client, team, other_team
):
    foreign = CompanyFactory(team=other_team)
    partner = NetworkPartnerFactory(team=team)

    response = staff_client.post(
        reverse("companies:tie_create"),
        {"partner": partner.pk, "company": foreign.pk, "kind": "other", "strength": 3},
    )

    assert response.status_code == 200
    assert "company" in response.context["form"].errors
    assert not Tie.objects.exists()


@pytest.mark.django_db
def test_a_tie_of_another_team_is_not_found(staff_client, other_team):
    tie = TieFactory(partner__team=other_team)
    assert staff_client.get(reverse("companies:tie_update", args=[tie.pk])).status_code == 404
    assert staff_client.post(reverse("companies:tie_delete", args=[tie.pk])).status_code == 404


@pytest.mark.django_db
def test_edit_and_delete_a_tie_from_its_pages(staff_client, team):
    tie = TieFactory(partner__team=team, strength=2)

    staff_client.post(
        reverse("companies:tie_update", args=[tie.pk]),
        {"partner": tie.partner.pk, "company": tie.company.pk, "kind": "other", "strength": 4},
    )
    tie.refresh_from_db()
    assert tie.strength == 4

    response = staff_client.post(reverse("companies:tie_delete", args=[tie.pk]))
    assert response.url == tie.partner.get_absolute_url()
    assert not Tie.objects.exists()


# -- deleting a partner with a history ------------------------------------------------
@pytest.mark.django_db
def test_a_partner_with_introductions_is_kept_with_a_clear_message(staff_client, team, staff):
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    introduction = IntroductionFactory(case=case)
    partner = introduction.introducer

    response = staff_client.post(
        reverse("companies:partner_delete", args=[partner.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert NetworkPartner.objects.filter(pk=partner.pk).exists()
    assert introduction.__class__.objects.filter(pk=introduction.pk).exists()


@pytest.mark.django_db
def test_a_partner_without_introductions_can_still_be_deleted_with_its_ties(staff_client, team):
    tie = TieFactory(partner__team=team)

    response = staff_client.post(reverse("companies:partner_delete", args=[tie.partner.pk]))

    assert response.status_code == 302
    assert not NetworkPartner.objects.exists()
    assert not Tie.objects.exists()


@pytest.mark.django_db
def test_merging_two_records_a_partner_knows_keeps_one_tie_the_stronger_and_fresher(team):
    survivor, merged = CompanyFactory(team=team), CompanyFactory(team=team)
    partner = NetworkPartnerFactory(team=team)
    TieFactory(partner=partner, company=survivor, strength=2, last_interaction=date(2026, 5, 1))
    TieFactory(
        partner=partner,
        company=merged,
        kind=Tie.Kind.MENTOR_COMPANY,
        strength=4,
        last_interaction=date(2026, 2, 1),
    )
    only_merged = TieFactory(partner__team=team, company=merged)

    services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=None)

    tie = Tie.objects.get(partner=partner)
    assert (tie.company, tie.kind, tie.strength, tie.last_interaction) == (
        survivor,
        Tie.Kind.MENTOR_COMPANY,
        4,
        date(2026, 5, 1),
    )
    only_merged.refresh_from_db()
    assert only_merged.company == survivor
