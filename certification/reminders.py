"""When a re-certification is worth a reminder, and the quarters it falls in (pure)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Before a re-certification is due: 6 months, 3 months and 4 weeks (the digest's reminders).
MILESTONES: tuple[tuple[str, int, int], ...] = (
    # code, months, days
    ("six_months", 6, 0),
    ("three_months", 3, 0),
    ("four_weeks", 0, 28),
)
SATURDAY, SUNDAY, MONDAY = 5, 6, 0


def months_earlier(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def years_later(day: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def milestone_days(due: date) -> dict[str, date]:
    """The days a reminder of `due` belongs to, by milestone."""
    return {
        code: months_earlier(due, months) - timedelta(days=days)
        for code, months, days in MILESTONES
    }


def _digest_days(today: date) -> set[date]:
    """The days whose reminders go out today: the digest runs on working days, so
    Monday also carries Saturday's and Sunday's."""
    days = {today}
    if today.weekday() == MONDAY:
        days |= {today - timedelta(days=1), today - timedelta(days=2)}
    return days


def milestone_today(due: date, today: date) -> str | None:
    """The milestone of `due` whose reminder goes out `today`, if any."""
    days = _digest_days(today)
    for code, day in milestone_days(due).items():
        if day in days:
            return code
    return None


# How far ahead a reminder can reach (six months and a weekend).
LOOKAHEAD = timedelta(days=190)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        following = self.next()
        return following.start - timedelta(days=1)

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def __str__(self) -> str:
        return f"Q{self.number}/{self.year}"
