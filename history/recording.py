"""Who changes what, through which action: the context the history entries are written in.

Every write service is wrapped in `@recorded("company_merge")`; the entries that
django-auditlog writes from the model signals while it runs carry the action's
name, its actor and its team. Nested services keep the outermost name (a merge
that updates contacts is one `company_merge`), and fill in an actor or team the
outer action did not know (a Celery task that learns its user from the job).

Bulk paths that bypass the model signals (`bulk_create`, `update()`, COPY) write
one entry per action with its counts through `bulk_entry`.
"""

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

P = ParamSpec("P")
R = TypeVar("R")

# The keyword arguments a service names its acting user by.
ACTOR_KWARGS = ("by", "actor", "user")
TEAM_LABEL = "crm.team"


@dataclass(slots=True)
class Action:
    name: str
    actor_id: int | None = None
    team_id: int | None = None
    # Rows changed in bulk, per model, written as one entry each when the action ends.
    tallies: dict[type[models.Model], Counter[str]] = field(default_factory=dict)


_action: ContextVar[Action | None] = ContextVar("history_action", default=None)
# The logged-in user of the current request, set by history.middleware.
_request_actor: ContextVar[int | None] = ContextVar("history_request_actor", default=None)


def current() -> Action | None:
    """The action running now, if any."""
    return _action.get()


def _user_id(value: object) -> int | None:
    if isinstance(value, models.Model) and value._meta.label_lower == (
        settings.AUTH_USER_MODEL.lower()
    ):
        return value.pk
    return None


def _team_id(value: object) -> int | None:
    if not isinstance(value, models.Model):
        return None
    if value._meta.label_lower == TEAM_LABEL:
        return value.pk
    return getattr(value, "team_id", None)


@contextmanager
def action(
    name: str,
    *,
    actor: models.Model | None = None,
    team: models.Model | None = None,
    team_id: int | None = None,
) -> Iterator[Action]:
    """Run a block as the named action; entries written inside carry its name, actor and team."""
    outer = _action.get()
    actor_id = _user_id(actor)
    team_id = _team_id(team) or team_id
    if outer is not None:
        # Inside another action: its name stands; what it did not know, it learns.
        outer.actor_id = outer.actor_id or actor_id
        outer.team_id = outer.team_id or team_id
        yield outer
        return
    running = Action(name=name, actor_id=actor_id, team_id=team_id)
    token = _action.set(running)
    try:
        yield running
        for model, counts in running.tallies.items():
            bulk_entry(subject=model, counts=counts)
    finally:
        _action.reset(token)


def tally(model: type[models.Model], **counts: int) -> None:
    """Count rows of `model` changed in bulk; the action records them as one entry at its end."""
    running = _action.get()
    if running is None:
        bulk_entry(subject=model, counts=counts)
        return
    running.tallies.setdefault(model, Counter()).update(counts)


def recorded(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a write service: its changes are recorded under `name`.

    The actor is the user passed as `by`, `actor` or `user`; the team is the
    `team` (or `team_id`) argument or the team of the first record passed that has one.
    """

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = next(
                (kwargs[key] for key in ACTOR_KWARGS if _user_id(kwargs.get(key)) is not None),
                None,
            )
            team = kwargs.get("team")
            if _team_id(team) is None:
                team = next((value for value in (*args, *kwargs.values()) if _team_id(value)), None)
            team_id = kwargs.get("team_id")
            with action(
                name,
                actor=actor,  # type: ignore[arg-type]
                team=team,  # type: ignore[arg-type]
                team_id=team_id if isinstance(team_id, int) else None,
            ):
                return service(*args, **kwargs)

        wrapper.recorded_action = name  # type: ignore[attr-defined]
        return wrapper

    return decorate


@contextmanager
def request_actor(user_id: int | None) -> Iterator[None]:
    """The user of a web request: the actor of changes made outside a named action (admin)."""
    token = _request_actor.set(user_id)
    try:
        yield
    finally:
        _request_actor.reset(token)


def _instance_team_id(instance: models.Model) -> int | None:
    """The team a record belongs to: its own `team`, or the team of the record it hangs off."""
    own = _team_id(instance)
    if own is not None:
        return own
    for parent in instance._meta.concrete_fields:
        related = parent.related_model
        if not parent.many_to_one or related is None or not isinstance(related, type):
            continue
        if not any(f.name == "team" for f in related._meta.concrete_fields):
            continue
        if getattr(instance, parent.attname) is None:
            continue
        try:
            return _team_id(getattr(instance, parent.name))
        except ObjectDoesNotExist:
            continue
    return None


def fill_entry_kwargs(instance: models.Model, kwargs: dict[str, Any]) -> None:
    """Set the actor, team and action name of an entry about to be written for `instance`."""
    running = _action.get()
    actor_id = (running.actor_id if running else None) or _request_actor.get()
    kwargs.setdefault("actor_id", actor_id)
    kwargs.setdefault("action_name", running.name if running else "")
    team_id = _instance_team_id(instance)
    if team_id is None and running is not None:
        team_id = running.team_id
    kwargs.setdefault("team_id", team_id)


def bulk_entry(
    *,
    subject: models.Model | type[models.Model],
    counts: Mapping[str, int],
    team: models.Model | None = None,
    actor: models.Model | None = None,
    kind: int | None = None,
    label: str = "",
) -> Any:
    """One entry (or None when nothing changed) for a bulk change, with its counts.

    For the paths where a row per record would cost too much (import, re-evaluation
    with COPY). `subject` is the record the action is about (an import job) or the
    model whose rows changed. Call it inside the service's transaction.
    """
    from django.contrib.contenttypes.models import ContentType

    from history.models import LogEntry

    if not any(counts.values()):
        return None
    instance = subject if isinstance(subject, models.Model) else None
    model: type[models.Model] = type(subject) if isinstance(subject, models.Model) else subject
    running = _action.get()
    actor_id = _user_id(actor) or (running.actor_id if running else None) or _request_actor.get()
    team_id = (
        _team_id(team)
        or (_instance_team_id(instance) if instance is not None else None)
        or (running.team_id if running else None)
    )
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="" if instance is None else str(instance.pk),
        object_id=None if instance is None else instance.pk,
        object_repr=label or str(instance or model._meta.verbose_name_plural),
        action=LogEntry.Action.UPDATE if kind is None else kind,
        changes=None,
        actor_id=actor_id,
        team_id=team_id,
        action_name=running.name if running else "",
        additional_data={"counts": {key: int(value) for key, value in counts.items()}},
    )
