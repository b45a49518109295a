"""The outreach quality report: flags per person and rule, targeting scores per person
and campaign, cold first contacts."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Q,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crm.cohorts import (
    day_start,
)
from crm.models import (
    Team,
)
from crm.reports.scope import (
    ReportFilters,
    share,
)
from outreach import quality
from outreach import selectors as outreach_selectors
from outreach.models import OutreachFlag, Touchpoint


@dataclass(frozen=True, slots=True)
class FlagRow:
    user_id: int | None
    person: str
    rule: str
    rule_title: str
    open: int
    acknowledged: int


@dataclass(frozen=True, slots=True)
class FirstContactRow:
    user_id: int | None
    person: str
    first_contacts: int
    cold: int

    @property
    def cold_share(self) -> float | None:
        return share(self.cold, self.first_contacts)


@dataclass(frozen=True, slots=True)
class OutreachReport:
    filters: ReportFilters
    flags: list[FlagRow]
    by_person: list[outreach_selectors.ScoreRow]
    by_campaign: list[outreach_selectors.ScoreRow]
    first_contacts: list[FirstContactRow]
    total_first: int
    total_cold: int

    @property
    def cold_share(self) -> float | None:
        return share(self.total_cold, self.total_first)


def _person(users: dict[Any, Any], pk: int | None) -> str:
    user = users.get(pk)
    if user is None:
        return _("(nobody)")
    return user.get_full_name() or user.get_username()


def outreach_report(*, team: Team, filters: ReportFilters) -> OutreachReport:
    """Open and acknowledged flags per person and rule, targeting scores, cold first contacts.

    Flags count when raised in the period, first contacts when made in it; the
    person filter applies, the company filters do not. Seven queries.
    """
    flags = OutreachFlag.objects.filter(
        team=team, state__in=[OutreachFlag.State.OPEN, OutreachFlag.State.ACKNOWLEDGED]
    )
    contacts = Touchpoint.objects.filter(team=team, direction="out", is_first_outbound=True)
    if filters.start:
        flags = flags.filter(created_at__gte=day_start(filters.start))
        contacts = contacts.filter(occurred_on__gte=filters.start)
    if filters.end:
        flags = flags.filter(created_at__lt=day_start(filters.end + timedelta(days=1)))
        contacts = contacts.filter(occurred_on__lte=filters.end)
    if filters.owner_id:
        flags = flags.filter(user_id=filters.owner_id)
        contacts = contacts.filter(by_id=filters.owner_id)
    flag_rows = list(
        flags.values("user_id", "rule")
        .annotate(
            open=Count("pk", filter=Q(state=OutreachFlag.State.OPEN)),
            acknowledged=Count("pk", filter=Q(state=OutreachFlag.State.ACKNOWLEDGED)),
        )
        .order_by("user_id", "rule")
    )
    contact_rows = list(
        contacts.values("by_id")
        .annotate(n=Count("pk"), cold=Count("pk", filter=Q(warm=False)))
        .order_by("by_id")
    )
    users = get_user_model().objects.in_bulk(
        {r["user_id"] for r in flag_rows} | {r["by_id"] for r in contact_rows} - {None}
    )
    language = get_language() or "de"

    def rule_title(rule: str) -> str:
        known = quality.RULES.get(rule)
        return known.title(language) if known else rule

    by_person = outreach_selectors.targeting_scores(
        team=team, by="user", start=filters.start, end=filters.end
    )
    if filters.owner_id:
        by_person = [row for row in by_person if row.key == filters.owner_id]
    first = [
        FirstContactRow(
            user_id=r["by_id"],
            person=_person(users, r["by_id"]),
            first_contacts=r["n"],
            cold=r["cold"],
        )
        for r in contact_rows
    ]
    return OutreachReport(
        filters=filters,
        flags=sorted(
            (
                FlagRow(
                    user_id=r["user_id"],
                    person=_person(users, r["user_id"]),
                    rule=r["rule"],
                    rule_title=rule_title(r["rule"]),
                    open=r["open"],
                    acknowledged=r["acknowledged"],
                )
                for r in flag_rows
            ),
            key=lambda row: (row.person.casefold(), row.rule_title.casefold()),
        ),
        by_person=by_person,
        by_campaign=outreach_selectors.targeting_scores(
            team=team, by="campaign", start=filters.start, end=filters.end
        ),
        first_contacts=sorted(first, key=lambda row: row.person.casefold()),
        total_first=sum(row.first_contacts for row in first),
        total_cold=sum(row.cold for row in first),
    )
