"""The targeting score of first outbound contacts (no database)."""

from outreach.quality import (
    GENERIC_TEXT,
    UNPREPARED_FIRST_CONTACT,
    Finding,
    Severity,
    targeting_score,
)
from tests.outreach.quality.plain import item


def test_targeting_score_counts_first_outbound_contacts_only():
    unprepared = Finding(UNPREPARED_FIRST_CONTACT, Severity.WARNING, {})
    generic = Finding(GENERIC_TEXT, Severity.WARNING, {})
    pairs = [
        (item(id=1), []),  # prepared, warm, tailored
        (item(id=2, warm=False), [unprepared]),
        (item(id=3, warm=False), [generic]),
        (item(id=4), [unprepared, generic]),
        (item(id=5, is_first_outbound=False), [unprepared]),  # a follow-up
        (item(id=6, direction="in"), []),
    ]
    score = targeting_score(pairs)
    assert (score.first_contacts, score.prepared, score.warm, score.tailored) == (4, 2, 2, 2)
    assert score.targeted == 1
    assert score.prepared_percent == score.warm_percent == score.tailored_percent == 50.0
    assert score.targeted_percent == 25.0
    assert score.score == 50.0


def test_targeting_score_without_first_contacts_is_none():
    score = targeting_score([(item(is_first_outbound=False), [])])
    assert score.first_contacts == 0
    assert score.score is None
    assert score.prepared_percent is None
