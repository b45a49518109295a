"""What happened to a case, from every app: a registry of timeline sources.

The case page shows one timeline. The pipeline contributes the stage changes;
later apps (introductions, touchpoints, benefit statements, letters) register a
source in their ``AppConfig.ready()``::

    from crm import timeline

    timeline.register("touchpoints", lambda case: [
        timeline.Entry(at=t.happened_at, icon="telephone", title=str(t), by=str(t.by))
        for t in case.touchpoints.select_related("by")
    ])

A source receives the case and returns entries; it should cost a fixed number
of queries (one, typically), whatever the length of the history.

Some things carry a date only (a letter, a call logged afterwards). Build their
entries with ``Entry.dated``: it places them on their day by the moment they were
recorded, so all entries share one chronological order, and marks them as having
no time of day, so the page shows the date alone instead of an invented "12:00".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime  # the moment; for a date-only entry, its place within its day
    icon: str  # a Bootstrap icon name, e.g. "arrow-right-circle"
    title: str
    detail: str = ""
    note: str = ""
    by: str = ""
    url: str = ""
    has_time: bool = True
    # What is left to do about the entry (a request waiting for its outcome), as a link.
    action: str = ""
    action_url: str = ""

    @classmethod
    def dated(cls, *, on: date, recorded_at: datetime, **fields: Any) -> "Entry":
        """An entry known only by its day `on`, recorded at `recorded_at`.

        Recorded on that day, it sits where it was recorded: after what happened
        earlier that day, before what happened later. Recorded after the day (logged
        afterwards), nothing later that day is known to precede it, so it closes the
        day; recorded before (planned ahead), it opens the day.
        """
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(on, time.min), zone)
        end = timezone.make_aware(datetime.combine(on, time.max), zone)
        return cls(at=min(max(recorded_at, start), end), has_time=False, **fields)


Source = Callable[[Any], Iterable[Entry]]

_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add (or replace) the timeline source `name`."""
    _SOURCES[name] = source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def entries(case: Any) -> list[Entry]:
    """Every registered source's entries for `case`, newest first."""
    collected = [entry for source in _SOURCES.values() for entry in source(case)]
    return sorted(collected, key=lambda entry: entry.at, reverse=True)
