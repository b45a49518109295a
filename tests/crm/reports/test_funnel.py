"""The funnel, its breakdowns and the source split, on the hand-made history (conftest)."""

from crm.reports.funnel import breakdown_report, funnel_report, source_report
from crm.reports.scope import ReportFilters


def test_funnel_counts_every_stage_exactly(team, history):
    funnel = funnel_report(team=team, filters=history["filters"])
    assert [s.stage.name_de for s in funnel.steps] == [
        "Hinweis/Empfehlung",
        "Vorbereitet",
        "Vorgestellt",
        "Im Gespräch",
        "Angebot",
        "Partnerschaft",
    ]
    # C skipped "Vorbereitet" and A and C skipped "Vorgestellt": later stages count as passed.
    assert [s.reached for s in funnel.steps] == [4, 3, 2, 2, 2, 1]
    assert [s.dropped for s in funnel.steps] == [0, 1, 1, 0, 0, 1]
    assert [s.conversion for s in funnel.steps] == [None, 3 / 4, 2 / 3, 1.0, 1.0, 1 / 2]
    assert funnel.steps[1].share_of_opened == 3 / 4
    # Where the others stopped: D on hold after the lead stage, B lost after "Vorbereitet",
    # C (lost once, reopened) still open at the offer.
    stopped = [(s.stopped_lost, s.stopped_paused, s.stopped_open) for s in funnel.steps[:5]]
    assert stopped == [(0, 1, 0), (1, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1)]
    counts = funnel.counts
    assert (counts.opened, counts.won, counts.lost, counts.paused, counts.in_play) == (
        4,
        1,
        1,
        1,
        2,
    )


def test_source_split_with_warmth_and_preparation(team, history):
    split = source_report(team=team, filters=history["filters"])
    meetings = split.meetings
    by_source = {
        r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_source
    }
    assert by_source == {
        "referral": (1, 1, 1),
        "introduction": (1, 0, 0),
        "event": (0, 0, 0),
        "inbound": (0, 0, 0),
        "own_research": (1, 1, 0),
        "cold_list": (1, 0, 0),
    }
    # C came by own research but was introduced before its first meeting: warm.
    warmth = {r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_warmth}
    assert warmth == {"warm": (3, 2, 1), "cold": (1, 0, 0)}
    prepared = {
        r.key: (r.counts.opened, meetings(r.counts), r.counts.won) for r in split.by_preparation
    }
    assert prepared == {"prepared": (1, 1, 1), "unprepared": (2, 1, 0), "not_contacted": (1, 0, 0)}
    assert split.total.opened == 4


def test_breakdown_by_person_counts_a_moved_case_for_its_new_owner(team, history):
    breakdown = breakdown_report(team=team, filters=history["filters"], dimension="owner")
    rows = {
        r.key: (r.counts.opened, r.counts.won, r.counts.lost, r.counts.paused)
        for r in breakdown.rows
    }
    assert rows == {
        history["anna"].pk: (2, 1, 1, 0),
        history["ben"].pk: (1, 0, 0, 0),
        history["lea"].pk: (1, 0, 0, 1),
    }
    districts = breakdown_report(team=team, filters=history["filters"], dimension="district")
    assert {r.key: r.counts.opened for r in districts.rows} == {
        "Leipzig": 2,
        "Nordsachsen": 1,
        "": 1,
    }
    assert districts.rows[-1].key == ""  # "not recorded" last
    sizes = breakdown_report(team=team, filters=history["filters"], dimension="size_class")
    assert {r.key: r.counts.reached[1] for r in sizes.rows} == {
        "small": 1,
        "micro": 1,
        "medium": 1,
        "": 0,
    }


def test_owner_filter_narrows_every_figure(team, history):
    filters = ReportFilters(
        pipeline=history["filters"].pipeline,
        start=history["filters"].start,
        owner_id=history["anna"].pk,
    )
    funnel = funnel_report(team=team, filters=filters)
    assert [s.reached for s in funnel.steps] == [2, 2, 1, 1, 1, 1]
