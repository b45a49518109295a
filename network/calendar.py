"""Events as iCalendar (RFC 5545): one .ics per event and a feed per team (icalendar)."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from network.models import Event

PRODUCT_ID = "-//Tandem//Netzwerk//DE"
DEFAULT_LENGTH = timedelta(hours=2)


def _local(day: object, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))  # type: ignore[arg-type]


def _vevent(event: Event, *, url: str = "") -> icalendar.Event:
    start = _local(event.date, event.starts_at)
    end = _local(event.date, event.ends_at) if event.ends_at else start + DEFAULT_LENGTH
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}-{event.team_id}@tandem")
    entry.add("dtstamp", event.created_at)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.title)
    entry.add("location", event.place)
    description = "\n\n".join(part for part in (event.theme, event.description) if part)
    if description:
        entry.add("description", description)
    if url:
        entry.add("url", url)
    return entry


def calendar_bytes(
    events: Iterable[Event], *, name: str = "", urls: dict[int, str] | None = None
) -> bytes:
    """The events as one calendar file."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, url=(urls or {}).get(event.pk, "")))
    return bytes(calendar.to_ical())
