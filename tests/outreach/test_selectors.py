"""Who can introduce (through the database), warm and cold cases, the partner's record."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from crm import services as crm_services
from crm.models import Source
from outreach import selectors
from outreach.apps import INTRODUCTION_MISSING, introduction_check
from outreach.models import Introduction
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    IntroductionFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    TieFactory,
)


def ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def network(team, case):
    """A small network whose right order is obvious.

    - the IHK knows the owner personally, strongly, and spoke to her last week;
    - the Bündnis knows the company from the same association, loosely, two years ago;
    - the Bäckerei (a partner company) is a supplier, moderately, a month ago; through
      it the Wirtschaftsförderung, which mentors the Bäckerei, is two steps away;
    - a partner of another team knows the company too, but must never show up.
    """
    ihk = NetworkPartnerFactory(team=team, name="IHK", person_name="")
    alliance = NetworkPartnerFactory(team=team, name="Bündnis", person_name="")
    bakery_company = CompanyFactory(team=team, legal_name="Bäckerei Korn")
    bakery = NetworkPartnerFactory(
        team=team,
        name="Bäckerei Korn",
        person_name="",
        company=bakery_company,
        kind="partner_company",
    )
    promoter = NetworkPartnerFactory(team=team, name="Wirtschaftsförderung", person_name="")
    target = case.company
    TieFactory(partner=ihk, company=target, kind="knows_owner", strength=5, last_interaction=ago(7))
    TieFactory(
        partner=alliance,
        company=target,
        kind="same_association",
        strength=1,
        last_interaction=ago(730),
    )
    TieFactory(
        partner=bakery,
        company=target,
        kind="supplier_customer",
        strength=3,
        last_interaction=ago(30),
    )
    TieFactory(
        partner=promoter,
        company=bakery_company,
        kind="mentor_company",
        strength=5,
        last_interaction=ago(10),
    )
    return {"ihk": ihk, "alliance": alliance, "bakery": bakery, "promoter": promoter}


@pytest.mark.django_db
def test_suggestions_rank_the_hand_made_network_in_its_obvious_order(network, case, other_team):
    TieFactory(partner__team=other_team, partner__name="Fremd", company__team=other_team)

    names = [s.name for s in selectors.introducer_suggestions(case=case)]

    assert names == ["IHK", "Bäckerei Korn", "Wirtschaftsförderung", "Bündnis"]


@pytest.mark.django_db
def test_suggestions_explain_themselves_in_words(network, case):
    other = AcquisitionCaseFactory(team=case.team, owner=case.owner)
    for outcome in ["meeting_agreed"] * 4 + ["declined"]:
        IntroductionFactory(case=other, introducer=network["ihk"], outcome=outcome, date=ago(60))
    # The IHK's own tie to the target is the freshest (7 days): the new ties it grew elsewhere
    # do not touch it.

    with translation.override("en"):
        best, *_rest = selectors.introducer_suggestions(case=case)
        two_step = next(s for s in _rest if not s.direct)

    assert best.name == "IHK"
    assert best.explanation == (
        "knows the owner personally, last contact 7 days ago, 4 of 5 introductions led to a meeting"
    )
    assert two_step.explanation.startswith("through Bäckerei Korn, who is a supplier or customer")


@pytest.mark.django_db
def test_suggestions_explain_themselves_in_german(network, case):
    with translation.override("de"):
        best = selectors.introducer_suggestions(case=case)[0]
    assert best.explanation
    # No English phrase leaks when the catalogue lacks a translation: at worst, gettext's fallback.
    assert isinstance(best.explanation, str)


@pytest.mark.django_db
def test_suggestions_cost_a_fixed_number_of_queries(
    network, case, team, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        small = selectors.introducer_suggestions(case=case)
    for index in range(30):
        partner = NetworkPartnerFactory(team=team, name=f"Verein {index}")
        TieFactory(partner=partner, company=case.company, strength=1 + index % 5)
        TieFactory(partner=partner, company=network["bakery"].company)
        IntroductionFactory(case=case, introducer=partner, date=ago(index))
    with django_assert_max_num_queries(3):
        large = selectors.introducer_suggestions(case=case)
    assert len(small) == 4
    assert len(large) == selectors.SUGGESTION_LIMIT


@pytest.mark.django_db
def test_no_ties_no_suggestions_in_one_query(case, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.introducer_suggestions(case=case) == []


# -- the "introduction" requirement and the timeline -----------------------------------
@pytest.mark.django_db
def test_a_request_does_not_meet_the_requirement_an_introduction_does(case, team):
    partner = NetworkPartnerFactory(team=team)
    assert introduction_check(case) == INTRODUCTION_MISSING

    from outreach import services

    services.introduction_request(case=case, introducer=partner, by=case.owner, version=1)
    assert introduction_check(case) == INTRODUCTION_MISSING

    IntroductionFactory(case=case, introducer=partner)
    assert introduction_check(case) is None


@pytest.mark.django_db
def test_a_case_enters_vorgestellt_only_after_an_introduction(case, team, stage):
    NeedsProfileFactory(company=case.company)
    case = crm_services.case_advance(
        case=case, to=stage("Vorbereitet"), by=case.owner, version=case.version
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            crm_services.case_advance(
                case=case, to=stage("Vorgestellt"), by=case.owner, version=case.version
            )
        assert str(INTRODUCTION_MISSING) in " ".join(exc.value.messages)

    IntroductionFactory(case=case)
    case = crm_services.case_advance(
        case=case, to=stage("Vorgestellt"), by=case.owner, version=case.version
    )
    assert case.stage == stage("Vorgestellt")


@pytest.mark.django_db
def test_the_timeline_shows_introductions_and_requests(case, team):
    partner = NetworkPartnerFactory(team=team, name="IHK", person_name="")
    from outreach import services

    services.introduction_request(case=case, introducer=partner, by=case.owner, version=1)
    IntroductionFactory(case=case, date=ago(2), note="Beim Frühstück vorgestellt")

    with translation.override("en"):
        titles = [entry.title for entry in selectors.introduction_entries(case)]
    assert "Asked IHK for an introduction" in titles
    assert any(title.startswith("Introduced by") for title in titles)


# -- warm or cold ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "warm"),
    [(Source.REFERRAL, True), (Source.INTRODUCTION, True), (Source.COLD_LIST, False)],
)
@pytest.mark.django_db
def test_the_source_alone_decides_without_introductions(team, staff, source, warm):
    partner = NetworkPartnerFactory(team=team)
    case = AcquisitionCaseFactory(team=team, owner=staff.user, source=source, referred_by=partner)
    assert selectors.case_is_warm(case) is warm


def _to_first_meeting(case, stage, at=None):
    NeedsProfileFactory(company=case.company)
    for name in ("Vorbereitet", "Vorgestellt", "Im Gespräch"):
        case = crm_services.case_advance(
            case=case, to=stage(name), by=case.owner, version=case.version
        )
    return case


@pytest.mark.django_db
def test_an_introduction_before_the_first_meeting_makes_a_cold_case_warm(case, stage):
    assert not selectors.case_is_warm(case)
    IntroductionFactory(case=case, date=ago(1))
    case = _to_first_meeting(case, stage)
    assert selectors.case_is_warm(case)


@pytest.mark.django_db
def test_an_introduction_after_the_first_meeting_leaves_a_case_cold(case, stage, team):
    IntroductionFactory(case=case, date=ago(1))
    case = _to_first_meeting(case, stage)
    # Back-date the first meeting before the introduction.
    case.stage_summaries.filter(stage=stage("Im Gespräch")).update(
        first_reached_at=timezone.now() - timedelta(days=5)
    )
    assert not selectors.case_is_warm(case)


@pytest.mark.django_db
def test_a_mere_request_does_not_make_a_case_warm(case, team):
    from outreach import services

    services.introduction_request(
        case=case, introducer=NetworkPartnerFactory(team=team), by=case.owner, version=1
    )
    assert not selectors.case_is_warm(case)


@pytest.mark.django_db
def test_warmth_annotates_a_whole_list_in_one_query_plus_one(
    team, staff, django_assert_num_queries
):
    cold = AcquisitionCaseFactory(team=team, owner=staff.user, source=Source.COLD_LIST)
    introduced = AcquisitionCaseFactory(team=team, owner=staff.user, source=Source.OWN_RESEARCH)
    IntroductionFactory(case=introduced)
    with django_assert_num_queries(2):
        warm = dict(selectors.cases_with_warmth(team.cases.all()).values_list("pk", "warm"))
    assert warm == {cold.pk: False, introduced.pk: True}


# -- a partner's record ----------------------------------------------------------------
@pytest.mark.django_db
def test_the_partner_record_counts_meetings_partnerships_and_thanks_due(case, team, staff):
    partner = NetworkPartnerFactory(team=team)
    IntroductionFactory(case=case, introducer=partner, outcome="meeting_agreed", date=ago(3))
    other = AcquisitionCaseFactory(team=team, owner=staff.user)
    IntroductionFactory(case=other, introducer=partner, outcome="declined", date=ago(100))
    AcquisitionCaseFactory(team=team, owner=staff.user, source=Source.REFERRAL, referred_by=partner)

    record = selectors.partner_record(partner=partner)

    assert (record.made, record.meetings, record.won) == (2, 1, 0)
    assert len(record.referrals) == 1
    assert [i.case for i in record.thanks_due] == [case]
    assert Introduction.objects.count() == 2
