"""The partner report, on the hand-made history (conftest)."""

from crm.reports import partners


def test_partners(team, history):
    report = partners.partner_report(team=team, filters=history["filters"])
    rows = {
        r.partner.pk: (
            r.referred.opened,
            r.referred.won,
            r.introductions,
            r.meetings,
            r.introduced.opened,
        )
        for r in report.rows
    }
    assert rows == {history["p1"].pk: (1, 1, 0, 0, 0), history["p2"].pk: (0, 0, 1, 1, 1)}
