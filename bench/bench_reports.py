"""The funnel and the source split at 100,000 cases, against hand-written SQL (PostgreSQL).

Data, bulk-loaded with COPY: one team, 100,000 companies and cases (five owners,
six sources, histories that skip, go back, are lost and reopened, pause),
1,000,000 stage changes with the per-case stage summary the services would have
kept, 1,000,000 touchpoints (ten per company, the first outbound one marked),
needs profiles for half the companies and 20,000 introductions.

Each figure is the median time of `crm.reports.funnel.funnel_report` /
`crm.reports.funnel.source_report` (the report functions, without the page: the view
adds the filter form and the template, printed as its own line), next to the
best of the hand-written SQL variants computing the same numbers, timed in the
same run and checked to give the same numbers.

Needs PostgreSQL: `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt8bench
.venv/bin/python -m bench bench_reports` (create the database first; a second run
reuses the loaded data).
BENCH_REPORT_CASES scales the data (default 100,000).
"""

import json
import os
import random
import time as clock
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.common import Result, median_ms

CASES = int(os.environ.get("BENCH_REPORT_CASES", "100000"))
STAGE_CHANGES = 10 * CASES
TOUCHPOINTS = 10 * CASES
INTRODUCTIONS = CASES // 5
OWNERS = ("anna", "ben", "carla", "dirk", "lea")
SOURCES = ("referral", "introduction", "event", "inbound", "own_research", "cold_list")
DISTRICTS = ("Stadt Leipzig", "Landkreis Leipzig", "Nordsachsen", "Mittelsachsen", "Zwickau")
SIZES = ("micro", "small", "medium")


def _copy(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows into the model's table; columns missing from a row take the field default."""
    from django.db import connection
    from django.db.models import JSONField

    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    columns = [f.column for f in fields]
    defaults = []
    for f in fields:
        default = f.get_default() if f.has_default() else (None if f.null else "")
        defaults.append(json.dumps(default) if isinstance(f, JSONField) else default)
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(
                    [
                        (json.dumps(row[f.attname]) if f.attname in json_fields else row[f.attname])
                        if f.attname in row
                        else defaults[i]
                        for i, f in enumerate(fields)
                    ]
                )
                count += 1
    return count


def _history(
    rng: random.Random, opened: datetime, open_ids: Sequence[int], terminal: dict[str, int]
):  # type: ignore[no-untyped-def]
    """A case's moves as (from, to, at): forward with skips, back a step, lost and reopened."""
    now = datetime(2026, 11, 30, tzinfo=UTC)
    moves: list[tuple[int | None, int, datetime]] = []
    at = opened
    current = open_ids[0]
    moves.append((None, current, at))
    goal = rng.choices(range(len(open_ids) + 1), weights=(30, 20, 15, 15, 10, 10))[0]
    index = 0
    budget = 9  # at most ten moves with the opening
    while budget > 0:
        at += timedelta(hours=rng.randint(6, 24 * 12))
        if at >= now:
            break
        if index >= goal:
            break
        roll = rng.random()
        if roll < 0.15 and index > 0:  # back a step
            index -= 1
        elif roll < 0.25:  # lost, then reopened where it was
            moves.append((current, terminal["lost"], at))
            at += timedelta(hours=rng.randint(24, 24 * 20))
            budget -= 1
            if budget <= 0 or at >= now:
                return moves, "lost"
        else:
            index = min(index + (2 if roll > 0.9 else 1), len(open_ids) - 1)
            if index >= goal and goal == len(open_ids):
                break
        target = open_ids[index]
        if moves[-1][1] == terminal["lost"]:
            moves.append((terminal["lost"], target, at))
        elif target != current:
            moves.append((current, target, at))
        else:
            continue
        current = target
        budget -= 1
    at += timedelta(hours=rng.randint(6, 24 * 10))
    if moves[-1][1] == terminal["lost"]:
        return moves, "lost"
    if goal == len(open_ids) and at < now:
        moves.append((current, terminal["won"], at))
        return moves, "won"
    ending = rng.random()
    if ending < 0.3 and at < now:
        moves.append((current, terminal["lost"], at))
        return moves, "lost"
    if ending < 0.4 and at < now:
        moves.append((current, terminal["paused"], at))
        return moves, "paused"
    return moves, "open"


def _seed() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from benefits.models import NeedsProfile
    from companies.models import Company, NetworkPartner
    from crm import services
    from crm.models import (
        AcquisitionCase,
        CaseStageSummary,
        LostReason,
        Membership,
        Stage,
        StageChange,
    )
    from crm.reports.fields import case_report_fields_refresh
    from outreach.models import Introduction, Touchpoint

    rng = random.Random(8)
    started = clock.perf_counter()
    team = services.team_create(name="Bench reports", slug="bench-reports")
    users = [
        get_user_model().objects.create_user(
            f"{name}-reports", password="bench-password-1", first_name=name.title()
        )
        for name in OWNERS
    ]
    for user in users:
        role = Membership.Role.LEAD if user.username.startswith("lea") else Membership.Role.STAFF
        Membership.objects.create(team=team, user=user, role=role)
    stages = list(Stage.objects.filter(pipeline__team=team).order_by("position"))
    pipeline = stages[0].pipeline
    open_ids = [s.pk for s in stages if s.kind == "open"]
    terminal = {s.kind: s.pk for s in stages if s.kind != "open"}
    positions = {s.pk: s.position for s in stages}
    reason_ids = list(LostReason.objects.filter(team=team).values_list("pk", flat=True))
    partners = NetworkPartner.objects.bulk_create(
        NetworkPartner(team=team, kind="ihk", name=f"Partner {i}") for i in range(200)
    )
    now = datetime(2026, 11, 30, tzinfo=UTC)
    epoch = now - timedelta(days=3 * 365)

    _copy(
        Company,
        (
            {
                "team_id": team.pk,
                "legal_name": f"Metallbau Müller {i}",
                "legal_form": "gmbh",
                "name_normalized": f"metallbau muller {i}",
                "postal_code": "04109",
                "city": "Leipzig",
                "district": DISTRICTS[i % len(DISTRICTS)],
                "sector_section": "CFGIMQ"[i % 6],
                "sector_division": "25",
                "size_class": SIZES[i % 3],
                "created_at": epoch,
                "updated_at": epoch,
            }
            for i in range(CASES)
        ),
    )
    company_ids = list(
        Company.objects.filter(team=team).order_by("pk").values_list("pk", flat=True)
    )

    generated = []
    for _company_id in company_ids:
        opened = epoch + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60 - 60 * 24 * 60))
        moves, state = _history(rng, opened, open_ids, terminal)
        generated.append((opened, moves, state))
    # Pad the histories to exactly STAGE_CHANGES moves: bounces between the first two
    # open stages right after the opening (the summary and furthest stage follow them).
    spare = STAGE_CHANGES - sum(len(moves) for _o, moves, _s in generated)
    histories: list[list[tuple[int | None, int, datetime]]] = []
    for opened, moves, _state in generated:
        extra = min(max(spare, 0), 2 * rng.randint(0, 8))
        spare -= extra
        if extra:
            span = (moves[1][2] - opened) if len(moves) > 1 else timedelta(days=30)
            step = span / (extra + 2)
            a, b = open_ids[0], open_ids[1]
            bounce: list[tuple[int | None, int, datetime]] = [
                (a, b, opened + step * (k + 1)) if k % 2 == 0 else (b, a, opened + step * (k + 1))
                for k in range(extra)
            ]
            moves = [moves[0], *bounce, *moves[1:]]
        histories.append(moves)

    cases: list[dict[str, Any]] = []
    for i, (company_id, moves, (opened, _m, state)) in enumerate(
        zip(company_ids, histories, generated, strict=True)
    ):
        furthest = max(
            (to for _f, to, _at in moves if to in open_ids or to == terminal["won"]),
            key=positions.__getitem__,
        )
        last = moves[-1]
        cases.append(
            {
                "team_id": team.pk,
                "company_id": company_id,
                "pipeline_id": pipeline.pk,
                "stage_id": last[1],
                "owner_id": users[i % len(users)].pk,
                "source": SOURCES[rng.randrange(len(SOURCES))],
                "referred_by_id": None,
                "opened_at": opened,
                "closed_at": last[2] if state in ("won", "lost") else None,
                "lost_reason_id": rng.choice(reason_ids) if state == "lost" else None,
                "paused_until": date(2027, 3, 1) if state == "paused" else None,
                "stage_entered_at": last[2],
                "furthest_stage_id": furthest,
                "version": len(moves),
                "updated_at": last[2],
            }
        )
    for case in cases:
        if case["source"] == "referral":
            case["referred_by_id"] = partners[rng.randrange(len(partners))].pk
    _copy(AcquisitionCase, cases)
    case_ids = list(
        AcquisitionCase.objects.filter(team=team)
        .order_by("company_id")
        .values_list("pk", flat=True)
    )

    padded = histories
    changes: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    for case_id, moves in zip(case_ids, padded, strict=True):
        entered: datetime | None = None
        stays: dict[int, dict[str, Any]] = {}
        for from_id, to_id, at in moves:
            stay = at - entered if entered is not None else None
            changes.append(
                {
                    "case_id": case_id,
                    "from_stage_id": from_id,
                    "to_stage_id": to_id,
                    "changed_at": at,
                    "time_in_from_stage": stay,
                    "note": "",
                }
            )
            if from_id is not None and stay is not None:
                stays[from_id]["time_spent"] += stay
            summary = stays.get(to_id)
            if summary is None:
                stays[to_id] = {
                    "case_id": case_id,
                    "stage_id": to_id,
                    "first_reached_at": at,
                    "last_reached_at": at,
                    "times_reached": 1,
                    "time_spent": timedelta(0),
                }
            else:
                summary["last_reached_at"] = at
                summary["times_reached"] += 1
            entered = at
        summaries.extend(stays.values())
    _copy(StageChange, changes)
    _copy(CaseStageSummary, summaries)

    # Touchpoints: ten per company, the first outbound one marked; warm for warm sources.
    tp_count = 0

    def touchpoints() -> Iterable[dict[str, Any]]:
        nonlocal tp_count
        for case_id, case in zip(case_ids, cases, strict=True):
            day = case["opened_at"].date()
            warm = case["source"] in ("referral", "introduction")
            for k in range(TOUCHPOINTS // CASES):
                day = day + timedelta(days=rng.randint(1, 20))
                tp_count += 1
                yield {
                    "team_id": team.pk,
                    "company_id": case["company_id"],
                    "case_id": case_id,
                    "channel": "letter" if k == 0 else "phone",
                    "direction": "out" if k % 3 != 2 else "in",
                    "occurred_on": day,
                    "by_id": case["owner_id"],
                    "warm": warm and k == 0,
                    "is_first_outbound": k == 0,
                    "created_at": now,
                }

    _copy(Touchpoint, touchpoints())

    # Needs profiles for half the companies, captured before or after the first letter.
    profiles = []
    for case in cases[::2]:
        captured = case["opened_at"] + timedelta(days=rng.randint(-5, 20))
        profiles.append(
            {
                "team_id": team.pk,
                "company_id": case["company_id"],
                "challenges": ["skilled_staff"],
                "no_challenges": False,
                "captured_at": captured,
                "created_at": captured,
            }
        )
    _copy(NeedsProfile, profiles)

    intro_rows = []
    for case_id in rng.sample(case_ids, INTRODUCTIONS):
        intro_rows.append(
            {
                "case_id": case_id,
                "introducer_id": partners[rng.randrange(len(partners))].pk,
                "date": date(2025, 1, 1) + timedelta(days=rng.randint(0, 600)),
                "channel": "phone",
                "introducer_agreed_to_be_named": True,
                "company_agreed_to_contact": True,
                "outcome": rng.choice(["meeting_agreed", "declined", "pending"]),
                "requested": rng.random() < 0.2,
                "created_at": now,
            }
        )
    _copy(Introduction, intro_rows)

    refreshing = clock.perf_counter()
    refreshed = case_report_fields_refresh(cases=AcquisitionCase.objects.filter(team=team))
    print(
        f"  stored warm/prepared for {refreshed:,} cases "
        f"in {clock.perf_counter() - refreshing:.0f} s",
        flush=True,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  seeded {CASES:,} cases, {len(changes):,} stage changes, {len(summaries):,} "
        f"summaries, {tp_count:,} touchpoints, {len(profiles):,} needs profiles, "
        f"{len(intro_rows):,} introductions in {clock.perf_counter() - started:.0f} s",
        flush=True,
    )
    return {"team": team, "pipeline": pipeline, "lead": users[-1], "stages": stages}


# ------------------------------------------------------------------------------
# Hand-written SQL
# ------------------------------------------------------------------------------
def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope(alias: str = "c") -> str:
    return (
        f"{alias}.team_id = %s AND {alias}.pipeline_id = %s "
        f"AND {alias}.opened_at >= %s AND {alias}.opened_at < %s"
    )


def _funnel_sql_filters(ctx: dict[str, Any]) -> tuple[int, ...]:
    """Variant 1: one row, a COUNT … FILTER per figure."""
    stages = ctx["stages"]
    won = next(s.pk for s in stages if s.kind == "won")
    lost = next(s.pk for s in stages if s.kind == "lost")
    paused = next(s.pk for s in stages if s.kind == "paused")
    funnel = [s for s in stages if s.kind == "open"] + [next(s for s in stages if s.kind == "won")]
    parts, params = [], []
    for stage in funnel:
        if stage.kind == "won":
            parts.append("count(*) FILTER (WHERE stage_id = %s)")
            params.append(won)
        else:
            ids = [
                s.pk for s in stages if s.kind in ("open", "won") and s.position >= stage.position
            ]
            parts.append("count(*) FILTER (WHERE furthest_stage_id = ANY(%s) OR stage_id = %s)")
            params += [ids, won]
    parts += ["count(*) FILTER (WHERE stage_id = %s)", "count(*) FILTER (WHERE stage_id = %s)"]
    params += [lost, paused]
    for stage in funnel[:-1]:
        parts += [
            "count(*) FILTER (WHERE furthest_stage_id = %s AND stage_id = %s)",
            "count(*) FILTER (WHERE furthest_stage_id = %s AND stage_id = %s)",
            "count(*) FILTER (WHERE furthest_stage_id = %s AND stage_id = ANY(%s))",
        ]
        params += [stage.pk, lost, stage.pk, paused, stage.pk, [s.pk for s in funnel[:-1]]]
    sql = f"SELECT count(*), {', '.join(parts)} FROM crm_acquisitioncase c WHERE {_scope()}"  # noqa: S608
    return tuple(_rows(sql, [*params, *ctx["scope"]])[0])


def _funnel_sql_grouped(ctx: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Variant 2: the cases grouped by furthest and current stage (the report sums them)."""
    sql = (
        "SELECT furthest_stage_id, stage_id, count(*) FROM crm_acquisitioncase c "  # noqa: S608
        f"WHERE {_scope()} GROUP BY 1, 2"
    )
    return _rows(sql, ctx["scope"])


def _source_sql_stored(ctx: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The source split from the stored fields: one pass, grouped by all three."""
    return _rows(
        "SELECT source, warm_path, preparation, furthest_stage_id, stage_id, count(*) "  # noqa: S608
        f"FROM crm_acquisitioncase c WHERE {_scope()} GROUP BY 1, 2, 3, 4, 5",
        ctx["scope"],
    )


def _source_sql(ctx: dict[str, Any]) -> tuple[list[Any], list[Any], list[Any]]:
    """The source split computed live from introductions, touchpoints and needs profiles
    (what the stored fields spare): three grouped queries."""
    meeting = ctx["meeting"]
    by_source = _rows(
        "SELECT source, furthest_stage_id, stage_id, count(*) FROM crm_acquisitioncase c "  # noqa: S608
        f"WHERE {_scope()} GROUP BY 1, 2, 3",
        ctx["scope"],
    )
    # Warm: by source, or introduced no later than the first meeting (or never met).
    by_warmth = _rows(
        "SELECT (c.source IN ('referral', 'introduction') OR w.case_id IS NOT NULL), "  # noqa: S608
        "c.furthest_stage_id, c.stage_id, count(*) FROM crm_acquisitioncase c "
        "LEFT JOIN (SELECT DISTINCT i.case_id FROM outreach_introduction i "
        "  LEFT JOIN crm_casestagesummary s ON s.case_id = i.case_id AND s.stage_id = %s "
        "  WHERE NOT i.requested AND (s.id IS NULL OR "
        "    i.date <= (s.first_reached_at AT TIME ZONE %s)::date)) w ON w.case_id = c.id "
        f"WHERE {_scope()} GROUP BY 1, 2, 3",
        [meeting, "Europe/Berlin", *ctx["scope"]],
    )
    by_preparation = _rows(
        "SELECT CASE WHEN t.company_id IS NULL THEN 'not_contacted' "  # noqa: S608
        "  WHEN (p.captured_at AT TIME ZONE %s)::date <= t.occurred_on THEN 'prepared' "
        "  ELSE 'unprepared' END, c.furthest_stage_id, c.stage_id, count(*) "
        "FROM crm_acquisitioncase c "
        "LEFT JOIN outreach_touchpoint t ON t.company_id = c.company_id "
        "  AND t.is_first_outbound AND t.direction = 'out' "
        "LEFT JOIN benefits_needsprofile p ON p.company_id = c.company_id "
        f"WHERE {_scope()} GROUP BY 1, 2, 3",
        ["Europe/Berlin", *ctx["scope"]],
    )
    return by_source, by_warmth, by_preparation


def _queries(fn: Callable[[], object]) -> int:
    """How many statements `fn` sends (a wrapper: independent of DEBUG and the query log)."""
    from django.db import connection

    count = 0

    def counting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        fn()
    return count


def _best(*variants: Callable[[], object]) -> tuple[float, int]:
    times = [median_ms(v, repeat=9, warmup=1) for v in variants]
    best = min(range(len(times)), key=times.__getitem__)
    return times[best], best + 1


def run() -> list[Result]:
    from collections import Counter

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from crm import cohorts
    from crm.models import Team
    from crm.reports import funnel as funnel_reports
    from crm.reports import scope

    if connection.vendor != "postgresql":
        print("  bench_reports needs PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
        return []
    team = Team.objects.filter(slug="bench-reports").first()
    if team is None:
        ctx = _seed()
    else:
        from django.contrib.auth import get_user_model

        from crm.models import Stage

        stages = list(Stage.objects.filter(pipeline__team=team).order_by("position"))
        ctx = {
            "team": team,
            "pipeline": stages[0].pipeline,
            "stages": stages,
            "lead": get_user_model().objects.get(username="lea-reports"),
        }
    team, pipeline = ctx["team"], ctx["pipeline"]
    filters = scope.ReportFilters(pipeline=pipeline, start=date(2020, 1, 1), end=date(2026, 12, 31))
    ctx["scope"] = [
        team.pk,
        pipeline.pk,
        cohorts.day_start(filters.start),
        cohorts.day_start(filters.end + timedelta(days=1)),
    ]
    stage_set = scope.pipeline_stages(pipeline=pipeline)
    meeting = stage_set.meeting()
    ctx["meeting"] = meeting.pk if meeting else 0

    # The same numbers, both ways.
    funnel = funnel_reports.funnel_report(team=team, filters=filters)
    variant = _funnel_sql_filters(ctx)
    assert funnel.counts.opened == variant[0]
    assert list(funnel.counts.reached) == list(variant[1 : 1 + len(funnel.steps)])
    split = funnel_reports.source_report(team=team, filters=filters)
    by_source, by_warmth, by_preparation = _source_sql(ctx)
    for rows, groups in (
        (by_source, split.by_source),
        (by_warmth, split.by_warmth),
        (by_preparation, split.by_preparation),
    ):
        hand: dict[Any, Any] = {}
        for key, furthest, stage, n in rows:
            hand.setdefault(key, Counter())[(furthest, stage)] += n
        mine = {row.key: row.counts for row in groups if row.counts.opened}
        keys = {True: cohorts.WARM, False: cohorts.COLD}
        theirs = {keys.get(k, k): scope.fold(h, stage_set) for k, h in hand.items()}
        assert mine == theirs, (mine, theirs)

    stored: dict[Any, Any] = {}
    for source, warm, preparation, furthest, stage, n in _source_sql_stored(ctx):
        stored.setdefault(source, Counter())[(furthest, stage)] += n
        del warm, preparation
    assert {k: scope.fold(h, stage_set) for k, h in stored.items()} == {
        row.key: row.counts for row in split.by_source if row.counts.opened
    }

    funnel_queries = _queries(lambda: funnel_reports.funnel_report(team=team, filters=filters))
    source_queries = _queries(lambda: funnel_reports.source_report(team=team, filters=filters))

    funnel_ms = median_ms(
        lambda: funnel_reports.funnel_report(team=team, filters=filters), repeat=9
    )
    funnel_floor, funnel_variant = _best(
        lambda: _funnel_sql_filters(ctx), lambda: _funnel_sql_grouped(ctx)
    )
    source_ms = median_ms(
        lambda: funnel_reports.source_report(team=team, filters=filters), repeat=9
    )
    source_floor = median_ms(lambda: _source_sql_stored(ctx), repeat=9, warmup=1)
    live_ms = median_ms(lambda: _source_sql(ctx), repeat=5, warmup=1)

    client = Client()
    client.force_login(ctx["lead"])
    url = reverse("reports")
    query = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
    assert client.get(url, query).status_code == 200
    page_queries = _queries(lambda: client.get(url, query))
    page_ms = median_ms(lambda: client.get(url, query), repeat=9)
    sources_url = reverse("reports:detail", args=["sources"])
    sources_page_ms = median_ms(lambda: client.get(sources_url, query), repeat=9)

    size = funnel.counts.opened
    return [
        Result(
            f"funnel_report ({funnel_queries} queries)",
            size,
            funnel_ms,
            funnel_floor,
            f"hand SQL variant {funnel_variant}",
        ),
        Result(
            f"source_report ({source_queries} queries)",
            size,
            source_ms,
            source_floor,
            "hand SQL, 1 grouped query",
            note=f"(computed live, hand SQL: {live_ms:.0f} ms)",
        ),
        Result(
            f"funnel page ({page_queries} queries)",
            size,
            page_ms,
            funnel_floor,
            f"hand SQL variant {funnel_variant}",
        ),
        Result("sources page", size, sources_page_ms, source_floor, "hand SQL, 1 grouped query"),
    ]
