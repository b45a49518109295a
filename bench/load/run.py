"""One size of the load benchmark, in a process of its own (its DATABASE_URL set)."""

import os
import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BROWSER_COOKIES = ("sessionid", "csrftoken")
REPEAT = 10  # in-process requests per page for the SQL / Python split


def _database_prepare(url: str, reuse: bool) -> bool:
    """Create the database (dropping an old one unless reused); True if it must be built."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return False
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def subjects() -> dict[str, Any]:
    """The rows the pages show: the demo team's open case with the most touchpoints …"""
    from django.db.models import Count

    from companies.models import NetworkPartner
    from crm.demo.team import TEAM_SLUG
    from crm.models import AcquisitionCase, Team
    from outreach.models import Campaign

    team = Team.objects.get(slug=TEAM_SLUG)
    case = (
        AcquisitionCase.objects.filter(team=team, closed_at__isnull=True)
        .annotate(n=Count("touchpoints"))
        .order_by("-n", "pk")
        .first()
    )
    partner = (
        NetworkPartner.objects.filter(team=team)
        .annotate(n=Count("ties"))
        .order_by("-n", "pk")
        .first()
    )
    campaign = Campaign.objects.filter(team=team).order_by("pk").first()
    if case is None or partner is None or campaign is None:
        raise SystemExit("the team lacks an open case, a partner or a campaign")
    return {
        "case": case.pk,
        "company": case.company_id,
        "partner": partner.pk,
        "campaign": campaign.pk,
    }


def pages(ids: dict[str, Any]) -> list[tuple[str, str]]:
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse

    case, company = ids["case"], ids["company"]
    return [
        ("bare page (floor)", reverse("bench_bare")),
        ("static file", staticfiles_storage.url("css/tandem.css")),
        ("home", reverse("home")),
        ("board", reverse("pipeline")),
        ("case list", reverse("cases:list")),
        ("case list, open, by company", reverse("cases:list") + "?state=open&sort=-company"),
        ("case list, company 'bau'", reverse("cases:list") + "?q=bau&sort=company"),
        ("case page", reverse("cases:detail", args=[case])),
        ("company list, 'bau'", reverse("companies:list") + "?q=bau"),
        ("company page", reverse("companies:detail", args=[company])),
        ("partner list", reverse("companies:partner_list")),
        ("partner page", reverse("companies:partner_detail", args=[ids["partner"]])),
        ("report: funnel", reverse("reports")),
        ("report: sources", reverse("reports:detail", args=["sources"])),
        ("review queue", reverse("outreach:review")),
        ("letter preview", reverse("outreach:case_letter", args=[case])),
        ("campaign page", reverse("outreach:campaign_detail", args=[ids["campaign"]])),
    ]


def _in_process(client: Any, url: str) -> dict[str, float]:
    """Median wall, SQL and Python time of the page in this process, its queries and size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, sqls = [], []
    for i in range(REPEAT + 2):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            wall = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if i >= 2:
            walls.append(wall)
            sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    wall, sql = statistics.median(walls), statistics.median(sqls)
    size = len(response.content) if not hasattr(response, "streaming_content") else 0
    return {
        "wall": wall,
        "sql": sql,
        "python": wall - sql,
        "queries": len(queries),
        "kb": size / 1024,
    }


def _wrk(url: str, cookie: str, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            f"-t{min(connections, 2)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            "Accept-Language: de",
            "-s",
            str(HERE / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^WRK (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    assert match, out
    p50, p95, requests, duration, errors = map(int, match.groups())
    if not requests:
        # Not one answer within the run: slower than its duration.
        return {"p50": float("inf"), "p95": float("inf"), "rps": 0.0, "errors": errors}
    return {
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "rps": requests / (duration / 1e6),
        "errors": errors,
    }


def main(companies: int) -> int:
    url = os.environ["DATABASE_URL"]
    reuse = os.environ.get("BENCH_LOAD_REUSE") == "1"
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "5"))
    port = int(os.environ.get("BENCH_LOAD_PORT", "8021"))
    print(f"\n== {companies:,} companies: {urlsplit(url).path.lstrip('/')}", flush=True)
    build = _database_prepare(url, reuse)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from bench.load import data

    call_command("migrate", verbosity=0)
    if build:
        sizes = data.Sizes().scaled(companies)
        print(f"building {sizes}", flush=True)
        made = data.build(sizes=sizes)
        print(f"built in {made['seconds']:.0f} s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    ids = subjects()
    from django.contrib.auth import get_user_model

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(get_user_model().objects.get(username="lea"))
    # A browser's cookies: the session, and the CSRF secret its first form page set
    # (pages are served again from the cache only to a browser that has one).
    client.get(reverse("cases:list"))
    cookie = "; ".join(f"{name}={client.cookies[name].value}" for name in BROWSER_COOKIES)
    from django.conf import settings

    seconds_kept = settings.PAGE_CACHE_SECONDS
    writes_per_second = float(os.environ.get("BENCH_LOAD_WRITES", "0"))
    if writes_per_second:
        print(f"while each page is measured, {writes_per_second:g} commits a second", flush=True)
    print(
        f"page cache: {'on, ' + str(seconds_kept) + ' s' if seconds_kept else 'off'} "
        "(wrk repeats one page: with it on, a view after the first is served from the cache; "
        "PAGE_CACHE_SECONDS=0 measures every view computed afresh). "
        "SQL and Python: the page computed afresh, in-process.",
        flush=True,
    )
    listed = pages(ids)
    only = os.environ.get("BENCH_LOAD_PAGES", "")
    if only:
        # A few pages only (their names contain one of the words); the floor always.
        words = only.split(",")
        listed = [p for p in listed if p is listed[0] or any(w in p[0] for w in words)]
    # SQL and Python of a page computed afresh (its first view after a change).
    with override_settings(PAGE_CACHE_SECONDS=0):
        inside = {name: _in_process(client, path) for name, path in listed}

    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "crm.wsgi",
            "--workers",
            "4",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/static/css/tandem.css", timeout=5)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        # Each fresh worker answers its first few dozen requests slowly (lazy imports,
        # template and translation caches, its database connection): warm all four up.
        _wrk(base + listed[0][1], cookie, 10, 3)
        rows = []
        for name, path in listed:
            _drain(base + path, cookie, times=2)  # warm: the first view fills the cache
            with _writing(url, ids["case"], writes_per_second):
                one = _wrk(base + path, cookie, 1, seconds)
                ten = _wrk(base + path, cookie, 10, seconds)
            _drain(base + listed[0][1], cookie)
            rows.append((name, one, ten, inside[name]))
            print(_line(name, one, ten, inside[name], rows[0]), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


@contextmanager
def _writing(url: str, case: int, per_second: float) -> Iterator[None]:
    """Commit a change to the case `per_second` times a second while the block runs, as
    a colleague at work would: each commit makes every kept page be computed afresh."""
    if not per_second:
        yield
        return
    import psycopg

    stop = threading.Event()

    def write() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            while not stop.wait(1 / per_second):
                conn.execute(
                    "UPDATE crm_acquisitioncase SET version = version + 1 WHERE id = %s", [case]
                )

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield
    finally:
        stop.set()
        writer.join()


def _drain(url: str, cookie: str, times: int = 8) -> None:
    """Wait for the requests wrk left queued in the workers (a slow page's) to finish,
    so that they do not slow the next page's measurement."""
    for _ in range(times):
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310


def _line(name: str, one: dict, ten: dict, inside: dict, bare: tuple) -> str:  # type: ignore[type-arg]
    floor_one, floor_ten = bare[1], bare[2]
    ok = one["p95"] <= 150 and ten["rps"] >= 20 and one["p50"] <= 3 * floor_one["p50"]
    errors = one["errors"] + ten["errors"]
    return (
        f"{name:<30} p50 {one['p50']:7.1f} ms  p95 {one['p95']:7.1f} ms  "
        f"{ten['rps']:7.1f} req/s  x{one['p50'] / floor_one['p50']:4.1f} p50 "
        f"x{floor_ten['rps'] / max(ten['rps'], 0.01):4.1f} req/s vs bare  "
        f"SQL {inside['sql']:6.1f} ms  Python {inside['python']:6.1f} ms  "
        f"{inside['queries']:3d} q  {inside['kb']:6.0f} KB  {'ok' if ok else 'SLOW'}"
        f"{f'  {errors} errors' if errors else ''}"
    )
