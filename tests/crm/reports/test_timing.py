"""Time in stage and the monthly cohorts, on the hand-made history (conftest)."""

from django.utils import timezone

from crm.reports import timing


def test_time_in_stage_median_and_75th_percentile(team, history):
    report = timing.time_report(team=team, filters=history["filters"])
    rows = {
        r.stage.name_de: (r.moved_on, r.median_days, r.p75_days, r.there_now) for r in report.stages
    }
    assert rows == {
        # A 2, B 4+3 (two stays), C 2, D 2 days
        "Hinweis/Empfehlung": (4, 2.0, 3.25, 0),
        # A 3, B 2+3
        "Vorbereitet": (2, 4.0, 4.5, 0),
        "Vorgestellt": (0, None, None, 0),
        # A 5, C 2+7 (before being lost and after the reopening)
        "Im Gespräch": (2, 7.0, 8.0, 0),
        # A 10; C is still there
        "Angebot": (1, 10.0, 10.0, 1),
        "Zurückgestellt": (0, None, None, 1),
    }


def test_cohorts_per_month(team, history):
    report = timing.time_report(team=team, filters=history["filters"])
    month = history["month"]
    assert report.months[0].month < month  # the period starts in the month before
    assert report.months[0].opened == 0
    row = next(m for m in report.months if m.month == month)
    assert (row.opened, row.won, row.won_in_month) == (4, 1, 1)
    assert sum(m.opened for m in report.months) == 4
    assert report.months[-1].month == timezone.localdate().replace(day=1)
