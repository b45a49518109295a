"""A team's first re-evaluation on PostgreSQL: 100,000 touchpoints, no flag yet (issue 21).

The flags table is analysed while the team has none, as after a fresh install or
the nightly ANALYZE of a new team: the statistics then say "empty", which once
made the planner fill the flags with a nested-loop anti join over the table it
was filling (quadratic: still inserting after 130 s). The figure is
`reevaluation.team_reevaluate`; the floor is a plain COPY of the same flag rows
into a table of the same shape and indexes, the least any way of storing them costs.

PostgreSQL only (BENCH_DATABASE_URL); on SQLite the module prints nothing.
"""

import io
import random
import time

from bench.common import Result

TOUCHPOINTS = 100_000
COMPANIES = 20_000
SEED = 21


def run() -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.bench_reevaluation import _seed
    from outreach.models import OutreachFlag
    from outreach.services import reevaluation

    if connection.vendor != "postgresql":
        return []
    start = time.perf_counter()
    team, _users, _cases = _seed(random.Random(SEED), TOUCHPOINTS, COMPANIES)
    seeded_s = time.perf_counter() - start
    table = OutreachFlag._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")

    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        counts = reevaluation.team_reevaluate(team=team, today=timezone.localdate())
        elapsed_ms = (time.perf_counter() - begin) * 1000

    # The floor: the stored rows, copied out and back into a bare twin of the table.
    with connection.cursor() as cursor:
        buffer = io.BytesIO()
        with cursor.copy(
            f"COPY (SELECT * FROM {table} WHERE team_id = %s) TO STDOUT",  # noqa: S608
            [team.pk],
        ) as copy:
            for block in copy:
                buffer.write(block)
        cursor.execute(f"CREATE TEMPORARY TABLE bench_flag_floor (LIKE {table} INCLUDING ALL)")
        begin = time.perf_counter()
        with cursor.copy("COPY bench_flag_floor FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        floor_ms = (time.perf_counter() - begin) * 1000
        cursor.execute("DROP TABLE bench_flag_floor")
    return [
        Result(
            f"first team_reevaluate ({len(queries)} q)",
            TOUCHPOINTS,
            elapsed_ms,
            floor_ms,
            "COPY of the flag rows",
            f"{counts['created']} flags created; seeded in {seeded_s:.0f} s",
        )
    ]
