"""The outreach quality report, on the hand-made history (conftest)."""

from crm.reports import targeting


def test_outreach_quality(team, history):
    report = targeting.outreach_report(team=team, filters=history["filters"])
    flags = {(r.person, r.rule, r.open, r.acknowledged) for r in report.flags}
    anna = history["anna"].get_full_name()
    ben = history["ben"].get_full_name()
    assert flags == {
        (anna, "unprepared_first_contact", 1, 1),
        (ben, "generic_text", 1, 0),
    }
    assert {(r.person, r.first_contacts, r.cold) for r in report.first_contacts} == {
        (anna, 2, 1),
        (ben, 1, 1),
    }
    assert (report.total_first, report.total_cold) == (3, 2)
    assert report.cold_share == 2 / 3
