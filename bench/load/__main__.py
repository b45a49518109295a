"""`make bench-load`: build a big team on PostgreSQL, serve it with gunicorn, drive each page.

    .venv/bin/python -m bench.load                   # 20,000 companies, then 2,000
    BENCH_LOAD_SIZES=20000 BENCH_LOAD_REUSE=1 .venv/bin/python -m bench.load

Environment: BENCH_LOAD_DATABASE_URL (the server and database name, default
postgres://postgres@127.0.0.1:5432/i21_load; a size other than the first gets its own
database, name suffixed with the size), BENCH_LOAD_SIZES (companies, default
"20000 2000"), BENCH_LOAD_SECONDS (wrk's duration per page and load, default 5),
BENCH_LOAD_REUSE=1 (keep a database built before instead of building it again),
BENCH_LOAD_PORT (default 8021), BENCH_LOAD_WRITES (commits a second to one case while
each page is measured, default 0: how the page cache fares while colleagues work),
PAGE_CACHE_SECONDS=0 (every view computed afresh). See bench/README.md.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/i21_load"
FIRST_SIZE = 20_000


def _database_url(companies: int) -> str:
    url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL)
    return url if companies == FIRST_SIZE else f"{url}_{companies}"


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--size":
        from bench.load import run

        return run.main(int(sys.argv[2]))
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    sizes = [int(s) for s in os.environ.get("BENCH_LOAD_SIZES", "20000 2000").split()]
    static_root = tempfile.mkdtemp(prefix="tandem-bench-static-")
    # A production-like process: DEBUG off, a secret made for this run, one host.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "BENCH_LOAD": "1",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        # One cache for the four workers, as in production (BENCH_LOAD_CACHE_URL).
        "CACHE_URL": os.environ.get("BENCH_LOAD_CACHE_URL", "redis://127.0.0.1:6379/7"),
    }
    failed = 0
    try:
        for companies in sizes:
            env["DATABASE_URL"] = _database_url(companies)
            failed |= subprocess.call(  # noqa: S603
                [sys.executable, "-m", "bench.load", "--size", str(companies)],
                env=env,
                cwd=Path(__file__).resolve().parents[2],
            )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
