"""Which records a team's retention policy makes due, and when (Art. 5(1)(e) GDPR).

Reads only: `privacy.services.retention_run` acts on what these return. Each rule
gives the records due on or before a day (today for the run, 30 days ahead for the
page), leaving out records a lead holds (`RetentionHold`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from companies.models import Contact, ImportJob
from crm.models import AcquisitionCase, Partnership, Stage, StageChange, Team
from outreach.models import Introduction, Letter, Touchpoint
from privacy.identifiers import ERASED_NAME
from privacy.models import RetentionHold, RetentionPolicy
from privacy.scanner import scope_for

Kind = RetentionHold.Kind

# History tables that other apps keep, as (model label, date field). An app may
# register its own; the usual libraries' tables are tried when they are installed.
_HISTORY: dict[str, str] = {"history.logentry": "timestamp", "auditlog.logentry": "timestamp"}


def history_register(label: str, date_field: str) -> None:
    """Let a history app say which of its models retention trims, and by which date."""
    _HISTORY[label.lower()] = date_field


def history_models() -> list[tuple[type[models.Model], str]]:
    """The installed history models with their date field."""
    found = []
    for label, date_field in _HISTORY.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        # A swapped-out model (auditlog's own, replaced by history.LogEntry) has no table.
        if not model._meta.swapped:
            found.append((model, date_field))
    return found


@dataclass(frozen=True)
class Due:
    """One record a retention rule makes due on `due_on`."""

    kind: str
    object_id: int
    label: str
    due_on: date


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _held(team: Team, kind: str) -> set[int]:
    return set(
        RetentionHold.objects.filter(team=team, kind=kind).values_list("object_id", flat=True)
    )


def contacts_due(*, team: Team, policy: RetentionPolicy, until: date) -> list[Due]:
    """Contacts of companies never won, with no activity for the policy's months."""
    won_case = AcquisitionCase.objects.filter(
        company=OuterRef("company"), stage__kind=Stage.Kind.WON
    )
    partnership = Partnership.objects.filter(company=OuterRef("company"))
    last_touch = Touchpoint.objects.filter(company=OuterRef("company")).order_by("-occurred_on")
    last_case = AcquisitionCase.objects.filter(company=OuterRef("company")).order_by(
        "-stage_entered_at"
    )
    last_intro = Introduction.objects.filter(case__company=OuterRef("company")).order_by("-date")
    rows = (
        Contact.objects.filter(company__team=team)
        .exclude(Exists(won_case))
        .exclude(Exists(partnership))
        .exclude(last_name=ERASED_NAME, first_name="")
        .exclude(pk__in=_held(team, Kind.CONTACT))
        .annotate(
            last_touch=Subquery(last_touch.values("occurred_on")[:1]),
            last_case=Subquery(last_case.values("stage_entered_at")[:1]),
            last_intro=Subquery(last_intro.values("date")[:1]),
        )
        .values(
            "pk",
            "title",
            "first_name",
            "last_name",
            "company__legal_name",
            "updated_at",
            "last_touch",
            "last_case",
            "last_intro",
        )
    )
    due = []
    for row in rows:
        days = [_day(row[name]) for name in ("updated_at", "last_touch", "last_case", "last_intro")]
        last = max(day for day in days if day is not None)
        due_on = add_months(last, policy.contact_months)
        if due_on <= until:
            name = " ".join(p for p in (row["title"], row["first_name"], row["last_name"]) if p)
            due.append(
                Due(Kind.CONTACT, row["pk"], f"{name} ({row['company__legal_name']})", due_on)
            )
    return due


def _case_has_notes() -> Q:
    return (
        ~Q(next_step="")
        | Q(Exists(StageChange.objects.filter(case=OuterRef("pk")).exclude(note="")))
        | Q(Exists(Touchpoint.objects.filter(case=OuterRef("pk")).exclude(text="")))
        | Q(Exists(Introduction.objects.filter(case=OuterRef("pk")).exclude(note="")))
    )


def cases_due(*, team: Team, policy: RetentionPolicy, until: date) -> list[Due]:
    """Cases closed for the policy's years that still hold notes."""
    rows = (
        AcquisitionCase.objects.filter(team=team, closed_at__isnull=False)
        .filter(_case_has_notes())
        .exclude(pk__in=_held(team, Kind.CASE))
        .values("pk", "company__legal_name", "closed_at")
    )
    due = []
    for row in rows:
        due_on = add_months(_day(row["closed_at"]), 12 * policy.case_years)  # type: ignore[arg-type]
        if due_on <= until:
            due.append(Due(Kind.CASE, row["pk"], row["company__legal_name"], due_on))
    return due


def _files_due(
    queryset: models.QuerySet[Any], kind: str, months: int, until: date, label: Callable
) -> list[Due]:
    due = []
    for row in queryset:
        due_on = add_months(_day(row.created_at), months)  # type: ignore[arg-type]
        if due_on <= until:
            due.append(Due(kind, row.pk, label(row), due_on))
    return due


def files_due(*, team: Team, policy: RetentionPolicy, until: date) -> list[Due]:
    """Letter files and import files older than the policy's months."""
    letters = (
        Letter.objects.filter(team=team)
        .exclude(file="")
        .exclude(pk__in=_held(team, Kind.LETTER))
        .select_related("company")
        .only("pk", "created_at", "company__legal_name", "company__legal_form", "file")
    )
    imports = (
        ImportJob.objects.filter(team=team)
        .exclude(file="")
        .exclude(pk__in=_held(team, Kind.IMPORT))
        .only("pk", "created_at", "original_name", "file")
    )
    return _files_due(
        letters, Kind.LETTER, policy.file_months, until, lambda row: str(row.company)
    ) + _files_due(imports, Kind.IMPORT, policy.file_months, until, lambda row: row.original_name)


def history_due(*, team: Team, policy: RetentionPolicy, until: date) -> dict[str, Any]:
    """Per installed history model: the queryset of the team's entries due by `until`.

    A history table without a way to the team is trimmed by the longest period any
    team has set, so that no team loses entries it still keeps.
    """
    found: dict[str, Any] = {}
    for model, date_field in history_models():
        scope = scope_for(model, team)
        if scope is None:
            longest = RetentionPolicy.objects.aggregate(longest=models.Max("history_years"))
            years = max(longest["longest"] or 0, policy.history_years)
            scope = Q()
        else:
            years = policy.history_years
        cutoff = add_months(until, -12 * years)
        start = timezone.make_aware(datetime.combine(cutoff, time.min))
        queryset = model._default_manager.filter(scope).filter(**{f"{date_field}__lt": start})
        held = _held(team, Kind.HISTORY)
        if held:
            queryset = queryset.exclude(pk__in=held)
        found[model._meta.label_lower] = queryset
    return found


def due(*, team: Team, policy: RetentionPolicy, until: date) -> list[Due]:
    """Every contact, case and file due by `until`, earliest first."""
    found = (
        contacts_due(team=team, policy=policy, until=until)
        + cases_due(team=team, policy=policy, until=until)
        + files_due(team=team, policy=policy, until=until)
    )
    return sorted(found, key=lambda item: (item.due_on, item.kind, item.object_id))
