"""History entries made readable: field names, choices, dates and related records.

The changes are stored as text (django-auditlog); here they become what a user
reads: "Telefon: 0341 1 → 0341 2". Related records are looked up once per model
for a whole page, so a page of entries costs the same queries for 10 rows or 50.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history.models import LogEntry

DELETED_USER = gettext_lazy("deleted user")
SYSTEM = gettext_lazy("system")
EMPTY = "—"
MAX_SHOWN = 300


@dataclass(slots=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(slots=True)
class EntryRow:
    entry: LogEntry
    who: str
    kind: str
    verb: str
    changes: list[FieldChange] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)


VERBS = {
    LogEntry.Action.CREATE: gettext_lazy("created"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("viewed"),
}

COUNT_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
    "companies_created": gettext_lazy("companies created"),
    "contacts_created": gettext_lazy("contacts created"),
    "renormalized": gettext_lazy("names normalised again"),
    "related": gettext_lazy("linked as related"),
    "regrouped": gettext_lazy("moved to another group"),
    "unrelated": gettext_lazy("no longer related"),
}


def user_name(user: Any) -> str:
    if user is None:
        return str(DELETED_USER)
    return user.get_full_name() or user.get_username()


def _who(entry: LogEntry) -> str:
    if entry.actor_id is None:
        # A user deleted since, or a job that ran for nobody in particular.
        return str(DELETED_USER if entry.made_by_user else SYSTEM)
    return user_name(entry.actor)


def _model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _text(value: Any) -> str:
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _plain(model_field: models.Field | None, raw: Any) -> str:
    if raw in (None, "None", ""):
        return EMPTY
    if model_field is None:
        return _text(raw)
    if model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return _text(labels.get(str(raw), raw))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if str(raw) == "True" else _("no")
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(str(raw))
        except ValueError:
            return _text(raw)
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)  # stored as UTC
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(date.fromisoformat(str(raw)), "SHORT_DATE_FORMAT")
        except ValueError:
            return _text(raw)
    return _text(raw)


def _related_names(
    entries: list[LogEntry],
) -> dict[type[models.Model], dict[str, str]]:
    """The names of the related records the page's changes point to: one query per model."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            model_field = _model_field(model, name)
            if model_field is None or (not model_field.many_to_one and not model_field.one_to_one):
                continue
            related = model_field.related_model
            if not isinstance(related, type):
                continue
            wanted[related].update(str(v) for v in values if v not in (None, "None", ""))
    names: dict[type[models.Model], dict[str, str]] = {}
    for related, ids in wanted.items():
        pk_field = related._meta.pk
        keys = []
        for raw in ids:
            try:
                keys.append(pk_field.to_python(raw))
            except Exception:  # noqa: S112 - an id stored by an older schema
                continue
        rows = related._base_manager.filter(pk__in=keys).select_related()
        names[related] = {
            str(row.pk): user_name(row) if hasattr(row, "get_username") else _text(row)
            for row in rows
        }
    return names


def rows_for(entries: list[LogEntry]) -> list[EntryRow]:
    """The page's entries, ready for a template."""
    related_names = _related_names(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else entry.content_type.model
        row = EntryRow(
            entry=entry,
            who=_who(entry),
            kind=kind,
            verb=str(VERBS.get(entry.action, "")),
            counts=[(str(COUNT_LABELS.get(k, k)), v) for k, v in entry.counts.items()],
        )
        for name, values in (entry.changes or {}).items():
            if not isinstance(values, list | tuple) or len(values) != 2:
                continue
            model_field = _model_field(model, name)
            label = str(model_field.verbose_name) if model_field is not None else name
            old, new = values
            if model_field is not None and (model_field.many_to_one or model_field.one_to_one):
                known = related_names.get(model_field.related_model, {})  # type: ignore[arg-type]
                old_text = known.get(str(old), _plain(None, old))
                new_text = known.get(str(new), _plain(None, new))
            else:
                old_text, new_text = _plain(model_field, old), _plain(model_field, new)
            row.changes.append(FieldChange(label=capfirst(label), old=old_text, new=new_text))
        row.changes.sort(key=lambda change: change.label)
        rows.append(row)
    return rows
