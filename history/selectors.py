"""Read queries over the history: one record's entries, and a team's protocol.

Used by the pages here and by the data-protection tools (access export, erasure),
which find every entry about a person through `entries_for_object`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from history.models import LogEntry


@dataclass(frozen=True, slots=True)
class ProtocolFilters:
    actor_id: int | None = None
    content_type_id: int | None = None
    action_name: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _ordered(entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def entries_for_object(obj: models.Model) -> QuerySet[LogEntry]:
    """Every entry about one record, newest first (its bulk entries included)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return _ordered(LogEntry.objects.filter(content_type=content_type, object_id=obj.pk))


def entries_for_objects(model: type[models.Model], ids: list[int]) -> QuerySet[LogEntry]:
    """Every entry about some records of one model, newest first."""
    content_type = ContentType.objects.get_for_model(model)
    return _ordered(LogEntry.objects.filter(content_type=content_type, object_id__in=ids))


def entries_for_team(
    team: models.Model, filters: ProtocolFilters | None = None
) -> QuerySet[LogEntry]:
    """The team's protocol, newest first, narrowed by `filters`."""
    filters = filters or ProtocolFilters()
    entries = LogEntry.objects.filter(team_id=team.pk)
    if filters.actor_id is not None:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.content_type_id is not None:
        entries = entries.filter(content_type_id=filters.content_type_id)
    if filters.action_name:
        entries = entries.filter(action_name=filters.action_name)
    # Whole days in the local time zone, on the index (team, timestamp).
    zone = timezone.get_current_timezone()
    if filters.date_from is not None:
        entries = entries.filter(
            timestamp__gte=datetime.combine(filters.date_from, time.min, tzinfo=zone)
        )
    if filters.date_to is not None:
        entries = entries.filter(
            timestamp__lte=datetime.combine(filters.date_to, time.max, tzinfo=zone)
        )
    return _ordered(entries)


def action_names_for_team(team: models.Model) -> list[str]:
    """The names of the actions that have written the team's history, for a filter."""
    return list(
        LogEntry.objects.filter(team_id=team.pk)
        .exclude(action_name="")
        .order_by("action_name")
        .values_list("action_name", flat=True)
        .distinct()
    )
