"""Pipeline selectors: the board, the dashboard lists, the case page, the digest."""

from datetime import timedelta

from django.utils import timezone

from crm import selectors, services, timeline
from crm.models import AcquisitionCase, Membership
from tests.factories import AcquisitionCaseFactory, MembershipFactory

TODAY = timezone.localdate


def advance(case, to, by, **kwargs):
    return services.case_advance(case=case, to=to, by=by, version=case.version, **kwargs)


# -- board ----------------------------------------------------------------------------
def test_board_has_a_column_per_stage_with_counts_and_cards(team, staff, stage, reason):
    cases = AcquisitionCaseFactory.create_batch(3, team=team, owner=staff.user)
    advance(cases[0], stage("Im Gespräch"), staff.user)
    services.case_lose(case=cases[1], by=staff.user, version=1, reason=reason)

    board = selectors.board_build(
        pipeline=cases[0].pipeline, cases=selectors.cases_for_team(team=team)
    )

    counts = {column.stage.name_de: column.count for column in board.columns}
    assert list(counts) == [
        "Hinweis/Empfehlung",
        "Vorbereitet",
        "Vorgestellt",
        "Im Gespräch",
        "Angebot",
        "Partnerschaft",
        "Abgesagt",
        "Zurückgestellt",
    ]
    assert counts["Hinweis/Empfehlung"] == 1
    assert counts["Im Gespräch"] == 1
    assert counts["Abgesagt"] == 1
    assert board.total == 3
    in_talks = next(c for c in board.columns if c.stage.name_de == "Im Gespräch")
    assert [card.case.pk for card in in_talks.cards] == [cases[0].pk]


def test_board_columns_are_cut_and_ordered_by_due_date(team, staff):
    due = [TODAY() + timedelta(days=d) for d in (5, 1, 3)]
    for day in due:
        AcquisitionCaseFactory(team=team, owner=staff.user, next_step="x", next_step_due=day)
    AcquisitionCaseFactory.create_batch(2, team=team, owner=staff.user)  # no due date: last

    pipeline = selectors.pipeline_default(team=team)
    board = selectors.board_build(
        pipeline=pipeline, cases=selectors.cases_for_team(team=team), per_column=3
    )

    first = board.columns[0]
    assert (first.count, len(first.cards), first.hidden) == (5, 3, 2)
    assert [card.case.next_step_due for card in first.cards] == sorted(due)


def test_board_shows_closed_cases_of_the_last_thirty_days_only(team, staff, reason):
    old, recent = AcquisitionCaseFactory.create_batch(2, team=team, owner=staff.user)
    services.case_lose(case=old, by=staff.user, version=1, reason=reason)
    services.case_lose(case=recent, by=staff.user, version=1, reason=reason)
    AcquisitionCase.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - timedelta(days=selectors.BOARD_CLOSED_DAYS + 1)
    )

    board = selectors.board_build(pipeline=old.pipeline, cases=selectors.cases_for_team(team=team))
    lost = next(c for c in board.columns if c.stage.kind == "lost")
    assert [card.case.pk for card in lost.cards] == [recent.pk]


def test_board_marks_stale_and_overdue_cards(team, staff, stage):
    long_ago = timezone.now() - timedelta(days=40)
    stale = AcquisitionCaseFactory(team=team, owner=staff.user, at=long_ago)
    fresh = AcquisitionCaseFactory(
        team=team, owner=staff.user, next_step="x", next_step_due=TODAY()
    )
    AcquisitionCase.objects.filter(pk=fresh.pk).update(next_step_due=TODAY() - timedelta(days=1))

    board = selectors.board_build(
        pipeline=stale.pipeline, cases=selectors.cases_for_team(team=team)
    )
    cards = {card.case.pk: card for card in board.columns[0].cards}
    assert cards[stale.pk].rotting
    assert cards[stale.pk].days_in_stage == 40
    assert not cards[fresh.pk].rotting
    assert cards[fresh.pk].overdue


def test_board_costs_three_queries_whatever_the_number_of_cases(
    team, staff, django_assert_num_queries
):
    AcquisitionCaseFactory.create_batch(30, team=team, owner=staff.user)
    pipeline = selectors.pipeline_default(team=team)
    with django_assert_num_queries(3):
        board = selectors.board_build(pipeline=pipeline, cases=selectors.cases_for_team(team=team))
        for column in board.columns:
            for card in column.cards:
                str(card.case.company), str(card.case.owner), card.case.stage.name


# -- dashboard ----------------------------------------------------------------------------
def test_cases_due_lists_the_owners_due_and_overdue_steps(team, staff, lead, reason):
    def with_due(owner, days):
        case = AcquisitionCaseFactory(team=team, owner=owner, next_step="x", next_step_due=TODAY())
        AcquisitionCase.objects.filter(pk=case.pk).update(
            next_step_due=TODAY() + timedelta(days=days)
        )
        return case

    overdue, today = with_due(staff.user, -2), with_due(staff.user, 0)
    with_due(staff.user, 1)  # not yet
    with_due(lead.user, -1)  # someone else's
    services.case_lose(case=with_due(staff.user, -5), by=staff.user, version=1, reason=reason)

    cards = selectors.cases_due(team=team, owner=staff.user)

    assert [card.case.pk for card in cards] == [overdue.pk, today.pk]
    assert cards[0].overdue
    assert cards[1].due_today


def test_cases_rotting_lists_stale_cases_and_pauses_that_ran_out(team, staff, lead, stage):
    now = timezone.now()
    stale = AcquisitionCaseFactory(team=team, owner=staff.user, at=now - timedelta(days=15))
    AcquisitionCaseFactory(team=team, owner=staff.user, at=now - timedelta(days=13))
    AcquisitionCaseFactory(team=team, owner=lead.user, at=now - timedelta(days=90))
    paused = AcquisitionCaseFactory(team=team, owner=staff.user)
    paused = services.case_pause(
        case=paused, by=staff.user, version=1, until=TODAY() + timedelta(days=1)
    )
    AcquisitionCase.objects.filter(pk=paused.pk).update(paused_until=TODAY())

    cards = selectors.cases_rotting(team=team, owner=staff.user)

    assert {card.case.pk for card in cards} == {stale.pk, paused.pk}
    assert all(card.rotting for card in cards)


def test_stage_counts_per_owner(team, staff, lead, stage):
    cases = AcquisitionCaseFactory.create_batch(3, team=team, owner=staff.user)
    AcquisitionCaseFactory(team=team, owner=lead.user)
    advance(cases[0], stage("Vorbereitet"), staff.user)

    counts = {
        row.stage.name_de: row.count for row in selectors.stage_counts(team=team, owner=staff.user)
    }

    assert counts["Hinweis/Empfehlung"] == 2
    assert counts["Vorbereitet"] == 1
    assert "Partnerschaft" not in counts  # only stages in play
    assert "Zurückgestellt" in counts


# -- case page ----------------------------------------------------------------------------
def test_next_stage_shows_what_it_requires(case, staff, stage, introduction_check):
    case = advance(case, stage("Vorbereitet"), staff.user)

    upcoming = selectors.case_next_stage(case=case)
    assert upcoming.stage == stage("Vorgestellt")
    assert [(r.label, r.met) for r in upcoming.requirements] == [
        ("An introduction is recorded", False)
    ]
    assert not upcoming.ready

    introduction_check["met"] = True
    assert selectors.case_next_stage(case=case).ready


def test_next_stage_after_the_last_open_one_is_the_won_stage(case, staff, stage):
    case = advance(case, stage("Angebot"), staff.user)
    upcoming = selectors.case_next_stage(case=case)
    assert upcoming.stage == stage("Partnerschaft")
    assert upcoming.requirements == []  # nothing registered for it


def test_stage_stays_include_the_current_stay(team, staff, stage):
    start = timezone.now() - timedelta(days=10)
    case = AcquisitionCaseFactory(team=team, owner=staff.user, at=start)
    case = advance(case, stage("Vorbereitet"), staff.user, at=start + timedelta(days=4))

    stays = selectors.case_stage_stays(case=case, now=start + timedelta(days=10))

    assert [(s.stage.name_de, s.time_spent.days, s.current) for s in stays] == [
        ("Hinweis/Empfehlung", 4, False),
        ("Vorbereitet", 6, True),
    ]


def test_timeline_is_newest_first_and_takes_other_apps_entries(case, staff, stage):
    case = advance(case, stage("Vorbereitet"), staff.user, note="Bedarf erfasst")
    later = timezone.now() + timedelta(minutes=1)
    timeline.register(
        "test_touchpoints",
        lambda c: [timeline.Entry(at=later, icon="telephone", title=f"Anruf bei {c.company}")],
    )
    try:
        entries = selectors.case_timeline(case=case)
    finally:
        timeline.unregister("test_touchpoints")

    assert entries[0].title == "Anruf bei Metallbau Schulze GmbH"
    # German is the default language.
    assert entries[1].title == "Von „Hinweis/Empfehlung“ nach „Vorbereitet“ verschoben"
    assert entries[1].note == "Bedarf erfasst"
    assert entries[1].by == staff.user.get_full_name()
    assert entries[2].title == "Eröffnet in „Hinweis/Empfehlung“"


# -- digest -------------------------------------------------------------------------------
def test_digest_covers_only_teams_the_owner_still_belongs_to(team, other_team, staff):
    AcquisitionCaseFactory(team=team, owner=staff.user, at=timezone.now() - timedelta(days=20))
    MembershipFactory(team=other_team, user=staff.user)
    AcquisitionCaseFactory(
        team=other_team, owner=staff.user, at=timezone.now() - timedelta(days=20)
    )
    Membership.objects.filter(team=other_team, user=staff.user).delete()

    now = timezone.now()
    digest = selectors.digest_for_owner(user=staff.user, today=TODAY(), now=now)

    assert [section.team for section in digest.sections] == [team]
    assert digest.rotting_count == 1
    assert selectors.digest_owner_ids(today=TODAY(), now=now) == [staff.user.pk]
