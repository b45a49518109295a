"""The warm path and preparation stored on each case, and the command that catches them up."""

import io

from crm.models import AcquisitionCase
from crm.reports import fields
from tests.factories import (
    TouchpointFactory,
)


def test_stored_warmth_and_preparation_follow_what_happened(
    team, history, django_capture_on_commit_callbacks
):
    from outreach.selectors import cases_with_warmth

    cases = AcquisitionCase.objects.filter(team=team)
    live = fields.with_preparation(cases_with_warmth(cases)).values_list(
        "pk", "warm", "first_contact_preparation"
    )
    stored = cases.values_list("pk", "warm_path", "preparation")
    assert sorted(live) == sorted(stored)
    # A first letter to D's company turns "not contacted" into "prepared" (its profile came first).
    d = history["d"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        TouchpointFactory(company=d.company, by=history["lea"], is_first_outbound=True)
        TouchpointFactory(company=d.company, by=history["lea"])
    d.refresh_from_db()
    assert len(callbacks) == 2  # one flush per save; the second finds nothing left
    assert d.preparation == "prepared"
    assert fields.case_report_fields_refresh(cases=cases) == 0


def test_refresh_command_catches_up_after_bulk_changes(team, history):
    from django.core.management import call_command

    a = history["a"]
    AcquisitionCase.objects.filter(pk=a.pk).update(warm_path=False, preparation="unprepared")
    out = io.StringIO()
    call_command("refresh_report_fields", stdout=out)
    assert out.getvalue().strip() == "1 cases updated"
    a.refresh_from_db()
    assert (a.warm_path, a.preparation) == (True, "prepared")
