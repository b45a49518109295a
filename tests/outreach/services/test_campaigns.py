"""Campaigns: from draft through review and approval to sent, gated by the targeting rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from benefits.models import BenefitStatement
from companies.models import Contact
from outreach import quality, services
from outreach.models import Campaign, OutreachFlag, Touchpoint
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    NeedsProfileFactory,
)

pytestmark = pytest.mark.django_db

MASS_TEXT = (
    "wir möchten Ihnen heute das Netzwerk Familie und Beruf vorstellen. Unsere Mitglieder "
    "gewinnen Fachkräfte, weil sie flexible Arbeitszeiten anbieten und Eltern nach der "
    "Elternzeit gut zurückholen. Gern stellen wir Ihnen in einem kurzen Gespräch vor, welche "
    "Angebote für {company} passen und wie andere Unternehmen in {city} davon profitieren. "
    "Wir freuen uns auf Ihre Antwort und grüßen herzlich aus dem Kompetenzzentrum."
)

TOPICS = [
    ("Schichtarbeit", "Belegplätze in der Kita am Werkstor", "Frühschicht ab 5 Uhr"),
    ("Pflege von Angehörigen", "eine Pflegeberatung im Betrieb", "zwölf pflegende Beschäftigte"),
    ("Rückkehr aus der Elternzeit", "einen Wiedereinstiegsplan", "vier Elternzeiten im Jahr"),
    ("Fachkräftemangel", "flexible Arbeitszeitmodelle", "sechs offene Stellen im Lager"),
    ("Wachstum", "Vereinbarkeitslotsen", "den Umzug in die neue Halle"),
]


def _tailored(n):
    topic, measure, fact = TOPICS[n % len(TOPICS)]
    return (
        f"Ihr Betrieb steht nach unserem Gespräch vor der Aufgabe {topic} (Nr. {n}). "
        f"Wir schlagen {measure} vor, weil {fact} Ihren Alltag prägen. "
        + " ".join(f"Punkt {n}-{k}: {topic} braucht {measure} {k} mal." for k in range(n % 7 + 3))
    )


@pytest.fixture
def cases(team, staff):
    made = []
    for n in range(30):
        company = CompanyFactory(team=team, legal_name=f"Tischlerei Nummer {n}", city="Leipzig")
        ContactFactory(company=company, last_name=f"Kunde{n}", salutation="frau")
        made.append(AcquisitionCaseFactory(team=team, company=company, owner=staff.user))
    return made


@pytest.fixture
def campaign(team, staff):
    return services.campaign_create(
        team=team, by=staff.user, name="Herbstbriefe", channel="letter", text=MASS_TEXT
    )


def _through_review(campaign, staff, lead, *, submit=True):
    if submit:
        services.campaign_submit(campaign=campaign, by=staff.user)
    for flag in OutreachFlag.objects.filter(campaign=campaign, severity="warning", state="open"):
        services.flag_acknowledge(flag=flag, by=lead.user, note="Besprochen")
    return services.campaign_approve(campaign=campaign, by=lead.user)


def test_thirty_near_identical_letters_to_unprepared_companies_cannot_be_sent(
    campaign, cases, staff, lead
):
    services.campaign_cases_add(campaign=campaign, cases=cases, by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    rules = set(OutreachFlag.objects.filter(campaign=campaign).values_list("rule", "severity"))
    assert (quality.GENERIC_TEXT, "block") in rules  # the share of mass letters
    assert (quality.UNPREPARED_FIRST_CONTACT, "warning") in rules
    assert (quality.VOLUME_BURST, "warning") in rules
    with pytest.raises(ValidationError) as error:
        _through_review(campaign, staff, lead, submit=False)
    assert error.value.messages == [str(services.CAMPAIGN_BLOCKED)]
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.IN_REVIEW
    with pytest.raises(ValidationError):
        services.campaign_send(campaign=campaign, by=staff.user)
    assert Touchpoint.objects.count() == 0


def test_the_same_campaign_with_profiles_and_tailored_statements_can_be_sent(
    campaign, cases, staff, lead, team
):
    for n, case in enumerate(cases):
        NeedsProfileFactory(company=case.company)
        BenefitStatement.objects.create(
            team=team, company=case.company, status="approved", text=_tailored(n)
        )
    services.campaign_cases_add(campaign=campaign, cases=cases, by=staff.user)
    _through_review(campaign, staff, lead)
    rules = set(OutreachFlag.objects.filter(campaign=campaign).values_list("rule", flat=True))
    assert quality.GENERIC_TEXT not in rules
    assert quality.UNPREPARED_FIRST_CONTACT not in rules
    services.campaign_send(campaign=campaign, by=staff.user)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert Touchpoint.objects.filter(campaign=campaign, channel="letter").count() == 30
    # Sending again logs nothing twice.
    services.campaign_send(campaign=campaign, by=staff.user)
    assert Touchpoint.objects.filter(campaign=campaign).count() == 30
    assert all(Touchpoint.objects.values_list("is_first_outbound", flat=True))


def test_item_text_comes_from_the_statement_or_the_common_text(campaign, cases, staff, team):
    first, second = cases[:2]
    BenefitStatement.objects.create(team=team, company=first.company, text="Eigener Text")
    services.campaign_cases_add(campaign=campaign, cases=[first, second], by=staff.user)
    texts = dict(campaign.items.values_list("case", "text"))
    assert texts[first.pk] == "Eigener Text"
    assert "Tischlerei Nummer 1" in texts[second.pk]
    assert "{company}" not in texts[second.pk]


def test_warnings_need_a_leads_acknowledgement_before_approval(campaign, cases, staff, lead):
    services.campaign_cases_add(campaign=campaign, cases=cases[:2], by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    with pytest.raises(ValidationError) as error:
        services.campaign_approve(campaign=campaign, by=lead.user)
    assert error.value.messages == [str(services.CAMPAIGN_WARNINGS_OPEN)]
    _flags = OutreachFlag.objects.filter(campaign=campaign, state="open")
    assert _flags.exists()
    with pytest.raises(PermissionDenied):
        services.flag_acknowledge(flag=_flags.first(), by=staff.user, note="selbst")
    for flag in _flags:
        services.flag_dismiss(flag=flag, by=lead.user, reason="Passt")
    services.campaign_approve(campaign=campaign, by=lead.user)


def test_staff_cannot_approve(campaign, cases, staff):
    services.campaign_cases_add(campaign=campaign, cases=cases[:1], by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    with pytest.raises(PermissionDenied):
        services.campaign_approve(campaign=campaign, by=staff.user)


def test_a_blocking_flag_cannot_be_acknowledged(campaign, cases, staff, lead):
    contact = cases[0].company.contacts.get()
    contact.objected_at = timezone.localdate()
    contact.save()
    item = services.campaign_cases_add(campaign=campaign, cases=cases[:1], by=staff.user)[0]
    services.campaign_item_update(item=item, by=staff.user, contact=contact, text=item.text)
    services.campaign_submit(campaign=campaign, by=staff.user)
    block = OutreachFlag.objects.get(campaign=campaign, rule=quality.DO_NOT_CONTACT)
    assert block.severity == "block"
    with pytest.raises(ValidationError):
        services.flag_acknowledge(flag=block, by=lead.user, note="egal")


def test_the_best_contact_skips_people_who_objected(campaign, cases, staff):
    company = cases[0].company
    company.contacts.update(objected_at=timezone.localdate())
    hr = ContactFactory(company=company, role="hr")
    item = services.campaign_cases_add(campaign=campaign, cases=cases[:1], by=staff.user)[0]
    assert item.contact == hr


def test_only_drafts_change(campaign, cases, staff):
    services.campaign_cases_add(campaign=campaign, cases=cases[:1], by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    with pytest.raises(ValidationError):
        services.campaign_cases_add(campaign=campaign, cases=cases[1:2], by=staff.user)
    services.campaign_return(campaign=campaign, by=staff.user)
    services.campaign_cases_add(campaign=campaign, cases=cases[1:2], by=staff.user)
    assert campaign.items.count() == 2


def test_an_empty_campaign_cannot_be_submitted(campaign, staff):
    with pytest.raises(ValidationError) as error:
        services.campaign_submit(campaign=campaign, by=staff.user)
    assert error.value.messages == [str(services.CAMPAIGN_EMPTY)]


def test_names_are_unique_per_team(campaign, team, staff):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(team=team, by=staff.user, name=" herbstbriefe ")
    assert "name" in error.value.message_dict


def test_cases_of_another_team_are_refused(campaign, staff, other_team):
    foreign = AcquisitionCaseFactory(team=other_team)
    with pytest.raises(ValidationError):
        services.campaign_cases_add(campaign=campaign, cases=[foreign], by=staff.user)


def test_checking_costs_the_same_queries_for_few_and_many_items(
    campaign, cases, staff, django_assert_max_num_queries
):
    services.campaign_cases_add(campaign=campaign, cases=cases[:3], by=staff.user)
    with django_assert_max_num_queries(30) as few:
        services.campaign_check(campaign=campaign)
    services.campaign_cases_add(campaign=campaign, cases=cases[3:], by=staff.user)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        services.campaign_check(campaign=campaign)


def test_an_objection_after_approval_still_stops_the_sending(campaign, cases, staff, lead, team):
    for n, case in enumerate(cases[:3]):
        NeedsProfileFactory(company=case.company)
        BenefitStatement.objects.create(
            team=team, company=case.company, status="approved", text=_tailored(n)
        )
    services.campaign_cases_add(campaign=campaign, cases=cases[:3], by=staff.user)
    _through_review(campaign, staff, lead)
    # One of the people objects after the lead approved the campaign.
    Contact.objects.filter(pk=campaign.items.first().contact_id).update(
        objected_at=timezone.localdate()
    )
    with pytest.raises(ValidationError) as error:
        services.campaign_send(campaign=campaign, by=staff.user)
    assert error.value.messages == [str(services.CAMPAIGN_BLOCKED)]
    assert Touchpoint.objects.count() == 0


def test_sent_letters_take_their_acknowledged_flags_along(campaign, cases, staff, lead):
    services.campaign_cases_add(campaign=campaign, cases=cases[:2], by=staff.user)
    _through_review(campaign, staff, lead)
    services.campaign_send(campaign=campaign, by=staff.user)
    flags = OutreachFlag.objects.filter(campaign=campaign, campaign_item__isnull=False)
    assert flags.exists()
    assert all(flag.touchpoint_id and flag.state == "acknowledged" for flag in flags)
    # A later check of the sent campaign leaves them alone.
    services.campaign_check(campaign=campaign)
    assert set(flags.values_list("state", flat=True)) == {"acknowledged"}


# --- The common text is the body of the letter -----------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "phrase"),
    [
        ("Sehr geehrte Damen und Herren,\nwir laden ein.", "TEXT_HAS_SALUTATION", "Sehr geehrte"),
        ("Guten Tag {contact},\nwir laden ein.", "TEXT_HAS_SALUTATION", "Guten Tag {contact}"),
        ("Dear Sir or Madam,\nwe invite you.", "TEXT_HAS_SALUTATION", "Dear Sir or Madam"),
        ("Wir laden ein.\n\nMit freundlichen Grüßen", "TEXT_HAS_CLOSING", "Mit freundlichen"),
        ("Wir laden ein.\nViele Grüße\nAnna Becker", "TEXT_HAS_CLOSING", "Viele Grüße"),
        ("We invite you.\n\nKind regards,", "TEXT_HAS_CLOSING", "Kind regards"),
    ],
)
def test_a_common_text_with_its_own_salutation_or_closing_is_refused(
    team, staff, text, message, phrase
):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(team=team, by=staff.user, name="Winter", text=text)
    (refusal,) = error.value.error_dict["text"]
    assert refusal.message == getattr(services, message)
    assert phrase in refusal.params["phrase"]
    assert not Campaign.objects.exists()


def test_an_item_text_with_its_own_salutation_is_refused(campaign, cases, staff):
    item = services.campaign_cases_add(campaign=campaign, cases=cases[:1], by=staff.user)[0]
    with pytest.raises(ValidationError) as error:
        services.campaign_item_update(
            item=item, by=staff.user, contact=item.contact, text="Liebe Frau Kunde0,\nhallo."
        )
    assert "text" in error.value.message_dict


def test_a_letter_to_a_named_person_is_judged_by_its_own_salutation(campaign, cases, staff):
    """The common text has no greeting; the letter's own ("Sehr geehrte Frau …") counts."""
    named, nameless = cases[:2]
    nameless.company.contacts.update(last_name="", first_name="")
    services.campaign_cases_add(campaign=campaign, cases=[named, nameless], by=staff.user)
    services.campaign_check(campaign=campaign)
    flagged = set(
        OutreachFlag.objects.filter(campaign=campaign, rule=quality.NO_NAMED_PERSON).values_list(
            "company_id", flat=True
        )
    )
    assert flagged == {nameless.company_id}
    flag = OutreachFlag.objects.get(campaign=campaign, rule=quality.NO_NAMED_PERSON)
    assert flag.evidence["salutation"] == "Sehr geehrte Damen und Herren"


# --- One definition of tailored and of a campaign's score -----------------------------


def test_one_short_text_to_five_companies_is_generic_and_never_tailored(team, cases, staff):
    campaign = services.campaign_create(
        team=team, by=staff.user, name="Kurz", channel="letter", text="Wir laden Sie ein."
    )
    services.campaign_cases_add(campaign=campaign, cases=cases[:5], by=staff.user)
    result = services.campaign_check(campaign=campaign)
    generic = OutreachFlag.objects.filter(
        campaign=campaign, rule=quality.GENERIC_TEXT, campaign_item__isnull=False
    )
    assert generic.count() == 5
    assert result.score().tailored == 0
    campaign.refresh_from_db()
    assert campaign.score_details["tailored"] == 0


def test_a_campaigns_score_is_the_same_before_and_after_sending_and_on_every_page(
    team, cases, staff, lead
):
    from outreach import selectors

    campaign = services.campaign_create(
        team=team, by=staff.user, name="Gleich", channel="letter", text=MASS_TEXT
    )
    BenefitStatement.objects.create(
        team=team, company=cases[0].company, status="approved", text=_tailored(0)
    )
    NeedsProfileFactory(company=cases[0].company)
    services.campaign_cases_add(campaign=campaign, cases=cases[:3], by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    before = selectors.campaign_scores(team=team)[campaign.pk]
    review = {row.key: row.score for row in selectors.targeting_scores(team=team, by="campaign")}
    assert review[campaign.pk] == before
    assert before.first_contacts == 3
    assert before.tailored == 1  # only the company's own statement
    for flag in OutreachFlag.objects.filter(campaign=campaign, severity="warning", state="open"):
        services.flag_acknowledge(flag=flag, by=lead.user, note="Besprochen")
    services.campaign_approve(campaign=campaign, by=lead.user)
    services.campaign_send(campaign=campaign, by=staff.user)
    after = selectors.campaign_scores(team=team)[campaign.pk]
    assert after == before


def test_a_campaign_letter_minutes_after_an_individual_letter_is_a_finding(campaign, cases, staff):
    case = cases[0]
    NeedsProfileFactory(company=case.company)
    letter = services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel="letter",
        occurred_on=timezone.localdate(),
        contact=case.company.contacts.get(),
        text="wie eben am Telefon besprochen, die Unterlagen zur Kita-Kooperation.",
    )
    services.campaign_cases_add(campaign=campaign, cases=cases[:2], by=staff.user)
    services.campaign_check(campaign=campaign)
    repeat = OutreachFlag.objects.get(campaign=campaign, rule=quality.REPEAT_CONTACT)
    assert repeat.company_id == case.company_id
    assert repeat.evidence["earlier_id"] == letter.pk
    assert repeat.evidence["window_days"] == 14
