"""Outreach flags: the findings of the targeting rules, stored, and a lead's answer to them.

`flags_store` is the one writer of the rules' findings: touchpoints, campaigns
and the re-evaluation hand it their rows (`FlagRow`), keyed by `flag_key`.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.access import require_lead
from crm.languages import german_active
from crm.models import Team
from history import recording
from history.recording import recorded
from outreach import quality
from outreach.models import OutreachFlag

FLAG_BLOCK_STAYS = _(
    "A blocking finding cannot be acknowledged or dismissed: fix its cause (consent, "
    "objection, refusal) and it goes away when the rules are checked again."
)
FLAG_NOTE_REQUIRED = _("Say why, in a few words.")
FLAG_NOT_OPEN = _("This flag has been dealt with already.")
FLAGS_NONE = _("Choose at least one flag.")
FLAGS_TOO_MANY = _("Choose at most %(max)s flags at once.")
FLAGS_NOT_FOUND = _("Some of the chosen flags were not found. Nothing was changed.")
FLAG_REFUSED = _("%(flag)s: %(reason)s Nothing was changed.")
FLAGS_MAX = 200


@dataclass(frozen=True, slots=True)
class FlagRow:
    """A finding together with the rows it concerns, ready to be stored as a flag."""

    key: str
    finding: quality.Finding
    touchpoint_id: int | None = None
    campaign_item_id: int | None = None
    campaign_id: int | None = None
    company_id: int | None = None
    user_id: int | None = None
    override_reason: str = ""


def flag_key(
    finding: quality.Finding,
    *,
    touchpoint_id: int | None = None,
    campaign_item_id: int | None = None,
) -> str:
    """What a finding is about: the same finding on a re-check updates the same flag."""
    if campaign_item_id is not None:
        return f"{finding.rule_id}:item:{campaign_item_id}"
    if touchpoint_id is not None:
        return f"{finding.rule_id}:tp:{touchpoint_id}"
    evidence = finding.evidence
    scope = evidence.get("scope", "campaign")
    subject = evidence.get("id", finding.campaign_id)
    return f"{finding.rule_id}:campaign:{finding.campaign_id}:{scope}:{subject}"


# Above this many findings, the flags to compare are found by scope alone: a list
# of keys that long would exceed the databases' limits on query parameters.
_KEYS_INLINE = 500
_FLAG_FIELDS = (
    "rule",
    "severity",
    "evidence",
    "touchpoint_id",
    "campaign_item_id",
    "campaign_id",
    "company_id",
    "user_id",
)


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    return (items[start : start + size] for start in range(0, len(items), size))


@recorded("flags_store")
def flags_store(
    *, team: Team, rows: Iterable[FlagRow], scope: Q, batch_size: int = 1000
) -> tuple[int, int, int]:
    """Make the team's flags in `scope` match `rows`: add, update, drop what no longer fires.

    The flags are judged in bulk (a team's re-evaluation touches thousands), so the
    history holds one entry per action with the counts, not one per flag.
    """
    with disable_auditlog():
        created, updated, deleted = _flags_store(
            team=team, rows=rows, scope=scope, batch_size=batch_size
        )
    recording.tally(OutreachFlag, created=created, updated=updated, deleted=deleted)
    return created, updated, deleted


def _flags_store(
    *, team: Team, rows: Iterable[FlagRow], scope: Q, batch_size: int
) -> tuple[int, int, int]:
    """Add, update and drop the flags (see flags_store).

    Flags a lead has acknowledged or dismissed keep their state and stay as a
    record even when their finding goes away; open ones that no longer fire are
    removed. Writes go in batches of `batch_size` rows, so a whole team's flags
    cost a few queries per batch; on PostgreSQL many rows are compared and
    written by the database in a fixed handful of statements instead
    (`_flags_store_copy`). Returns (created, updated, deleted).
    """
    by_key = {row.key: row for row in rows}
    if len(by_key) > _COPY_ABOVE and connection.vendor == "postgresql":
        return _flags_store_copy(team=team, by_key=by_key, scope=scope)
    flags = OutreachFlag.objects.filter(team=team)
    if len(by_key) <= _KEYS_INLINE:
        found = [flags.filter(scope | Q(key__in=list(by_key)))]
    else:
        # A flag outside the scope may carry one of the keys (rarely: a finding
        # that moved); only those few are looked up by key.
        outside = [
            key
            for key in flags.exclude(scope).values_list("key", flat=True).iterator(chunk_size=5000)
            if key in by_key
        ]
        found = [flags.filter(scope)]
        found += [flags.filter(key__in=keys) for keys in _batches(outside, batch_size)]
    existing: dict[str, tuple[int, str, tuple[Any, ...]]] = {}
    for queryset in found:
        for pk, key, state, *values in queryset.values_list(
            "pk", "key", "state", *_FLAG_FIELDS
        ).iterator(chunk_size=5000):
            existing[key] = (pk, state, tuple(values))
    new: list[OutreachFlag] = []
    # Changed flags, grouped by the fields that changed: usually the evidence alone.
    changed: dict[tuple[str, ...], list[OutreachFlag]] = {}
    now = timezone.now()
    for key, row in by_key.items():
        values = (
            row.finding.rule_id,
            str(row.finding.severity),
            row.finding.evidence,
            row.touchpoint_id,
            row.campaign_item_id,
            row.campaign_id,
            row.company_id,
            row.user_id,
        )
        stored = existing.get(key)
        if stored is None:
            new.append(
                OutreachFlag(
                    team=team,
                    key=key,
                    override_reason=row.override_reason,
                    **dict(zip(_FLAG_FIELDS, values, strict=True)),
                )
            )
            continue
        fields = tuple(
            name
            for name, old, value in zip(_FLAG_FIELDS, stored[2], values, strict=True)
            if old != value
        )
        if fields:
            flag = OutreachFlag(pk=stored[0], updated_at=now)
            for name in fields:
                setattr(flag, name, values[_FLAG_FIELDS.index(name)])
            changed.setdefault(fields, []).append(flag)
    stale = [
        pk
        for key, (pk, state, _values) in existing.items()
        if key not in by_key and state == OutreachFlag.State.OPEN
    ]
    OutreachFlag.objects.bulk_create(new, batch_size=batch_size)
    for fields, flags_changed in changed.items():
        names = [name.removesuffix("_id") for name in fields]
        OutreachFlag.objects.bulk_update(
            flags_changed, [*names, "updated_at"], batch_size=batch_size
        )
    deleted = 0
    for pks in _batches(stale, batch_size):
        deleted += OutreachFlag.objects.filter(pk__in=pks).delete()[0]
    return len(new), sum(map(len, changed.values())), deleted


# On PostgreSQL, more rows than this are compared and written by the database
# (COPY into a temporary table) rather than read into Python and batched: a
# team's re-evaluation, not a campaign's check (its fixed cost, ANALYZE of the
# flags, is about half a second).
_COPY_ABOVE = 5000
_FLAG_ROWS_TABLE = "tandem_flag_rows"
_FLAG_ROWS_COLUMNS = (
    ("key", "varchar(120) NOT NULL"),
    ("rule", "varchar(40) NOT NULL"),
    ("severity", "varchar(10) NOT NULL"),
    ("evidence", "jsonb NOT NULL"),
    ("touchpoint_id", "bigint"),
    ("campaign_item_id", "bigint"),
    ("campaign_id", "bigint"),
    ("company_id", "bigint"),
    ("user_id", "bigint"),
    ("override_reason", "text NOT NULL"),
)


def _flags_store_copy(*, team: Team, by_key: dict[str, FlagRow], scope: Q) -> tuple[int, int, int]:
    """flags_store for many rows on PostgreSQL: the database compares, Python only sends.

    The rows go with COPY into a temporary table; one DELETE drops the open flags
    of the scope that are not among them, one UPDATE rewrites only the flags whose
    values changed (state, note and the reason given when going ahead stay as
    they are), one INSERT adds the new ones: what the portable path does, joined
    by hashing in the database instead of compared row by row in Python.
    """
    table = OutreachFlag._meta.db_table
    rows_table = _FLAG_ROWS_TABLE
    columns = [name for name, _ in _FLAG_ROWS_COLUMNS]
    compared = [name for name in columns if name in _FLAG_FIELDS]
    stale_sql, stale_params = (
        OutreachFlag.objects.filter(team=team, state=OutreachFlag.State.OPEN)
        .filter(scope)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{rows_table}")
        definition = ", ".join(f"{name} {kind}" for name, kind in _FLAG_ROWS_COLUMNS)
        cursor.execute(f"CREATE TEMPORARY TABLE {rows_table} ({definition}) ON COMMIT DROP")
        with cursor.copy(f"COPY {rows_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for key, row in by_key.items():
                finding = row.finding
                copy.write_row(
                    (
                        key,
                        finding.rule_id,
                        str(finding.severity),
                        json.dumps(finding.evidence),
                        row.touchpoint_id,
                        row.campaign_item_id,
                        row.campaign_id,
                        row.company_id,
                        row.user_id,
                        row.override_reason,
                    )
                )
        # Statistics for both sides, so that the planner joins them by hashing: the
        # team's flags may have changed by hundreds of thousands since the last ANALYZE.
        cursor.execute(f"ANALYZE {rows_table}")
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            f"DELETE FROM {table} AS flag WHERE flag.id IN ({stale_sql}) "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {rows_table} AS r WHERE r.key = flag.key)",
            stale_params,
        )
        deleted = cursor.rowcount
        assign = ", ".join(f"{name} = r.{name}" for name in compared)
        old_values = ", ".join(f"flag.{name}" for name in compared)
        new_values = ", ".join(f"r.{name}" for name in compared)
        cursor.execute(
            f"UPDATE {table} AS flag SET {assign}, updated_at = %s "  # noqa: S608
            f"FROM {rows_table} AS r WHERE flag.team_id = %s AND flag.key = r.key "
            f"AND ({old_values}) IS DISTINCT FROM ({new_values})",
            [now, team.pk],
        )
        updated = cursor.rowcount
        listed = ", ".join(columns)
        # The unique (team, key) index alone decides what is new: a probe per row,
        # whatever the statistics say. An anti join against the flags instead
        # (`WHERE NOT EXISTS`) was planned as a nested loop after an ANALYZE of a
        # team's empty flags, scanning the table it was filling once per row:
        # quadratic, still inserting after 130 s at 100,000 touchpoints. A flag the
        # logging of a touchpoint added meanwhile stays, as does every existing one.
        cursor.execute(
            f"INSERT INTO {table} (team_id, {listed}, state, note, created_at, updated_at) "  # noqa: S608
            f"SELECT %s, {listed}, %s, '', %s, %s FROM {rows_table} "
            "ON CONFLICT (team_id, key) DO NOTHING",
            [team.pk, OutreachFlag.State.OPEN.value, now, now],
        )
        created = cursor.rowcount
        cursor.execute(f"DROP TABLE {rows_table}")
    return created, updated, deleted


@transaction.atomic
@recorded("flag_acknowledge")
def flag_acknowledge(*, flag: OutreachFlag, by: AbstractBaseUser, note: str) -> OutreachFlag:
    """A lead has seen the warning and accepts it, with a note (e.g. "agreed in the meeting")."""
    return _flag_resolve(flag=flag, by=by, note=note, state=OutreachFlag.State.ACKNOWLEDGED)


@transaction.atomic
@recorded("flag_dismiss")
def flag_dismiss(*, flag: OutreachFlag, by: AbstractBaseUser, reason: str) -> OutreachFlag:
    """A lead judges the warning wrong (the letter was tailored after all), with the reason."""
    return _flag_resolve(flag=flag, by=by, note=reason, state=OutreachFlag.State.DISMISSED)


def _flag_resolve(
    *, flag: OutreachFlag, by: AbstractBaseUser, note: str, state: str
) -> OutreachFlag:
    require_lead(team=flag.team, user=by)
    flag = OutreachFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.blocks:
        raise ValidationError(FLAG_BLOCK_STAYS, code="block")
    if flag.state != OutreachFlag.State.OPEN:
        raise ValidationError(FLAG_NOT_OPEN, code="not_open")
    if not note.strip():
        raise ValidationError({"note": FLAG_NOTE_REQUIRED}, code="required")
    flag.state = state
    flag.note = note.strip()
    flag.resolved_by_id = by.pk
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["state", "note", "resolved_by", "resolved_at", "updated_at"])
    return flag


class Resolution(StrEnum):
    """What a lead makes of flags ticked in the review queue."""

    ACKNOWLEDGE = "acknowledge"
    DISMISS = "dismiss"


@transaction.atomic
@recorded("flags_resolve")
def flags_resolve(
    *,
    team: Team,
    by: AbstractBaseUser,
    flag_ids: Iterable[int],
    resolution: Resolution,
    note: str,
) -> int:
    """Acknowledge or dismiss many of a team's flags with one note; returns how many.

    Each flag goes through `flag_acknowledge` / `flag_dismiss`, so the rules for
    one flag hold for all; the first refusal, or an id that is not one of the
    team's flags, undoes them all.
    """
    require_lead(team=team, user=by)
    ids = sorted(set(flag_ids))
    if not ids:
        raise ValidationError(FLAGS_NONE, code="none")
    if len(ids) > FLAGS_MAX:
        raise ValidationError(FLAGS_TOO_MANY, code="too_many", params={"max": FLAGS_MAX})
    if not note.strip():
        raise ValidationError({"note": FLAG_NOTE_REQUIRED}, code="required")
    flags = list(
        OutreachFlag.objects.filter(team=team, pk__in=ids)
        .select_related("team", "company", "campaign")
        .order_by("pk")
    )
    if len(flags) != len(ids):
        raise ValidationError(FLAGS_NOT_FOUND, code="not_found")
    for flag in flags:
        try:
            if resolution == Resolution.ACKNOWLEDGE:
                flag_acknowledge(flag=flag, by=by, note=note)
            else:
                flag_dismiss(flag=flag, by=by, reason=note)
        except ValidationError as exc:
            raise ValidationError(
                FLAG_REFUSED,
                code=getattr(exc, "code", None) or "refused",
                params={"flag": _flag_label(flag), "reason": " ".join(exc.messages)},
            ) from exc
    return len(flags)


def _flag_label(flag: OutreachFlag) -> str:
    rule = quality.RULES.get(flag.rule)
    title = rule.title("de" if german_active() else "en") if rule else flag.rule
    subject = flag.company or flag.campaign
    return f"{title} ({subject})" if subject else title
