"""Schemathesis over every API operation against a live server (make test-services).

A seeded lead's read-write token; the default checks (no server errors, answers
conform to the schema, status codes documented, ...) must find nothing.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from crm.models import Membership
from tests.api.conftest import token_for
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    MembershipFactory,
    NetworkPartnerFactory,
    TieFactory,
    UserFactory,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_every_operation_passes_schemathesis(team, live_server, tmp_path, settings):
    if connection.vendor != "postgresql" and not os.environ.get("SCHEMATHESIS_ANY_DATABASE"):
        pytest.fail("Services tests need PostgreSQL (DATABASE_URL), as in production.")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "100000/min"},
    }
    lead = MembershipFactory(team=team, user=UserFactory(username="lea"), role=Membership.Role.LEAD)
    company = CompanyFactory(team=team)
    ContactFactory(company=company)
    TieFactory(partner=NetworkPartnerFactory(team=team), company=company)
    AcquisitionCaseFactory(team=team, company=company, owner=lead.user)
    _token, plain = token_for(lead)
    result = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(settings.BASE_DIR / "schemathesis.toml"),
            "run",
            f"{live_server.url}/api/schema/?format=json",
            "--url",
            f"{live_server.url}",
            "--header",
            f"Authorization: Bearer {plain}",
            "--max-examples",
            os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"),
            "--workers",
            "1",
            "--seed",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=tmp_path,
    )
    (Path(os.environ.get("SCHEMATHESIS_REPORT_DIR", tmp_path)) / "schemathesis.txt").write_text(
        result.stdout + result.stderr
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
