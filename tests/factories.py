"""factory_boy factories for the domain models."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from benefits import services as benefits_services
from companies import services as companies_services
from companies.matching import normalize_name
from companies.models import Company, Contact, LegalForm, NetworkPartner, Tie
from crm import services as crm_services
from crm.models import AcquisitionCase, Membership, Source, Team

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
        skip_postgeneration_save = True

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

    @factory.post_generation
    def match_keys(obj, create, extracted, **kwargs):
        # The services index every saved company for duplicate checks; so do we.
        if create:
            from companies.services import company_keys_refresh

            company_keys_refresh(companies=[obj])


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


class AcquisitionCaseFactory(factory.django.DjangoModelFactory):
    """A case opened through `crm.services.case_open`, so its history and summary exist.

    Extra keywords go to the service: `stage`, `pipeline`, `referred_by`,
    `next_step`, `next_step_due`, `at` (a back-dated opening).
    """

    class Meta:
        model = AcquisitionCase

    team = factory.SubFactory(TeamFactory)
    company = factory.SubFactory(CompanyFactory, team=factory.SelfAttribute("..team"))
    owner = factory.LazyAttribute(lambda case: MembershipFactory(team=case.team).user)
    source = Source.OWN_RESEARCH

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("by", kwargs["owner"])
        return crm_services.case_open(**kwargs)


class NeedsProfileFactory(factory.django.DjangoModelFactory):
    """A needs profile captured through `benefits.services.profile_save` by a team member.

    `by` defaults to a new staff member of the company's team.
    """

    class Meta:
        model = "benefits.NeedsProfile"

    company = factory.SubFactory(CompanyFactory)
    by = factory.LazyAttribute(lambda profile: MembershipFactory(team=profile.company.team).user)
    challenges = factory.LazyFunction(lambda: ["skilled_staff", "young_parents"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return benefits_services.profile_save(**kwargs)


class RegionalFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "benefits.RegionalFact"

    team = factory.SubFactory(TeamFactory)
    district = "Leipzig"
    topic = "childcare"
    text_de = "In Leipzig fehlen Kita-Plätze mit Öffnungszeiten vor 6 Uhr"
    text_en = "Leipzig lacks nursery places that open before 6 am"
    needs = factory.LazyFunction(lambda: ["young_parents", "shift_work"])
    source = "Amt für Jugend und Familie Leipzig"
    as_of = factory.Faker("date_between", start_date="-2y", end_date="today")


class TieFactory(factory.django.DjangoModelFactory):
    """A tie recorded through `companies.services.tie_create` (partner and company share a team)."""

    class Meta:
        model = Tie

    partner = factory.SubFactory(NetworkPartnerFactory)
    company = factory.SubFactory(CompanyFactory, team=factory.SelfAttribute("..partner.team"))
    kind = Tie.Kind.KNOWS_OWNER
    strength = 3
    last_interaction = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return companies_services.tie_create(by=None, **kwargs)


class IntroductionFactory(factory.django.DjangoModelFactory):
    """An introduction recorded through `outreach.services.introduction_record`."""

    class Meta:
        model = "outreach.Introduction"

    case = factory.SubFactory(AcquisitionCaseFactory)
    introducer = factory.SubFactory(
        NetworkPartnerFactory, team=factory.SelfAttribute("..case.team")
    )
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    outcome = "meeting_agreed"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from outreach import services as outreach_services

        kwargs.setdefault("by", kwargs["case"].owner)
        return outreach_services.introduction_record(**kwargs)


class TouchpointFactory(factory.django.DjangoModelFactory):
    """A touchpoint row as stored, for reports and re-evaluation tests.

    It bypasses `outreach.services.touchpoint_log` (no checks, no flags):
    set `is_first_outbound` yourself where it matters.
    """

    class Meta:
        model = "outreach.Touchpoint"

    team = factory.SelfAttribute("company.team")
    company = factory.SubFactory(CompanyFactory)
    channel = "letter"
    direction = "out"
    occurred_on = factory.LazyFunction(timezone.localdate)


class OutreachFlagFactory(factory.django.DjangoModelFactory):
    """A stored finding of a targeting rule (`outreach.models.OutreachFlag`)."""

    class Meta:
        model = "outreach.OutreachFlag"

    team = factory.SubFactory(TeamFactory)
    key = factory.Sequence(lambda n: f"test-flag-{n}")
    rule = "unprepared_first_contact"
    severity = "warning"
    state = "open"
