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
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    icon: str  # a Bootstrap icon name, e.g. "arrow-right-circle"
    title: str
    detail: str = ""
    note: str = ""
    by: str = ""
    url: str = ""


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
