"""Logging touchpoints through the targeting rules: warnings, blocks, first contacts, flags."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from benefits.models import NeedsProfile
from outreach import quality, services
from outreach.models import Channel, OutreachFlag, Touchpoint
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    IntroductionFactory,
    NeedsProfileFactory,
    TieFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _log(case, by, **fields):
    fields.setdefault("channel", Channel.LETTER)
    fields.setdefault("occurred_on", TODAY())
    return services.touchpoint_log(team=case.team, company=case.company, case=case, by=by, **fields)


@pytest.fixture
def prepared(case):
    """The case's company has a fresh needs profile and a named contact person."""
    NeedsProfileFactory(company=case.company)
    return ContactFactory(company=case.company, first_name="Petra", last_name="Schulz")


def _rules(error):
    return [finding.rule_id for finding in error.value.findings]


def test_a_prepared_letter_to_a_named_person_raises_nothing(case, staff, prepared):
    touchpoint = _log(case, staff.user, contact=prepared, text="Sehr geehrte Frau Schulz, …")
    assert touchpoint.is_first_outbound
    assert not touchpoint.warm
    assert OutreachFlag.objects.count() == 0


def test_an_unprepared_first_letter_warns_and_saves_nothing(case, staff):
    contact = ContactFactory(company=case.company)
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=contact)
    assert _rules(error) == [quality.UNPREPARED_FIRST_CONTACT]
    assert not error.value.blocked
    assert Touchpoint.objects.count() == 0


def test_going_ahead_needs_a_reason_which_the_flag_keeps(case, staff):
    contact = ContactFactory(company=case.company)
    touchpoint = _log(case, staff.user, contact=contact, override_reason="  Kennt uns schon  ")
    flag = OutreachFlag.objects.get()
    assert flag.touchpoint == touchpoint
    assert flag.rule == quality.UNPREPARED_FIRST_CONTACT
    assert flag.state == OutreachFlag.State.OPEN
    assert flag.override_reason == "Kennt uns schon"
    assert flag.user == staff.user
    assert flag.evidence["needs_profile_on"] is None


def test_an_old_needs_profile_does_not_count_as_preparation(case, staff, prepared):
    NeedsProfile.objects.filter(company=case.company).update(
        captured_at=timezone.now() - timedelta(days=400)
    )
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared)
    assert _rules(error) == [quality.UNPREPARED_FIRST_CONTACT]
    assert error.value.findings[0].evidence["age_days"] >= 400


def test_email_without_consent_is_blocked_even_with_a_reason(case, staff, prepared):
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared, channel=Channel.EMAIL, override_reason="eilig")
    assert error.value.blocked
    assert quality.CHANNEL_NOT_ALLOWED in _rules(error)
    assert Touchpoint.objects.count() == 0


def test_email_with_recorded_consent_goes_through(case, staff, prepared):
    prepared.email_consent_on = TODAY() - timedelta(days=10)
    prepared.save()
    _log(case, staff.user, contact=prepared, channel=Channel.EMAIL)
    assert Touchpoint.objects.count() == 1


def test_a_call_needs_a_reason_for_presumed_consent(case, staff, prepared):
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared, channel=Channel.PHONE)
    assert error.value.blocked
    case.company.presumed_consent_reason = "Hat auf der Messe um Rückruf gebeten"
    case.company.save()
    _log(case, staff.user, contact=prepared, channel=Channel.PHONE)


def test_contact_after_an_objection_is_blocked(case, staff, prepared):
    prepared.objected_at = TODAY() - timedelta(days=1)
    prepared.save()
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared, override_reason="trotzdem")
    assert error.value.blocked
    assert _rules(error) == [quality.DO_NOT_CONTACT]


def test_an_inbound_contact_is_never_judged(case, staff):
    touchpoint = _log(case, staff.user, channel=Channel.PHONE, direction="in")
    assert not touchpoint.is_first_outbound
    assert OutreachFlag.objects.count() == 0


def test_cold_although_a_partner_has_a_strong_tie(case, staff, prepared):
    TieFactory(
        partner__team=case.team,
        company=case.company,
        strength=5,
        last_interaction=TODAY() - timedelta(days=20),
    )
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared)
    assert _rules(error) == [quality.COLD_ALTHOUGH_WARM]


def test_a_contact_after_an_introduction_is_warm(case, staff, prepared):
    TieFactory(
        partner__team=case.team,
        company=case.company,
        strength=5,
        last_interaction=TODAY() - timedelta(days=20),
    )
    IntroductionFactory(case=case, contact=prepared)
    touchpoint = _log(case, staff.user, contact=prepared)
    assert touchpoint.warm
    assert OutreachFlag.objects.count() == 0


def test_a_letter_to_nobody_in_particular_warns(case, staff, prepared):
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, text="Sehr geehrte Damen und Herren, wir möchten …")
    assert _rules(error) == [quality.NO_NAMED_PERSON]


def test_a_burst_of_cold_first_contacts_warns(team, staff, settings):
    services.outreach_settings_update(
        team=team, by=_lead(team), burst_max_cold_first=2, needs_profile_max_age_days=365
    )
    for n in range(3):
        company = CompanyFactory(team=team)
        NeedsProfileFactory(company=company)
        contact = ContactFactory(company=company)
        if n < 2:
            services.touchpoint_log(
                team=team,
                company=company,
                by=staff.user,
                channel="letter",
                occurred_on=TODAY(),
                contact=contact,
            )
    with pytest.raises(services.OutreachChecked) as error:
        services.touchpoint_log(
            team=team,
            company=company,
            by=staff.user,
            channel="letter",
            occurred_on=TODAY(),
            contact=contact,
        )
    assert _rules(error) == [quality.VOLUME_BURST]
    assert error.value.findings[0].evidence["exceeded"][0]["count"] == 3


def _lead(team):
    from tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="lead").user


def test_poor_fit_outside_the_pipelines_target_group(case, staff, prepared):
    case.pipeline.target_size_classes = ["medium"]
    case.pipeline.save()
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared)
    assert _rules(error) == [quality.POOR_FIT]


def test_only_the_earliest_outbound_contact_is_the_first(case, staff, prepared):
    later = _log(case, staff.user, contact=prepared)
    # Back-dated before the needs profile was captured: that one was not prepared.
    earlier = _log(
        case,
        staff.user,
        contact=prepared,
        occurred_on=TODAY() - timedelta(days=5),
        override_reason="Nachgetragen",
    )
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert earlier.is_first_outbound
    assert not later.is_first_outbound
    # The later letter now follows the earlier one within days (rule 9).
    assert set(OutreachFlag.objects.values_list("touchpoint", "rule")) == {
        (earlier.pk, quality.UNPREPARED_FIRST_CONTACT),
        (later.pk, quality.REPEAT_CONTACT),
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_on", "tomorrow", services.TOUCHPOINT_IN_FUTURE),
        ("channel", "fax", services.UNKNOWN_CHANNEL),
        ("outcome", "maybe", services.UNKNOWN_OUTCOME),
    ],
)
def test_bad_input_is_refused_at_its_field(case, staff, field, value, message):
    if value == "tomorrow":
        value = TODAY() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _log(case, staff.user, **{field: value})
    assert error.value.message_dict[field] == [str(message)]
    assert Touchpoint.objects.count() == 0


def test_a_contact_of_another_company_is_refused(case, staff, team):
    stranger = ContactFactory(company=CompanyFactory(team=team))
    with pytest.raises(ValidationError) as error:
        _log(case, staff.user, contact=stranger)
    assert "contact" in error.value.message_dict


def test_a_company_of_another_team_is_refused(case, staff, other_team):
    foreign = CompanyFactory(team=other_team)
    with pytest.raises(ValidationError) as error:
        services.touchpoint_log(
            team=case.team, company=foreign, by=staff.user, channel="letter", occurred_on=TODAY()
        )
    assert "company" in error.value.message_dict


def test_an_objection_as_outcome_is_recorded_on_the_contact(case, staff, prepared):
    _log(case, staff.user, contact=prepared, channel="meeting", outcome="objection")
    prepared.refresh_from_db()
    assert prepared.objected_at == TODAY()
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared)
    assert error.value.blocked


def test_a_generic_letter_warns_when_others_read_the_same(team, staff):
    body = (
        "wir möchten Ihnen heute das Netzwerk Familie und Beruf vorstellen. Unsere Mitglieder "
        "gewinnen Fachkräfte, weil sie flexible Arbeitszeiten anbieten und Eltern nach der "
        "Elternzeit gut zurückholen. Gern stellen wir Ihnen in einem kurzen Gespräch vor, "
        "welche Angebote für Ihren Betrieb passen und wie andere Unternehmen in der Region "
        "davon profitieren. Wir freuen uns auf Ihre Antwort und grüßen herzlich aus Leipzig."
    )
    letters = []
    for name in ("Schulz", "Yilmaz"):
        company = CompanyFactory(team=team)
        NeedsProfileFactory(company=company)
        contact = ContactFactory(company=company, last_name=name, salutation="frau")
        letters.append((company, contact, f"Sehr geehrte Frau {name},\n{body}"))
    (first, first_contact, first_text), (second, second_contact, second_text) = letters
    services.touchpoint_log(
        team=team,
        company=first,
        by=staff.user,
        channel="letter",
        occurred_on=TODAY(),
        contact=first_contact,
        text=first_text,
    )
    with pytest.raises(services.OutreachChecked) as error:
        services.touchpoint_log(
            team=team,
            company=second,
            by=staff.user,
            channel="letter",
            occurred_on=TODAY(),
            contact=second_contact,
            text=second_text,
        )
    assert _rules(error) == [quality.GENERIC_TEXT]
    assert error.value.findings[0].evidence["similarity"] >= 90


def test_the_timeline_shows_logged_contacts(case, staff, prepared, staff_client):
    _log(case, staff.user, contact=prepared, subject="Einladung zum Unternehmerfrühstück")
    response = staff_client.get(case.get_absolute_url())
    assert "Einladung zum Unternehmerfrühstück" in response.content.decode()


def test_a_second_letter_within_the_window_warns_with_the_earlier_one_as_evidence(
    case, staff, prepared
):
    first = _log(case, staff.user, contact=prepared, text="Sehr geehrte Frau Schulz, anbei …")
    with pytest.raises(services.OutreachChecked) as error:
        _log(case, staff.user, contact=prepared, text="Sehr geehrte Frau Schulz, noch etwas …")
    assert _rules(error) == [quality.REPEAT_CONTACT]
    (finding,) = error.value.findings
    assert finding.evidence["earlier_id"] == first.pk
    assert finding.evidence["days_between"] == 0
    second = _log(
        case,
        staff.user,
        contact=prepared,
        text="Sehr geehrte Frau Schulz, noch etwas …",
        override_reason="Sie bat um die Unterlagen",
    )
    flag = OutreachFlag.objects.get(touchpoint=second)
    assert flag.rule == quality.REPEAT_CONTACT
    assert flag.evidence["earlier_id"] == first.pk


def test_a_letter_fourteen_days_after_the_last_raises_no_repeat(case, staff, prepared):
    _log(
        case,
        staff.user,
        contact=prepared,
        text="Sehr geehrte Frau Schulz, anbei …",
        occurred_on=TODAY() - timedelta(days=14),
        override_reason="Nachgetragen",  # before the needs profile was captured
    )
    later = _log(case, staff.user, contact=prepared, text="Sehr geehrte Frau Schulz, wie …")
    assert not OutreachFlag.objects.filter(touchpoint=later).exists()
