"""Write actions for duplicates: matching keys, confirmed differences, merges."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation

from companies import selectors, services
from companies.models import (
    Company,
    CompanyGroup,
    CompanyMerge,
    Contact,
    DistinctCompanies,
    MatchKey,
    NetworkPartner,
)
from companies.services import KEEP_BOTH, KEEP_MERGED, KEEP_SURVIVOR
from tests.factories import CompanyFactory, ContactFactory, NetworkPartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

MUELLER = {
    "legal_name": "Müller Metallbau",
    "legal_form": "GmbH",
    "street": "Gießerstraße 12",
    "postal_code": "04229",
    "city": "Leipzig",
}


# -- matching keys and duplicate checks ----------------------------------------------
def test_create_and_update_keep_the_matching_keys_current(team):
    company = services.company_create(team=team, by=None, **MUELLER)
    keys = set(company.match_keys.values_list("key", flat=True))
    assert keys
    assert all(MatchKey.objects.filter(company=company, team=team).values_list("team", flat=True))

    services.company_update(company=company, by=None, city="Dresden", postal_code="01067")
    moved = set(company.match_keys.values_list("key", flat=True))
    assert moved != keys
    assert not any("leipzig" in key for key in moved)


def test_duplicate_candidates_of_an_unsaved_company(team, other_team):
    existing = services.company_create(team=team, by=None, **MUELLER)
    services.company_create(team=other_team, by=None, **MUELLER)  # invisible to `team`
    services.company_create(team=team, by=None, legal_name="Bäckerei Hoffmann", city="Leipzig")

    typed = Company(team=team, legal_name="Mueller Metallbau G.m.b.H.", city="Leipzig")
    candidates = selectors.company_duplicate_candidates(team=team, company=typed)

    assert [c.company for c in candidates] == [existing]
    assert candidates[0].match.is_duplicate


def test_duplicate_candidates_leave_out_itself_and_confirmed_pairs(team, staff):
    a = services.company_create(team=team, by=None, **MUELLER)
    b = services.company_create(team=team, by=None, **{**MUELLER, "legal_form": ""})
    assert [c.company for c in selectors.company_duplicate_candidates(team=team, company=a)] == [b]

    services.companies_mark_distinct(company=b, other=a, by=staff.user)
    assert selectors.company_duplicate_candidates(team=team, company=a) == []
    assert selectors.company_duplicate_candidates(team=team, company=b) == []


def test_duplicate_check_costs_four_queries(team, django_assert_num_queries):
    company = services.company_create(team=team, by=None, **MUELLER)
    for number in range(30):
        services.company_create(team=team, by=None, **{**MUELLER, "street": f"Weg {number}"})
    with django_assert_num_queries(4):
        found = selectors.company_duplicate_candidates(team=team, company=company)
    assert len(found) == 5


def test_renormalize_rebuilds_missing_keys(team):
    company = services.company_create(team=team, by=None, **MUELLER)
    company.match_keys.all().delete()
    assert services.companies_renormalize(team_id=team.pk) == 1
    assert company.match_keys.exists()
    assert services.companies_renormalize(team_id=team.pk) == 0


# -- confirmed as different -------------------------------------------------------------
def test_mark_distinct_stores_the_pair_once_lower_id_first(team, staff):
    a, b = CompanyFactory(team=team), CompanyFactory(team=team)

    pair = services.companies_mark_distinct(company=b, other=a, by=staff.user)
    again = services.companies_mark_distinct(company=a, other=b, by=staff.user)

    assert (pair.company_a, pair.company_b) == (a, b)
    assert again == pair
    assert DistinctCompanies.objects.count() == 1
    assert pair.confirmed_by == staff.user


def test_mark_distinct_refuses_other_teams_and_itself(team, other_team):
    own, foreign = CompanyFactory(team=team), CompanyFactory(team=other_team)
    with pytest.raises(ValidationError) as other:
        services.companies_mark_distinct(company=own, other=foreign, by=None)
    with pytest.raises(ValidationError) as same:
        services.companies_mark_distinct(company=own, other=own, by=None)
    assert other.value.code == "other_team"
    assert same.value.code == "same"


# -- merge ---------------------------------------------------------------------------------
def related_counts(*companies: Company) -> dict[str, int]:
    """Rows of every model that points at Company, pointing at any of `companies`.

    Generic: a model that a later issue adds is counted without changing the test.
    Matching keys (derived) and confirmed-different pairs (merged by rule) are left out.
    """
    counts = {}
    for relation in selectors.company_relations():
        model = relation.related_model
        if model in (MatchKey, DistinctCompanies):
            continue
        name = f"{model._meta.label}.{relation.field.name}"
        counts[name] = model._base_manager.filter(
            **{f"{relation.field.name}__in": companies}
        ).count()
    return counts


@pytest.fixture
def pair(team):
    """Two records of one company, with contacts, partners and an earlier merge each."""
    survivor = services.company_create(
        team=team, by=None, **MUELLER, phone="0341 1234567", notes="Kennt Frau Weber."
    )
    merged = services.company_create(
        team=team,
        by=None,
        **{**MUELLER, "legal_name": "Mueller Metallbau", "street": ""},
        website="https://mueller-metallbau.de",
        employees=60,
        notes="Messe 2025.",
    )
    ContactFactory.create_batch(2, company=survivor)
    ContactFactory.create_batch(3, company=merged)
    NetworkPartnerFactory(team=team, company=survivor)
    NetworkPartnerFactory.create_batch(2, team=team, company=merged)
    earlier = services.company_create(team=team, by=None, legal_name="Metallbau Müller")
    services.company_merge(survivor=merged, merged=earlier, field_choices={}, by=None)
    return survivor, merged


def test_merge_relinks_every_related_row_and_loses_none(pair, staff):
    survivor, merged = pair
    before = related_counts(survivor, merged)
    assert before["companies.Contact.company"] == 5
    assert before["companies.NetworkPartner.company"] == 3
    assert before["companies.CompanyMerge.survivor"] == 1

    audit = services.company_merge(
        survivor=survivor, merged=merged, field_choices={}, by=staff.user
    )

    after = related_counts(survivor)
    assert after == {
        **before,
        "companies.CompanyMerge.survivor": before["companies.CompanyMerge.survivor"] + 1,
    }
    assert not Company.objects.filter(pk=merged.pk).exists()
    assert Contact.objects.filter(company=survivor).count() == 5
    assert NetworkPartner.objects.filter(company=survivor).count() == 3
    assert audit.relinked == {
        "companies.Contact.company": 3,
        "companies.NetworkPartner.company": 2,
        "companies.CompanyMerge.survivor": 1,
    }


def test_merge_keeps_the_chosen_values_and_records_the_audit(pair, staff):
    survivor, merged = pair
    merged_id, merged_name = merged.pk, merged.full_name

    audit = services.company_merge(
        survivor=survivor,
        merged=merged,
        field_choices={
            "legal_name": KEEP_SURVIVOR,
            "website": KEEP_MERGED,
            "employees": KEEP_MERGED,
            "notes": KEEP_BOTH,
        },
        by=staff.user,
    )

    survivor.refresh_from_db()
    assert survivor.legal_name == "Müller Metallbau"
    assert survivor.website == "https://mueller-metallbau.de"
    assert survivor.employees == 60
    assert survivor.size_class == "medium"  # derived again from the chosen headcount
    assert survivor.notes == "Kennt Frau Weber.\n\nMesse 2025."
    assert audit.merged_by == staff.user
    assert audit.merged_at is not None
    assert audit.survivor == survivor
    assert audit.merged_company_id == merged_id
    assert audit.merged_name == merged_name
    assert audit.merged_snapshot["legal_name"] == "Mueller Metallbau"
    assert audit.merged_snapshot["id"] == merged_id
    assert audit.field_choices["website"] == {
        "kept": KEEP_MERGED,
        "before": "",
        "after": "https://mueller-metallbau.de",
    }


def test_merge_rebuilds_the_survivors_keys_and_drops_the_merged_ones(pair):
    survivor, merged = pair
    services.company_merge(
        survivor=survivor, merged=merged, field_choices={"website": KEEP_MERGED}, by=None
    )
    assert not MatchKey.objects.filter(company_id=merged.pk).exists()
    assert survivor.match_keys.filter(key="w:mueller-metallbau.de").exists()


def test_merge_carries_confirmed_differences_over(team, pair):
    survivor, merged = pair
    third, fourth = CompanyFactory(team=team), CompanyFactory(team=team)
    services.companies_mark_distinct(company=merged, other=third, by=None)
    services.companies_mark_distinct(company=merged, other=fourth, by=None)
    services.companies_mark_distinct(company=survivor, other=fourth, by=None)  # both had it
    services.companies_mark_distinct(company=survivor, other=merged, by=None)  # moot now

    services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=None)

    pairs = set(DistinctCompanies.objects.values_list("company_a", "company_b"))
    assert pairs == {
        tuple(sorted((survivor.pk, third.pk))),
        tuple(sorted((survivor.pk, fourth.pk))),
    }


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ({"team": KEEP_MERGED}, "unknown_field"),
        ({"created_by": KEEP_MERGED}, "unknown_field"),
        ({"legal_name": "neither"}, "unknown_field"),
        ({"legal_name": KEEP_BOTH}, "unknown_field"),
    ],
)
def test_merge_refuses_unknown_choices_and_changes_nothing(pair, choices, code):
    survivor, merged = pair
    before = related_counts(survivor, merged)
    with pytest.raises(ValidationError) as error:
        services.company_merge(survivor=survivor, merged=merged, field_choices=choices, by=None)
    assert error.value.code == code
    assert Company.objects.filter(pk=merged.pk).exists()
    assert related_counts(survivor, merged) == before


def test_merge_refuses_itself_and_other_teams(team, other_team):
    own, foreign = CompanyFactory(team=team), CompanyFactory(team=other_team)
    with pytest.raises(ValidationError):
        services.company_merge(survivor=own, merged=own, field_choices={}, by=None)
    with pytest.raises(ValidationError):
        services.company_merge(survivor=own, merged=foreign, field_choices={}, by=None)
    assert Company.objects.count() == 2


def test_merge_relinks_models_of_other_apps(team, pair):
    """Acquisition cases (crm) point at Company; the merge moves them unchanged."""
    from tests.factories import AcquisitionCaseFactory

    survivor, merged = pair
    case = AcquisitionCaseFactory(team=team, company=merged)
    before = related_counts(survivor, merged)

    services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=None)

    case.refresh_from_db()
    assert case.company == survivor
    after = related_counts(survivor)
    assert sum(after.values()) == sum(before.values()) + 1  # + the new merge record


def test_merge_stops_at_a_unique_rule_of_another_app(team, pair):
    """Two open cases in one pipeline cannot become one company's: nothing changes."""
    from tests.factories import AcquisitionCaseFactory

    survivor, merged = pair
    first = AcquisitionCaseFactory(team=team, company=survivor)
    AcquisitionCaseFactory(team=team, company=merged, pipeline=first.pipeline)
    before = related_counts(survivor, merged)

    with pytest.raises(ValidationError) as error:
        services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=None)

    assert error.value.code == "merge_conflict"
    assert Company.objects.filter(pk=merged.pk).exists()
    assert related_counts(survivor, merged) == before
    assert not CompanyMerge.objects.filter(merged_company_id=merged.pk).exists()


def test_merge_signal_lets_other_apps_resolve_conflicts(team, pair):
    from companies.signals import company_merging

    survivor, merged = pair
    expected = [(survivor.pk, merged.pk)]
    seen = []

    def receiver(sender, survivor, merged, by, **kwargs):
        seen.append((survivor.pk, merged.pk))

    company_merging.connect(receiver)
    try:
        services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=None)
    finally:
        company_merging.disconnect(receiver)
    assert seen == expected


def test_merge_history_is_shown_newest_first(pair):
    survivor, merged = pair
    assert merged.merges.count() == 1
    services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=UserFactory())
    names = [m.merged_name for m in selectors.company_merges(company=survivor)]
    # The earlier merge into `merged` moved over with it.
    assert names == ["Mueller Metallbau GmbH", "Metallbau Müller"]


def test_related_counts_for_the_merge_page(pair):
    _survivor, merged = pair
    with translation.override("en"):
        counts = dict(selectors.company_related_counts(company=merged))
    assert counts["contacts"] == 3
    assert counts["network partners"] == 2
    assert counts["company merges"] == 1


# -- related companies -----------------------------------------------------------------
def test_relate_joins_groups_and_records_the_pair_as_different(team, staff):
    a = services.company_create(team=team, by=None, legal_name="Müller Holding")
    b = services.company_create(team=team, by=None, legal_name="Müller", legal_form="KG")
    c = services.company_create(team=team, by=None, legal_name="Müller Verwaltungs")
    d = services.company_create(team=team, by=None, legal_name="Müller Service")
    first = services.company_relate(company=a, other=b, by=staff.user)
    second = services.company_relate(company=c, other=d, by=staff.user)
    assert first != second

    services.company_relate(company=b, other=c, by=staff.user)

    groups = set(Company.objects.filter(team=team).values_list("group", flat=True))
    assert len(groups) == 1
    assert CompanyGroup.objects.filter(team=team).count() == 1
    assert DistinctCompanies.objects.filter(team=team).count() == 3
    assert set(selectors.company_group_members(company=Company.objects.get(pk=a.pk))) == {b, c, d}


def test_unrelate_dissolves_a_group_of_one(team):
    a = services.company_create(team=team, by=None, legal_name="Müller Holding")
    b = services.company_create(team=team, by=None, legal_name="Müller", legal_form="KG")
    services.company_relate(company=a, other=b, by=None)

    services.company_unrelate(company=a, by=None)

    assert selectors.company_group_members(company=Company.objects.get(pk=b.pk)) == []
    assert not CompanyGroup.objects.exists()


def test_relate_refuses_itself_and_other_teams(team, other_team):
    a = services.company_create(team=team, by=None, legal_name="Müller Holding")
    stranger = services.company_create(team=other_team, by=None, legal_name="Müller")
    for other, code in ((a, "same"), (stranger, "other_team")):
        with pytest.raises(ValidationError) as error:
            services.company_relate(company=a, other=other, by=None)
        assert error.value.code == code
    assert not CompanyGroup.objects.exists()


def test_an_edit_form_does_not_undo_a_relation_made_meanwhile(team):
    a = services.company_create(team=team, by=None, legal_name="Müller Holding")
    b = services.company_create(team=team, by=None, legal_name="Müller", legal_form="KG")
    form_copy = Company.objects.get(pk=a.pk)  # loaded before the relation
    services.company_relate(company=a, other=b, by=None)

    services.company_update(company=form_copy, by=None, notes="Neu")

    assert Company.objects.get(pk=a.pk).group_id is not None


def test_merge_keeps_the_merged_records_related_companies(pair):
    survivor, merged = pair
    sister = services.company_create(team=survivor.team, by=None, legal_name="Müller Holding")
    services.company_relate(company=merged, other=sister, by=None)

    services.company_merge(
        survivor=survivor, merged=Company.objects.get(pk=merged.pk), field_choices={}, by=None
    )

    assert selectors.company_group_members(company=Company.objects.get(pk=survivor.pk)) == [sister]


# -- races -------------------------------------------------------------------------------
def test_merge_of_a_company_merged_meanwhile_is_refused_with_a_message(pair, staff):
    survivor, merged = pair
    stale = Company.objects.get(pk=merged.pk)  # what the second person's page loaded
    services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=staff.user)
    merges = CompanyMerge.objects.count()

    with pytest.raises(ValidationError) as error:
        services.company_merge(survivor=survivor, merged=stale, field_choices={}, by=staff.user)

    assert error.value.code == "gone"
    assert error.value.messages == [str(services.MERGE_GONE)]
    assert CompanyMerge.objects.count() == merges


def test_creation_with_a_recheck_refuses_a_duplicate_saved_meanwhile(team, staff):
    first = services.company_create(team=team, by=staff.user, recheck_duplicates=True, **MUELLER)

    with pytest.raises(ValidationError) as error:
        services.company_create(team=team, by=staff.user, recheck_duplicates=True, **MUELLER)

    assert error.value.code == "duplicate"
    assert first.full_name in error.value.messages[0]
    assert Company.objects.filter(team=team).count() == 1
    # Confirmed as a different company, it is created.
    services.company_create(
        team=team, by=staff.user, recheck_duplicates=True, distinct_from=[first], **MUELLER
    )
    assert Company.objects.filter(team=team).count() == 2


def _at_once(count: int, action) -> list[str]:
    """Run `action` in `count` threads released together; each outcome or error code."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append(str(exc.code))
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_merges_of_one_pair_merge_once(team, staff):
    survivor = services.company_create(team=team, by=None, **MUELLER)
    merged = services.company_create(team=team, by=None, **{**MUELLER, "legal_form": ""})
    ContactFactory(company=merged)

    def merge() -> None:
        services.company_merge(
            survivor=Company.objects.get(pk=survivor.pk),
            merged=Company.objects.get(pk=merged.pk),
            field_choices={},
            by=staff.user,
        )

    assert _at_once(3, merge) == ["done", "gone", "gone"]
    assert CompanyMerge.objects.count() == 1
    assert list(Company.objects.filter(team=team)) == [survivor]
    assert Contact.objects.get().company_id == survivor.pk


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_merges_of_one_pair_in_both_directions_do_not_deadlock(team, staff):
    a = services.company_create(team=team, by=None, **MUELLER)
    b = services.company_create(team=team, by=None, **{**MUELLER, "legal_form": ""})
    directions = iter([(a, b), (b, a)])
    lock = threading.Lock()

    def merge() -> None:
        with lock:
            survivor, merged = next(directions)
        services.company_merge(survivor=survivor, merged=merged, field_choices={}, by=staff.user)

    assert _at_once(2, merge) == ["done", "gone"]
    assert Company.objects.filter(team=team).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_new_company_is_created_once(team, staff):
    def create() -> None:
        services.company_create(team=team, by=staff.user, recheck_duplicates=True, **MUELLER)

    assert _at_once(2, create) == ["done", "duplicate"]
    assert Company.objects.filter(team=team).count() == 1
