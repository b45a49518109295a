"""`manage.py seed_demo`: the demo office, its logins, companies and partners."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management.base import CommandError
from django.test import RequestFactory

from companies.models import Company, Contact, NetworkPartner
from crm.demo.region import DISTRICTS, TOWNS
from crm.demo.team import DEMO_PASSWORD, TEAM_SLUG
from crm.models import AcquisitionCase, Membership, StageChange, Team
from network.models import NetworkSettings

POSTAL_CODE = re.compile(r"^\d{5}\Z")


def counts() -> dict[str, int]:
    return {
        "teams": Team.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "companies": Company.objects.count(),
        "contacts": Contact.objects.count(),
        "partners": NetworkPartner.objects.count(),
        "cases": AcquisitionCase.objects.count(),
        "stage_changes": StageChange.objects.count(),
    }


@pytest.mark.django_db
def test_creates_the_team_and_three_demo_logins(seed):
    output = seed()

    team = Team.objects.get(slug=TEAM_SLUG)
    assert team.region
    roles = dict(Membership.objects.filter(team=team).values_list("user__username", "role"))
    assert roles == {
        "anna": Membership.Role.STAFF,
        "ben": Membership.Role.STAFF,
        "lea": Membership.Role.LEAD,
    }
    # Login throttling (django-axes) checks every authentication against a request.
    request = RequestFactory().post("/accounts/login/")
    for username in roles:
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert not user.is_superuser
        assert not user.is_staff
        assert user.first_name
        assert user.last_name
        assert user.email.endswith("@example.org")
        assert authenticate(request, username=username, password="wrong") is None

    assert "http://127.0.0.1:8000/" in output
    for username in roles:
        assert re.search(rf"{username}\s+{DEMO_PASSWORD}\s+(staff|lead)", output)


@pytest.mark.django_db
def test_creates_the_asked_number_of_companies_in_the_region(seed):
    seed(30)

    team = Team.objects.get(slug=TEAM_SLUG)
    companies = list(Company.objects.all())
    assert len(companies) == 30
    towns = {(town.name, code, town.district) for town in TOWNS for code in town.postal_codes}
    for company in companies:
        assert company.team_id == team.pk
        assert POSTAL_CODE.match(company.postal_code), company.postal_code
        assert company.district in DISTRICTS
        assert (company.city, company.postal_code, company.district) in towns
        assert company.legal_name
        assert company.street
        assert company.sector_division
        assert company.sector_section  # derived by the service
        assert company.name_normalized  # derived by the service
        assert 3 <= company.employees <= 240
        assert company.size_class  # derived by the service
        assert company.created_by is not None
    assert len({c.name_normalized for c in companies}) == 30, "no duplicate names"


@pytest.mark.django_db
def test_default_is_two_hundred_companies_of_typical_sme_sectors(seed):
    seed(None)

    companies = Company.objects.all()
    assert companies.count() == 200
    sections = set(companies.values_list("sector_section", flat=True))
    assert {"C", "F", "G", "H", "I", "N", "R"} <= sections
    sizes = set(companies.values_list("size_class", flat=True))
    assert {"micro", "small", "medium"} <= sizes
    forms = list(companies.values_list("legal_form", flat=True))
    assert max(set(forms), key=forms.count) == "GmbH"
    assert len(set(companies.values_list("district", flat=True))) == len(DISTRICTS)
    assert companies.exclude(phone="").count() > 150
    assert Contact.objects.filter(title="Dr.").exists()
    assert set(Contact.objects.values_list("salutation", flat=True)) == {
        "frau",
        "herr",
        "neutral",
    }


@pytest.mark.django_db
def test_creates_twenty_partners_some_linked_to_companies_of_the_team(seed):
    seed(30)

    team = Team.objects.get(slug=TEAM_SLUG)
    # Besides the network's own record, which its events tie to the companies (network app).
    partners = NetworkPartner.objects.filter(team=team).exclude(
        pk__in=NetworkSettings.objects.values("own_partner")
    )
    assert partners.count() == 20
    kinds = set(partners.values_list("kind", flat=True))
    assert {
        NetworkPartner.Kind.IHK,
        NetworkPartner.Kind.HWK,
        NetworkPartner.Kind.ECONOMIC_DEVELOPMENT,
        NetworkPartner.Kind.LOCAL_ALLIANCE,
        NetworkPartner.Kind.EMPLOYMENT_AGENCY,
        NetworkPartner.Kind.ASSOCIATION,
        NetworkPartner.Kind.PARTNER_COMPANY,
    } <= kinds
    linked = partners.filter(company__isnull=False)
    assert linked.count() == 8
    for partner in linked.select_related("company"):
        assert partner.kind == NetworkPartner.Kind.PARTNER_COMPANY
        assert partner.company.team_id == team.pk
    assert partners.exclude(person_name="").count() > 10


@pytest.mark.django_db
def test_running_twice_changes_nothing(seed):
    seed(30)
    before = counts()

    output = seed(30)

    assert counts() == before
    assert "already present" in output
    assert "tandem-demo" in output


@pytest.mark.django_db
def test_every_row_passes_full_clean(seed):
    seed(30)

    for company in Company.objects.all():
        company.full_clean()
    for contact in Contact.objects.all():
        contact.full_clean()
    for partner in NetworkPartner.objects.all():
        partner.full_clean()


@pytest.mark.django_db
def test_contacts_have_a_legal_basis_mostly_legitimate_interest(seed):
    seed(30)

    contacts = Contact.objects.all()
    assert contacts.exists()
    legitimate = contacts.filter(legal_basis=Contact.LegalBasis.LEGITIMATE_INTEREST).count()
    assert legitimate > contacts.count() / 2
    assert all(0 <= company.contacts.count() <= 3 for company in Company.objects.all())


@pytest.mark.django_db
def test_same_seed_same_data(seed):
    def cases():
        return list(
            AcquisitionCase.objects.order_by("company__legal_name").values_list(
                "company__legal_name", "stage__name_de", "owner__username", "source"
            )
        )

    seed(30)
    first = list(Company.objects.order_by("id").values_list("legal_name", "postal_code"))
    first_cases = cases()
    Team.objects.filter(slug=TEAM_SLUG).delete()

    seed(30)
    second = list(Company.objects.order_by("id").values_list("legal_name", "postal_code"))

    assert first == second
    assert cases() == first_cases


@pytest.mark.django_db
def test_existing_user_keeps_password_and_joins_the_demo_team(seed):
    user = get_user_model().objects.create_user(username="anna", password="her-own-secret")

    seed(10)

    user.refresh_from_db()
    assert user.check_password("her-own-secret")
    assert Membership.objects.filter(user=user, team__slug=TEAM_SLUG).exists()
    assert get_user_model().objects.filter(username="anna").count() == 1


@pytest.mark.django_db
def test_negative_company_count_is_refused(seed):
    with pytest.raises(CommandError):
        seed(-1)
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_a_demo_team_from_before_the_pipeline_gets_its_cases_once(seed):
    seed(30)
    AcquisitionCase.objects.all().delete()

    output = seed(30)
    assert "Added" in output
    after = counts()
    assert after["cases"] > 0

    assert "already present" in seed(30)
    assert counts() == after
