"""Bench harness: a throw-away database, timing, and a figure-next-to-floor report."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    size: int
    figure_ms: float
    floor_ms: float
    floor_label: str
    note: str = ""  # e.g. quality figures printed after the timing

    def line(self) -> str:
        ratio = self.figure_ms / self.floor_ms if self.floor_ms else float("inf")
        line = (
            f"{self.name:<34} n={self.size:<6} {self.figure_ms:9.2f} ms   "
            f"floor {self.floor_ms:8.2f} ms ({self.floor_label})   x{ratio:5.1f}"
        )
        return f"{line}   {self.note}" if self.note else line


def setup_django() -> None:
    """Point Django at a fresh SQLite file (or BENCH_DATABASE_URL) and migrate it."""
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        path = os.path.join(tempfile.mkdtemp(prefix="tandem-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> float:
    """Median wall time of `fn` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
