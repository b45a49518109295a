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

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


def entries_html(entries: Iterable[Entry]) -> SafeString:
    """The case page's timeline items, as its template loop wrote them (about 0.2 ms an
    entry through the template engine; the busiest case has sixty).
    `tests/crm/test_timeline.py` holds both equal."""
    items = []
    for entry in entries:
        at = timezone.localtime(entry.at)
        if entry.has_time:
            when = format_html(
                '<time class="small text-body-secondary" datetime="{}">{}</time>',
                date_format(at, "c"),
                date_format(at, "SHORT_DATETIME_FORMAT"),
            )
        else:
            when = format_html(
                '<time class="small text-body-secondary" datetime="{}">{}</time>',
                date_format(at, "Y-m-d"),
                date_format(at, "SHORT_DATE_FORMAT"),
            )
        title = (
            format_html('<a href="{}">{}</a>', entry.url, entry.title)
            if entry.url
            else format_html("{}", entry.title)
        )
        detail = (
            format_html(
                '<div class="small text-body-secondary">{}{}{}</div>',
                entry.detail,
                " · " if entry.detail and entry.by else "",
                entry.by,
            )
            if entry.detail or entry.by
            else ""
        )
        note = (
            format_html('<div class="small mt-1">{}</div>', linebreaksbr(entry.note))
            if entry.note
            else ""
        )
        action = (
            format_html(
                '<a class="small" href="{}">{} <i class="bi bi-arrow-right" aria-hidden="true">'
                "</i></a>",
                entry.action_url,
                entry.action,
            )
            if entry.action_url
            else ""
        )
        items.append(
            format_html(
                '<li class="list-group-item d-flex gap-3">'
                '<i class="bi bi-{} timeline-icon" aria-hidden="true"></i>'
                '<div class="flex-grow-1">'
                '<div class="d-flex flex-wrap justify-content-between gap-2">'
                '<span class="fw-semibold">{}</span>{}</div>{}{}{}</div></li>\n',
                entry.icon,
                title,
                when,
                detail,
                note,
                action,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (each item escapes its own values)
