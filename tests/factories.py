"""factory_boy factories for the domain models."""

import factory
from django.contrib.auth import get_user_model

from companies.matching import normalize_name
from companies.models import Company, Contact, LegalForm, NetworkPartner
from crm.models import Membership, Team

DEFAULT_PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kompetenzzentrum {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    region = "Westsachsen"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.STAFF


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    team = factory.SubFactory(TeamFactory)
    legal_name = factory.Sequence(lambda n: f"Metallbau Müller {n}")
    legal_form = LegalForm.GMBH
    name_normalized = factory.LazyAttribute(lambda c: normalize_name(c.legal_name))
    street = "Hauptstraße 1"
    postal_code = "04109"
    city = "Leipzig"
    district = "Leipzig"
    sector_section = "C"
    sector_division = "25"
    size_class = "small"
    employees = 25


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    salutation = Contact.Salutation.FRAU
    first_name = factory.Faker("first_name_female", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    role = Contact.Role.OWNER
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class NetworkPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkPartner

    team = factory.SubFactory(TeamFactory)
    kind = NetworkPartner.Kind.IHK
    name = factory.Sequence(lambda n: f"IHK zu Leipzig {n}")
    person_name = factory.Faker("name", locale="de_DE")
    city = "Leipzig"
    district = "Leipzig"
