"""Write actions: needs profiles, drafting, versions, approval, scoring, facts, settings."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rapidfuzz import fuzz

from benefits import scoring, services
from benefits.apps import NEEDS_PROFILE_MISSING, needs_profile_check
from benefits.models import (
    BenefitSettings,
    BenefitStatement,
    Measure,
    NeedsProfile,
    RegionalFact,
    StatementEvent,
)
from crm import requirements
from crm.models import Membership
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    NeedsProfileFactory,
    RegionalFactFactory,
    UserFactory,
)


def _error_codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def second_lead(team) -> Membership:
    return MembershipFactory(team=team, user=UserFactory(username="leo"), role="lead")


# ------------------------------------------------------------------------------
# Needs profiles
# ------------------------------------------------------------------------------
def test_profile_is_signed_and_dated_and_re_signed_on_update(metal, staff, lead):
    profile = services.profile_save(company=metal, by=staff.user, challenges=["shift_work"])
    first_signed = profile.captured_at
    assert profile.captured_by == staff.user
    assert profile.team == metal.team

    updated = services.profile_save(
        company=metal, by=lead.user, challenges=["shift_work", "rural"], share_women=12
    )

    assert updated.pk == profile.pk
    assert updated.captured_by == lead.user
    assert updated.captured_at >= first_signed
    assert NeedsProfile.objects.get(company=metal).challenges == ["shift_work", "rural"]


def test_profile_keeps_the_measures_already_offered(metal, staff):
    offered = list(Measure.objects.filter(team=metal.team, code__in=["flexible_hours"]))

    profile = services.profile_save(
        company=metal, by=staff.user, challenges=["rural"], measures_offered=offered
    )

    assert [m.code for m in profile.measures_offered.all()] == ["flexible_hours"]


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({}, "challenges", "empty"),
        ({"challenges": ["shift_work"], "no_challenges": True}, "no_challenges", "contradictory"),
        ({"challenges": ["other"]}, "other_challenge", "other_unspecified"),
        (
            {"challenges": ["rural"], "other_challenge": "Umzug"},
            "other_challenge",
            "other_not_ticked",
        ),
        (
            {"challenges": ["part_time"], "share_part_time": 0},
            "share_part_time",
            "part_time_contradiction",
        ),
        ({"challenges": ["world_peace"]}, "challenges", "unknown"),
        ({"challenges": ["rural"], "share_part_time": 120}, "share_part_time", "max_value"),
        ({"challenges": ["rural"], "share_women": 101}, "share_women", "max_value"),
    ],
)
def test_empty_or_contradictory_profiles_are_refused_and_nothing_is_saved(
    metal, staff, fields, field, code
):
    with pytest.raises(ValidationError) as error:
        services.profile_save(company=metal, by=staff.user, **fields)

    assert field in error.value.message_dict
    assert code in _error_codes(error.value)
    assert not NeedsProfile.objects.filter(company=metal).exists()


def test_profile_refuses_another_teams_measures(metal, staff, other_team):
    foreign = list(Measure.objects.filter(team=other_team)[:1])

    with pytest.raises(ValidationError) as error:
        services.profile_save(
            company=metal, by=staff.user, challenges=["rural"], measures_offered=foreign
        )
    assert "measures_offered" in error.value.message_dict
    assert not NeedsProfile.objects.filter(company=metal).exists()


def test_profile_by_someone_of_another_team_is_refused(metal, other_team):
    outsider = MembershipFactory(team=other_team).user

    with pytest.raises(PermissionDenied):
        services.profile_save(company=metal, by=outsider, challenges=["rural"])
    assert not NeedsProfile.objects.exists()


# -- the pipeline requirement --------------------------------------------------------
def test_needs_profile_requirement_is_registered_and_checks_the_company(metal, staff):
    case = SimpleNamespace(company_id=metal.pk)
    requirement = requirements.get("needs_profile")

    assert requirement is not None
    assert requirement.check is needs_profile_check
    assert requirements.unmet(case, ["needs_profile"]) == [NEEDS_PROFILE_MISSING]

    NeedsProfileFactory(company=metal, by=staff.user)

    assert needs_profile_check(case) is None
    assert requirements.unmet(case, ["needs_profile"]) == []


# ------------------------------------------------------------------------------
# Drafting
# ------------------------------------------------------------------------------
def test_draft_is_refused_without_profile_and_nothing_is_saved(metal, staff):
    with pytest.raises(ValidationError) as error:
        services.statement_draft(company=metal, by=staff.user)

    assert error.value.messages == [str(services.DRAFT_NO_PROFILE)]
    assert not BenefitStatement.objects.exists()


def test_draft_is_refused_for_a_profile_without_needs(metal, staff):
    NeedsProfileFactory(company=metal, by=staff.user, challenges=[], no_challenges=True)

    with pytest.raises(ValidationError) as error:
        services.statement_draft(company=metal, by=staff.user)
    assert _error_codes(error.value) == {"no_needs"}
    assert not BenefitStatement.objects.exists()


def test_draft_creates_version_history_provenance_and_score(metal, metal_profile, staff):
    statement = services.statement_draft(company=metal, by=staff.user)

    assert statement.status == BenefitStatement.Status.DRAFT
    assert statement.language == "de"
    assert statement.version == 1
    assert statement.created_by == staff.user
    assert statement.text.startswith("Metallbau Krause GmbH ist ein kleines Unternehmen")
    assert [v.number for v in statement.versions.all()] == [1]
    assert [e.kind for e in statement.events.all()] == [StatementEvent.Kind.DRAFTED]
    assert 2 <= len(statement.provenance["arguments"]) <= 4
    assert all(a["source"] and a["year"] for a in statement.provenance["arguments"])
    assert statement.score == 100
    assert statement.score_details["needs_addressed"] == ["shift_work", "skilled_staff", "rural"]
    assert "Metallbau Krause" not in statement.masked_text
    assert len(statement.fingerprint) == scoring.FINGERPRINT_LENGTH


def test_draft_in_english_and_with_the_regional_fact(metal, metal_profile, staff, team):
    RegionalFactFactory(
        team=team,
        district="Landkreis Nordsachsen",
        text_en="Only a few nurseries in Nordsachsen open before 6 am",
        source="Landratsamt Nordsachsen",
    )

    statement = services.statement_draft(company=metal, by=staff.user, language="en")

    assert statement.text.startswith("Metallbau Krause GmbH is a small firm")
    assert "Only a few nurseries in Nordsachsen open before 6 am" in statement.text
    assert statement.provenance["facts"][0]["source"] == "Landratsamt Nordsachsen"


def test_region_comes_from_settings_or_postal_code(it_company, staff, team):
    NeedsProfileFactory(company=it_company, by=staff.user, challenges=["young_parents"])

    east = services.statement_draft(company=it_company, by=staff.user)
    BenefitSettings.objects.filter(team=team).update(region="west")
    west = services.statement_draft(company=it_company, by=staff.user)

    assert "55,2 %" in east.text
    assert "destatis_childcare_west" in [a["code"] for a in west.provenance["arguments"]]


def test_the_issues_two_companies_get_visibly_different_statements(
    metal, metal_profile, it_company, it_profile, staff
):
    metal_statement = services.statement_draft(company=metal, by=staff.user)
    it_statement = services.statement_draft(company=it_company, by=staff.user)

    assert fuzz.token_set_ratio(metal_statement.text, it_statement.text) < 60
    assert "Torgau" in metal_statement.text
    assert "Schicht" in metal_statement.text
    assert "Leipzig" in it_statement.text
    assert "Elternzeit" in it_statement.text
    assert not it_statement.copy_warning
    assert it_statement.most_similar == metal_statement
    assert it_statement.score >= 80


# ------------------------------------------------------------------------------
# Versions
# ------------------------------------------------------------------------------
@pytest.fixture
def statement(metal, metal_profile, staff) -> BenefitStatement:
    return services.statement_draft(company=metal, by=staff.user)


def test_each_edit_keeps_the_previous_text(statement, staff):
    original = statement.text

    edited = services.statement_edit(
        statement=statement,
        by=staff.user,
        text=original + "\n\nMit freundlichen Grüßen",
        note="Gruß",
    )

    assert edited.version == 2
    assert edited.text.endswith("Mit freundlichen Grüßen")
    versions = {v.number: v for v in edited.versions.all()}
    assert versions[1].text == original
    assert versions[2].note == "Gruß"
    assert versions[2].author == staff.user
    assert [e.kind for e in edited.events.order_by("id")] == ["drafted", "edited"]


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty"), ("   \r\n", "empty"), (None, "unchanged")]
)
def test_empty_or_unchanged_text_is_refused(statement, staff, text, code):
    with pytest.raises(ValidationError) as error:
        services.statement_edit(
            statement=statement, by=staff.user, text=statement.text if text is None else text
        )
    assert code in _error_codes(error.value)
    assert statement.versions.count() == 1


def test_editing_an_approved_statement_returns_it_to_draft(statement, lead):
    services.statement_approve(statement=statement, by=lead.user)

    edited = services.statement_edit(statement=statement, by=lead.user, text="Neuer Text.")

    assert edited.status == BenefitStatement.Status.DRAFT
    assert edited.approved_by is None
    assert "reopened" in [e.kind for e in edited.events.all()]


def test_a_sent_statement_is_locked(statement, staff, second_lead):
    services.statement_approve(statement=statement, by=second_lead.user)
    services.statement_mark_sent(statement=statement, by=staff.user)

    with pytest.raises(ValidationError) as error:
        services.statement_edit(statement=statement, by=staff.user, text="Anders.")
    assert _error_codes(error.value) == {"sent"}


def test_someone_of_another_team_cannot_edit(statement, other_team):
    outsider = MembershipFactory(team=other_team).user

    with pytest.raises(PermissionDenied):
        services.statement_edit(statement=statement, by=outsider, text="Fremd.")
    statement.refresh_from_db()
    assert statement.version == 1


# ------------------------------------------------------------------------------
# Approval and sending
# ------------------------------------------------------------------------------
def test_staff_cannot_approve_where_a_lead_is_required(statement, staff):
    with pytest.raises(ValidationError) as error:
        services.statement_approve(statement=statement, by=staff.user)

    assert error.value.messages == [str(services.APPROVE_NEEDS_LEAD)]
    statement.refresh_from_db()
    assert statement.status == BenefitStatement.Status.DRAFT


def test_approving_ones_own_statement_is_refused_where_a_second_person_is_required(
    metal, metal_profile, lead
):
    own = services.statement_draft(company=metal, by=lead.user)

    with pytest.raises(ValidationError) as error:
        services.statement_approve(statement=own, by=lead.user)

    assert error.value.messages == [str(services.APPROVE_OWN)]
    own.refresh_from_db()
    assert own.status == BenefitStatement.Status.DRAFT
    assert not own.events.filter(kind="approved").exists()


def test_the_author_of_the_latest_version_cannot_approve_it_either(statement, lead, second_lead):
    services.statement_edit(statement=statement, by=lead.user, text="Von Lea umgeschrieben.")

    with pytest.raises(ValidationError):
        services.statement_approve(statement=statement, by=lead.user)
    assert services.statement_approve(statement=statement, by=second_lead.user).status == "approved"


def test_a_second_person_approves(statement, lead):
    approved = services.statement_approve(statement=statement, by=lead.user)

    assert approved.status == BenefitStatement.Status.APPROVED
    assert approved.approved_by == lead.user
    assert approved.approved_at is not None


def test_without_the_rule_the_author_may_approve(statement, staff, team):
    BenefitSettings.objects.filter(team=team).update(require_second_person_approval=False)

    assert services.statement_approve(statement=statement, by=staff.user).status == "approved"


def test_only_an_approved_statement_can_be_sent_and_only_a_draft_approved(statement, staff, lead):
    with pytest.raises(ValidationError):
        services.statement_mark_sent(statement=statement, by=staff.user)
    services.statement_approve(statement=statement, by=lead.user)
    with pytest.raises(ValidationError):
        services.statement_approve(statement=statement, by=lead.user)

    sent = services.statement_mark_sent(statement=statement, by=staff.user)

    assert sent.status == BenefitStatement.Status.SENT
    assert sent.sent_at is not None
    assert [e.kind for e in sent.events.order_by("id")] == ["drafted", "approved", "sent"]


# ------------------------------------------------------------------------------
# Tailoring score
# ------------------------------------------------------------------------------
def test_a_statement_copied_from_another_company_scores_low_and_warns(
    metal, metal_profile, it_company, it_profile, staff
):
    original = services.statement_draft(company=metal, by=staff.user)
    own = services.statement_draft(company=it_company, by=staff.user)
    assert not own.copy_warning
    copied = original.text.replace("Metallbau Krause GmbH", "Datenwerk Software GmbH").replace(
        "Torgau", "Leipzig"
    )

    result = services.statement_edit(statement=own, by=staff.user, text=copied)

    assert result.copy_warning
    assert result.most_similar == original
    assert result.score <= scoring.COPY_CAP < own.score
    assert result.versions.get(number=2).score == result.score


def test_drafts_of_two_companies_sharing_one_need_do_not_warn_as_copies(metal, it_company, staff):
    # Issue 14: a small metal works in Torgau and a medium IT firm in Leipzig, both
    # looking for skilled staff, share that need's catalogue paragraph word for word.
    NeedsProfileFactory(company=metal, by=staff.user, challenges=["skilled_staff"])
    NeedsProfileFactory(company=it_company, by=staff.user, challenges=["skilled_staff"])
    first = services.statement_draft(company=metal, by=staff.user)

    second = services.statement_draft(company=it_company, by=staff.user)

    assert second.most_similar == first
    assert not second.copy_warning
    assert second.score_details["similarity"] < scoring.COPY_THRESHOLD
    assert second.score > scoring.COPY_CAP


def test_statements_of_the_same_company_are_not_compared(metal, metal_profile, staff):
    first = services.statement_draft(company=metal, by=staff.user)
    second = services.statement_draft(company=metal, by=staff.user)

    assert second.most_similar is None
    assert not second.copy_warning
    assert first.text == second.text


def test_statements_of_another_team_are_not_compared(metal, metal_profile, staff, other_team):
    foreign_company = CompanyFactory(team=other_team, legal_name="Fremdbau")
    foreign_staff = MembershipFactory(team=other_team).user
    NeedsProfileFactory(
        company=foreign_company,
        by=foreign_staff,
        challenges=["shift_work", "skilled_staff", "rural"],
    )
    services.statement_draft(company=foreign_company, by=foreign_staff)

    assert services.statement_draft(company=metal, by=staff.user).most_similar is None


def test_rescore_is_idempotent(statement):
    before = (statement.score, statement.fingerprint)

    services.statement_rescore(statement=statement)
    services.statement_rescore(statement=statement)

    statement.refresh_from_db()
    assert (statement.score, statement.fingerprint) == before


# ------------------------------------------------------------------------------
# Regional facts and settings
# ------------------------------------------------------------------------------
FACT = {
    "district": "Landkreis Nordsachsen",
    "topic": RegionalFact.Topic.COMMUTING,
    "text_de": "Viele Beschäftigte pendeln über 30 km",
    "source": "Pendleratlas",
    "as_of": "2025-06-30",
    "needs": ["rural"],
}


def test_leads_add_facts_and_staff_may_not(team, staff, lead):
    with pytest.raises(PermissionDenied):
        services.fact_create(team=team, by=staff.user, **FACT)

    fact = services.fact_create(team=team, by=lead.user, **FACT)

    assert fact.created_by == lead.user
    assert RegionalFact.objects.filter(team=team).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"source": ""}, "source"), ({"as_of": None}, "as_of"), ({"needs": ["x"]}, "needs")],
)
def test_facts_without_source_or_date_are_refused(team, lead, change, field):
    with pytest.raises(ValidationError) as error:
        services.fact_create(team=team, by=lead.user, **{**FACT, **change})
    assert field in error.value.message_dict
    assert not RegionalFact.objects.exists()


def test_settings_are_for_leads(team, staff, lead):
    with pytest.raises(PermissionDenied):
        services.settings_update(team=team, by=staff.user, require_second_person_approval=False)

    settings = services.settings_update(team=team, by=lead.user, region="west")

    assert settings.region == "west"


def test_statement_history_and_requirement_reach_the_case(team, staff):
    """The case timeline shows statement events; "Angebot" needs a sent statement."""
    from django.utils import translation

    from benefits.apps import statement_sent_check
    from crm import timeline
    from tests.factories import AcquisitionCaseFactory, CompanyFactory, NeedsProfileFactory

    company = CompanyFactory(team=team)
    NeedsProfileFactory(company=company)
    case = AcquisitionCaseFactory(team=team, company=company, owner=staff.user)

    assert statement_sent_check(case) is not None
    statement = services.statement_draft(company=company, by=staff.user)

    with translation.override("en"):
        titles = [entry.title for entry in timeline.entries(case)]
    assert "Benefit statement: Drafted (version 1)" in titles
    assert statement_sent_check(case) is not None  # drafted is not delivered
    statement.status = statement.Status.SENT
    statement.save(update_fields=["status"])
    assert statement_sent_check(case) is None
