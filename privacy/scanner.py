"""Find every row of every installed model that names a person.

Export and erasure are only complete if they reach data no one thought of when
they were written: a note on another company, a JSON report of an import, a
history table added later. So the scanner asks Django for every model and every
text, char and JSON column, and runs one query per model with the identifiers
OR'ed together, kept to the team wherever the model leads to a team.

A model without a path to a team can register how to scope it (`scope_register`);
otherwise it is searched across teams, which is what a history table of another
app needs. Django's user, permission, content-type and session tables are left
out: a staff member who shares a name with a contact is not that contact.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from crm.models import Team
from privacy.identifiers import Identifiers, json_mentions, mentions

# Models that hold no data about the people a team works with.
EXCLUDED_MODELS = {
    "auth.group",
    "auth.permission",
    "contenttypes.contenttype",
    "sessions.session",
    "privacy.privacyrequest",
    "privacy.donotcontact",
}

_SCOPES: dict[str, Callable[[Team], Q]] = {}
_MAX_DEPTH = 3


def scope_register(label: str, scope: Callable[[Team], Q]) -> None:
    """Let an app say how rows of its model `label` ("app.model") belong to a team."""
    _SCOPES[label.lower()] = scope


@dataclass(frozen=True)
class Hit:
    """One row that names the person: which model, which row, which fields and their values."""

    model: type[models.Model]
    pk: Any
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _excluded(model: type[models.Model]) -> bool:
    user_label = settings.AUTH_USER_MODEL.lower()
    meta = model._meta
    return meta.proxy or not meta.managed or meta.label_lower in EXCLUDED_MODELS | {user_label}


def text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns of `model` that can hold a name, an email or a phone number."""
    found: list[models.Field[Any, Any]] = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.choices or model_field.generated:
            continue  # a generated column follows its source column
        if isinstance(model_field, models.CharField | models.TextField | models.JSONField):
            found.append(model_field)
    return found


def team_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its team ("team", "case__team"), or None if there is none."""
    if model is Team:
        return "pk"
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, prefix, depth = queue.popleft()
        for model_field in current._meta.concrete_fields:
            if not isinstance(model_field, models.ForeignKey):
                continue
            related = model_field.related_model
            path = f"{prefix}{model_field.name}"
            if related is Team:
                return path
            if depth + 1 < _MAX_DEPTH and related not in seen and isinstance(related, type):
                seen.add(related)
                queue.append((related, f"{path}__", depth + 1))
    return None


def scanned_models() -> list[type[models.Model]]:
    """Every installed model with text columns, except Django's own user and auth tables."""
    return [model for model in apps.get_models() if not _excluded(model) and text_fields(model)]


def scope_for(model: type[models.Model], team: Team) -> Q | None:
    """The filter that keeps `model` to `team`, or None if its rows belong to no team."""
    label = model._meta.label_lower
    if label in _SCOPES:
        return _SCOPES[label](team)
    path = team_path(model)
    return Q(**{path: team.pk}) if path else None


def _team_filter(model: type[models.Model], team: Team | None) -> Q:
    if team is None:
        return Q()
    scope = scope_for(model, team)
    return Q() if scope is None else scope


def model_scan(
    model: type[models.Model], *, identifiers: Identifiers, team: Team | None
) -> list[Hit]:
    """The rows of one model that name the person: one query."""
    fields = text_fields(model)
    if not fields or not identifiers:
        return []
    annotations: dict[str, Any] = {}
    condition = Q()
    columns: dict[str, str] = {}
    for model_field in fields:
        if isinstance(model_field, models.JSONField):
            alias = f"privacy_text_{model_field.name}"
            annotations[alias] = Cast(model_field.name, models.TextField())
            terms = identifiers.search_terms(json_escaped=True)
            lookup = alias
        else:
            terms = identifiers.search_terms()
            lookup = model_field.name
        columns[model_field.name] = model_field.attname
        for term in terms:
            condition |= Q(**{f"{lookup}__icontains": term})
    queryset = (
        model._default_manager.using("default")
        .annotate(**annotations)
        .filter(_team_filter(model, team))
        .filter(condition)
        .values("pk", *[f.attname for f in fields])
    )
    hits = []
    for row in queryset.iterator(chunk_size=500):
        values = {}
        for model_field in fields:
            value = row[model_field.attname]
            if isinstance(model_field, models.JSONField):
                found = json_mentions(value, identifiers)
            else:
                found = isinstance(value, str) and mentions(value, identifiers)
            if found:
                values[model_field.name] = value
        if values:
            hits.append(Hit(model=model, pk=row["pk"], values=values))
    return hits


def person_scan(*, identifiers: Identifiers, team: Team | None) -> list[Hit]:
    """Every row of every installed model that names the person, one query per model."""
    return [
        hit
        for model in scanned_models()
        for hit in model_scan(model, identifiers=identifiers, team=team)
    ]
