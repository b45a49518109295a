"""Recording introductions, asking for them, and referrals."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.utils import timezone

from companies.models import Company, Tie
from crm import services as crm_services
from crm.models import Source
from outreach import services
from outreach.models import Introduction
from outreach.services.introductions import REFERRAL_SALUTATION_REQUIRED
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    IntroductionFactory,
    NetworkPartnerFactory,
    TieFactory,
)


def record(case, partner, **fields):
    fields.setdefault("date", timezone.localdate())
    return services.introduction_record(case=case, introducer=partner, by=case.owner, **fields)


@pytest.mark.django_db
def test_recording_an_introduction_creates_the_tie_it_grew_from(case, team):
    partner = NetworkPartnerFactory(team=team)
    contact = ContactFactory(company=case.company)
    day = timezone.localdate() - timedelta(days=3)

    introduction = record(
        case, partner, date=day, contact=contact, outcome=Introduction.Outcome.MEETING_AGREED
    )

    assert not introduction.requested
    tie = Tie.objects.get(partner=partner, company=case.company)
    assert tie.last_interaction == day


@pytest.mark.django_db
def test_recording_an_introduction_moves_an_existing_ties_date_forward(case, team):
    tie = TieFactory(partner__team=team, company=case.company, strength=5)
    record(case, tie.partner)
    tie.refresh_from_db()
    assert tie.last_interaction == timezone.localdate()
    assert tie.strength == 5


@pytest.mark.django_db
def test_a_partner_of_another_team_is_refused(case, other_team):
    with pytest.raises(ValidationError) as exc:
        record(case, NetworkPartnerFactory(team=other_team))
    assert exc.value.message_dict["introducer"] == [str(services.INTRODUCER_OTHER_TEAM)]
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_a_contact_of_another_company_is_refused(case, team):
    stranger = ContactFactory(company=CompanyFactory(team=team))
    with pytest.raises(ValidationError) as exc:
        record(case, NetworkPartnerFactory(team=team), contact=stranger)
    assert exc.value.message_dict["contact"] == [str(services.CONTACT_OTHER_COMPANY)]


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused(case, team):
    with pytest.raises(ValidationError) as exc:
        record(case, NetworkPartnerFactory(team=team), date=timezone.localdate() + timedelta(1))
    assert exc.value.message_dict["date"] == [str(services.DATE_IN_FUTURE)]


@pytest.mark.django_db
def test_a_closed_case_is_refused(case, team):
    reason = team.lost_reasons.first()
    case = crm_services.case_lose(case=case, by=case.owner, version=case.version, reason=reason)
    with pytest.raises(ValidationError) as exc:
        record(case, NetworkPartnerFactory(team=team))
    assert exc.value.messages == [str(services.CASE_CLOSED)]


@pytest.mark.django_db
def test_asking_for_an_introduction_records_a_request_and_the_next_step(case, team):
    partner = NetworkPartnerFactory(team=team, name="IHK zu Leipzig", person_name="")

    request = services.introduction_request(
        case=case, introducer=partner, by=case.owner, version=case.version
    )

    assert request.requested
    case.refresh_from_db()
    assert "IHK zu Leipzig" in case.next_step
    assert case.next_step_due == timezone.localdate() + timedelta(
        days=services.REQUEST_FOLLOW_UP_DAYS
    )


@pytest.mark.django_db
def test_asking_with_a_stale_version_changes_nothing(case, team):
    partner = NetworkPartnerFactory(team=team)
    with pytest.raises(ValidationError):
        services.introduction_request(
            case=case, introducer=partner, by=case.owner, version=case.version - 1
        )
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_the_introduction_asked_for_becomes_the_introduction_once_made(case, team):
    partner = NetworkPartnerFactory(team=team)
    services.introduction_request(case=case, introducer=partner, by=case.owner, version=1)

    introduction = record(case, partner, outcome=Introduction.Outcome.MEETING_AGREED)

    assert Introduction.objects.get() == introduction
    assert not introduction.requested


@pytest.mark.django_db
def test_deleting_an_introducer_keeps_the_history(case, team):
    introduction = IntroductionFactory(case=case)
    with pytest.raises(RestrictedError):
        introduction.introducer.delete()
    assert Introduction.objects.filter(pk=introduction.pk).exists()


@pytest.mark.django_db
def test_a_referral_creates_the_company_and_opens_a_referral_case(team, staff):
    partner = NetworkPartnerFactory(team=team)

    case = services.referral_record(
        team=team,
        partner=partner,
        by=staff.user,
        company_fields={"legal_name": "Tischlerei Vogel", "city": "Grimma"},
        contact_fields={
            "first_name": "Petra",
            "last_name": "Vogel",
            "salutation": "frau",
            "role": "owner",
        },
        note="Sucht Fachkräfte",
    )

    assert case.company.legal_name == "Tischlerei Vogel"
    assert case.source == Source.REFERRAL
    assert case.referred_by == partner
    assert case.stage.position == min(s.position for s in case.pipeline.stages.all())
    assert case.company.contacts.get().last_name == "Vogel"
    assert case.company.contacts.get().salutation == "frau"


@pytest.mark.django_db
def test_a_referral_contact_needs_a_chosen_salutation(team, staff):
    with pytest.raises(ValidationError) as exc:
        services.referral_record(
            team=team,
            partner=NetworkPartnerFactory(team=team),
            by=staff.user,
            company_fields={"legal_name": "Glaserei Meißner", "city": "Leipzig"},
            contact_fields={"first_name": "Petra", "last_name": "Meißner", "role": "owner"},
        )
    assert exc.value.message_dict["contact_salutation"] == [str(REFERRAL_SALUTATION_REQUIRED)]
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_a_referral_of_a_known_company_reuses_it(team, staff):
    company = CompanyFactory(team=team)
    case = services.referral_record(
        team=team, partner=NetworkPartnerFactory(team=team), by=staff.user, company=company
    )
    assert case.company == company
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_a_referral_by_a_partner_of_another_team_is_refused(team, other_team, staff):
    with pytest.raises(ValidationError) as exc:
        services.referral_record(
            team=team,
            partner=NetworkPartnerFactory(team=other_team),
            by=staff.user,
            company_fields={"legal_name": "Tischlerei Vogel", "city": "Grimma"},
        )
    assert "partner" in exc.value.message_dict
    assert not Company.objects.exists()
