"""Ranking of possible introducers on small hand-made networks (no database)."""

from datetime import date, timedelta

import pytest

from outreach.introductions import (
    PartnerRecord,
    Tie,
    rank_introducers,
    recency_weight,
    record_weight,
)

TODAY = date(2026, 11, 25)
TARGET = 100


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_recency_halves_after_one_half_life():
    assert recency_weight(TODAY, today=TODAY, half_life_days=180) == 1.0
    assert recency_weight(ago(180), today=TODAY, half_life_days=180) == pytest.approx(0.5)
    assert recency_weight(ago(360), today=TODAY, half_life_days=180) == pytest.approx(0.25)
    assert recency_weight(ago(90), today=TODAY, half_life_days=90) == pytest.approx(0.5)


def test_record_is_smoothed():
    assert record_weight(0, 0) == 0.5
    # One lucky introduction does not beat a long good record.
    assert record_weight(1, 1) < record_weight(10, 9)


def test_obvious_order_on_a_small_network():
    partners = {
        1: PartnerRecord(1, "IHK Leipzig", introductions=5, meetings=4),
        2: PartnerRecord(2, "Wirtschaftsförderung", introductions=5, meetings=1),
        3: PartnerRecord(3, "Altkontakt Verein"),
        4: PartnerRecord(4, "Fremd"),
    }
    ties = [
        Tie(1, TARGET, "knows_owner", 5, ago(21)),  # strong, fresh, good record
        Tie(2, TARGET, "knows_owner", 5, ago(21)),  # same tie, poor record
        Tie(3, TARGET, "same_association", 2, ago(900)),  # weak and old
        Tie(4, 999, "knows_owner", 5, ago(1)),  # knows someone else entirely
    ]

    ranked = rank_introducers(target_company_id=TARGET, ties=ties, partners=partners, today=TODAY)

    assert [s.name for s in ranked] == ["IHK Leipzig", "Wirtschaftsförderung", "Altkontakt Verein"]
    assert all(s.direct for s in ranked)
    first = ranked[0]
    assert [r.code for r in first.reasons] == ["tie", "recency", "record"]
    assert first.reasons[0].tie_kind == "knows_owner"
    assert first.reasons[1].days_ago == 21
    assert (first.reasons[2].introductions, first.reasons[2].meetings) == (5, 4)


def test_two_step_path_through_a_partner_company():
    partners = {
        1: PartnerRecord(1, "Unternehmerverband", introductions=3, meetings=3),
        2: PartnerRecord(2, "Metallbau Partner GmbH", company_id=50),
    }
    ties = [
        Tie(2, TARGET, "same_association", 4, ago(30)),  # the partner company knows the target
        Tie(1, 50, "knows_owner", 5, ago(10)),  # the association knows the partner company
    ]

    ranked = rank_introducers(target_company_id=TARGET, ties=ties, partners=partners, today=TODAY)

    by_name = {s.name: s for s in ranked}
    assert by_name["Metallbau Partner GmbH"].direct
    via = by_name["Unternehmerverband"]
    assert not via.direct
    assert via.reasons[0].code == "via"
    assert via.reasons[0].via_name == "Metallbau Partner GmbH"
    # A path through an intermediary never outranks the intermediary itself here.
    assert ranked[0].name == "Metallbau Partner GmbH"


def test_better_path_wins_and_limit_applies():
    partners = {i: PartnerRecord(i, f"P{i}", company_id=1000 + i) for i in range(1, 9)}
    ties = [Tie(i, TARGET, "supplier", i % 5 + 1, ago(i * 10)) for i in range(1, 9)]
    ties.append(Tie(1, 1002, "knows_owner", 5, TODAY))  # partner 1 also via partner 2

    ranked = rank_introducers(
        target_company_id=TARGET, ties=ties, partners=partners, today=TODAY, limit=3
    )

    assert len(ranked) == 3
    assert len({s.partner_id for s in ranked}) == 3
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_undated_tie_counts_as_old_and_bad_half_life_is_refused():
    partners = {1: PartnerRecord(1, "A"), 2: PartnerRecord(2, "B")}
    ties = [Tie(1, TARGET, "other", 3, None), Tie(2, TARGET, "other", 3, ago(30))]
    ranked = rank_introducers(target_company_id=TARGET, ties=ties, partners=partners, today=TODAY)
    assert [s.name for s in ranked] == ["B", "A"]
    assert ranked[1].reasons[1].days_ago is None
    with pytest.raises(ValueError, match="half_life"):
        rank_introducers(
            target_company_id=TARGET, ties=ties, partners=partners, today=TODAY, half_life_days=0
        )


def test_deterministic_for_the_same_input():
    partners = {i: PartnerRecord(i, f"P{i}") for i in range(20)}
    ties = [Tie(i, TARGET, "other", 3, ago(30)) for i in range(20)]
    first = rank_introducers(target_company_id=TARGET, ties=ties, partners=partners, today=TODAY)
    second = rank_introducers(
        target_company_id=TARGET, ties=list(reversed(ties)), partners=partners, today=TODAY
    )
    assert first == second
