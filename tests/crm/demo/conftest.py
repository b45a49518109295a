"""Demo fixtures: the real stage requirements, and a run of `manage.py seed_demo`."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def requirements_isolated():
    """Unlike the other pipeline tests: the demo must pass the real stage requirements."""


@pytest.fixture
def seed() -> Callable[..., str]:
    """Run `manage.py seed_demo` with this many companies (None: the default); its output."""

    def run(companies: int | None = 30, *extra: str) -> str:
        out = StringIO()
        args = [] if companies is None else ["--companies", str(companies)]
        call_command("seed_demo", *args, *extra, stdout=out)
        return out.getvalue()

    return run
