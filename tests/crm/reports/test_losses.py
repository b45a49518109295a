"""Lost reasons, on the hand-made history (conftest)."""

from crm.reports import losses


def test_lost_reasons_count_only_cases_still_lost(team, history):
    report = losses.loss_report(team=team, filters=history["filters"])
    counts = {r.label: r.count for r in report.reasons if r.count}
    assert counts == {history["reason"].name: 1}  # B; C was reopened
    assert report.lost == 1
    assert report.paused == 1
    assert [c.pk for c in report.paused_cases] == [history["d"].pk]
    assert report.paused_overdue == 0
