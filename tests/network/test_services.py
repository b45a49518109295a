"""The network's write actions: experts, invitations, registrations, attendance."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from companies.models import NetworkPartner, Tie
from crm.models import PartnerPerson, Partnership
from network import invitations, services
from network.models import Expert, Invitation, Registration, Topic
from outreach import selectors as outreach_selectors
from outreach.models import Touchpoint
from tests.factories import AcquisitionCaseFactory, CompanyFactory, ContactFactory
from tests.network.conftest import TODAY


# -- experts ----------------------------------------------------------------------------
def test_every_team_starts_with_the_default_topics(team):
    names = list(Topic.objects.filter(team=team).values_list("name_de", flat=True))
    assert names[:3] == ["Pflegeberatung", "Kita-Plätze", "Ferienbetreuung"]
    assert len(names) == 7


def test_an_expert_is_listed_only_with_consent(team, member_contact, staff):
    topic = Topic.objects.get(team=team, code="care_counselling")
    with pytest.raises(ValidationError) as caught:
        services.expert_save(
            team=team, contact=member_contact, by=staff.user, topics=[topic], consent_on=None
        )
    assert caught.value.message_dict["consent_on"] == [str(services.EXPERT_CONSENT_REQUIRED)]
    expert = services.expert_save(
        team=team,
        contact=member_contact,
        by=staff.user,
        topics=[topic],
        consent_on=TODAY(),
        tags=" Pflegekasse ,, Demenz ",
    )
    assert expert.consent_recorded_by == staff.user
    assert expert.tag_list == ["Pflegekasse", "Demenz"]
    # A listed expert of a member has the expert role on the membership.
    assert PartnerPerson.objects.filter(contact=member_contact, role="expert").exists()


def test_an_expert_of_another_team_is_refused(team, other_team, staff):
    stranger = ContactFactory(company=CompanyFactory(team=other_team))
    with pytest.raises(ValidationError) as caught:
        services.expert_save(
            team=team, contact=stranger, by=staff.user, topics=[], tags="AGG", consent_on=TODAY()
        )
    assert "contact" in caught.value.message_dict
    assert not Expert.objects.exists()


# -- invitations --------------------------------------------------------------------------
@pytest.fixture
def three_members(member_factory):
    consenting = member_factory("Autohaus Kranich")
    ContactFactory(company=consenting.company, last_name="Kranich", email_consent_on=TODAY())
    letter_only = member_factory("Pflegedienst Lindenhof")
    ContactFactory(company=letter_only.company, last_name="Linde", email_consent_on=None)
    objected = member_factory("Tischlerei Eiche")
    ContactFactory(company=objected.company, last_name="Eiche", objected_at=TODAY())
    return consenting, letter_only, objected


def test_invitations_email_only_with_consent_and_skip_objections(
    event, three_members, staff, django_capture_on_commit_callbacks
):
    consenting, letter_only, objected = three_members
    with django_capture_on_commit_callbacks(execute=True):
        result = services.event_invite(
            event=event,
            companies=[m.company for m in three_members],
            by=staff.user,
            mode=invitations.AUTO,
        )
    assert [i.company for i in result.emails] == [consenting.company]
    assert [i.company for i in result.letters] == [letter_only.company]
    assert [company for company, _reason in result.skipped] == [objected.company]
    assert len(mail.outbox) == 1
    assert "Netzwerktreffen Herbst" in mail.outbox[0].subject
    channels = set(
        Touchpoint.objects.filter(
            company__in=[consenting.company, letter_only.company]
        ).values_list("company__legal_name", "channel")
    )
    assert channels == {("Autohaus Kranich", "email"), ("Pflegedienst Lindenhof", "letter")}
    # Invited once: a second run invites nobody again.
    again = services.event_invite(event=event, companies=[consenting.company], by=staff.user)
    assert again.already == 1
    assert Invitation.objects.count() == 2


def test_emails_only_mode_names_who_did_not_agree(event, three_members, staff):
    result = services.event_invite(
        event=event, companies=[three_members[1].company], by=staff.user, mode=invitations.EMAIL
    )
    assert result.skipped == [(three_members[1].company, str(invitations.SKIP_NO_CONSENT))]


# -- registrations -------------------------------------------------------------------------
def test_beyond_capacity_goes_to_the_waiting_list_and_moves_up(event_factory, staff):
    event = event_factory(capacity=1)
    first = services.registration_record(event=event, by=staff.user, name="Anna", email="a@x.de")
    second = services.registration_record(event=event, by=staff.user, name="Bea", email="b@x.de")
    assert (first.status, second.status) == ("registered", "waiting")
    services.registration_cancel(registration=first, by=None)
    second.refresh_from_db()
    assert second.status == Registration.Status.REGISTERED


def test_a_duplicate_email_is_recognised(event, staff):
    services.registration_record(event=event, by=staff.user, name="Anna", email="Anna@X.de")
    with pytest.raises(ValidationError) as caught:
        services.registration_record(event=event, by=staff.user, name="A.", email="anna@x.de")
    assert caught.value.message_dict["email"] == [str(services.REGISTRATION_DUPLICATE)]
    # The public form says nothing: it returns None and registers nobody.
    assert (
        services.registration_public(event=event, name="A.", organisation="", email="ANNA@x.de")
        is None
    )
    assert Registration.objects.count() == 1


def test_a_public_registration_is_linked_quietly_and_confirmed(
    event, member_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_public(
            event=event, name="Frau Sommer", organisation="", email="SOMMER@example.org"
        )
    assert registration.contact == member_contact
    assert registration.company == member_contact.company
    assert len(mail.outbox) == 1
    assert f"/e/cancel/{registration.cancel_token}/" in mail.outbox[0].body


def test_public_registration_closes_after_the_event(event_factory):
    past = event_factory(days=-1)
    with pytest.raises(ValidationError):
        services.registration_public(event=past, name="X", organisation="", email="x@y.de")


# -- attendance ------------------------------------------------------------------------------
def test_attendance_makes_a_touchpoint_a_tie_and_an_introduction_suggestion(
    team, staff, event_factory
):
    prospect = CompanyFactory(team=team, legal_name="Gärtnerei Blüte")
    case = AcquisitionCaseFactory(team=team, company=prospect, owner=staff.user)
    event = event_factory(days=-2)
    registration = services.registration_record(
        event=event, by=staff.user, name="Herr Blüte", company=prospect
    )
    assert outreach_selectors.introducer_suggestions(case=case) == []

    counts = services.attendance_record(event=event, by=staff.user, attended_ids=[registration.pk])

    assert counts == {"attended": 1, "touchpoints": 1, "ties": 1}
    touchpoint = Touchpoint.objects.get(company=prospect)
    assert (touchpoint.channel, touchpoint.occurred_on) == ("event", event.date)
    own = NetworkPartner.objects.get(team=team, name=team.name)
    tie = Tie.objects.get(partner=own, company=prospect)
    assert (tie.strength, tie.last_interaction) == (services.NETWORK_TIE_START, event.date)
    names = [s.name for s in outreach_selectors.introducer_suggestions(case=case)]
    assert names == [team.name]
    # Saving again changes nothing; a second event strengthens the tie.
    services.attendance_record(event=event, by=staff.user, attended_ids=[registration.pk])
    later = event_factory(days=-1, title="Frühstück")
    again = services.registration_record(event=later, by=staff.user, name="B", company=prospect)
    services.attendance_record(event=later, by=staff.user, attended_ids=[again.pk])
    tie.refresh_from_db()
    assert tie.strength == services.NETWORK_TIE_START + 1
    assert Touchpoint.objects.filter(company=prospect).count() == 2


def test_attendance_waits_for_the_event(event, staff):
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(event=event, by=staff.user, attended_ids=[])
    assert caught.value.messages == [str(services.EVENT_NOT_YET)]


def test_membership_kinds_filter_the_invitation_candidates(team, member_factory):
    from network import selectors

    certified = member_factory("Zertifiziert GmbH", district="Zwickau")
    member_factory("Mitglied GmbH", kind=Partnership.Kind.NETWORK_MEMBER, district="Zwickau")
    member_factory("Anderswo GmbH", district="Leipzig")
    found = selectors.invitation_candidates(
        team=team, kinds=[Partnership.Kind.CERTIFIED_EMPLOYER], district="zwickau"
    )
    assert list(found) == [certified.company]


def test_ends_before_start_is_refused(team, staff, event_factory):
    from datetime import time

    with pytest.raises(ValidationError) as caught:
        event_factory(starts_at=time(10, 0), ends_at=time(9, 0))
    assert caught.value.message_dict["ends_at"] == [str(services.EVENT_ENDS_BEFORE_START)]


def test_an_emailed_invitation_greets_the_person(event, three_members, staff):
    services.event_invite(event=event, companies=[three_members[0].company], by=staff.user)
    touchpoint = Touchpoint.objects.get(channel="email")
    assert touchpoint.text.startswith("Sehr geehrte Frau Kranich,")
    assert touchpoint.text.endswith(event.team.name)
