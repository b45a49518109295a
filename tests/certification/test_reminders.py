"""When the digest reminds of a re-certification, and quarters (no database)."""

from datetime import date

import pytest

from certification import reminders
from certification.reminders import Quarter

DUE = date(2027, 6, 16)  # a Wednesday


@pytest.mark.parametrize(
    ("today", "milestone"),
    [
        (date(2026, 12, 16), "six_months"),
        (date(2027, 3, 16), "three_months"),
        (date(2027, 5, 19), "four_weeks"),
        (date(2027, 5, 18), None),
        (date(2027, 6, 16), None),
        (date(2026, 12, 17), None),
    ],
)
def test_reminders_come_6_months_3_months_and_4_weeks_before(today, milestone):
    assert reminders.milestone_today(DUE, today) == milestone


def test_a_milestone_on_a_weekend_is_reminded_on_monday():
    due = date(2027, 6, 13)  # six months before: Sunday 13 December 2026
    assert reminders.milestone_today(due, date(2026, 12, 13)) == "six_months"
    assert reminders.milestone_today(due, date(2026, 12, 14)) == "six_months"  # Monday
    assert reminders.milestone_today(due, date(2026, 12, 15)) is None


def test_months_earlier_keeps_the_end_of_shorter_months():
    assert reminders.months_earlier(date(2027, 8, 31), 6) == date(2027, 2, 28)
    assert reminders.months_earlier(date(2027, 1, 15), 3) == date(2026, 10, 15)


def test_years_later_handles_the_29th_of_february():
    assert reminders.years_later(date(2028, 2, 29), 2) == date(2030, 2, 28)


def test_quarters():
    quarter = Quarter.of(date(2026, 11, 5))
    assert str(quarter) == "Q4/2026"
    assert quarter.start == date(2026, 10, 1)
    assert quarter.end == date(2026, 12, 31)
    assert quarter.next() == Quarter(2027, 1)
