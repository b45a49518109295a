"""Recompute the warm path and preparation the reports group by, for every case.

The receivers (`crm.reports.receivers`) keep them current; bulk changes that bypass model
saves (a company merge re-linking touchpoints, a data import in SQL) are caught
up by running this. Idempotent: only changed cases are written.
"""

from typing import Any

from django.core.management.base import BaseCommand

from crm.models import AcquisitionCase, Team
from crm.reports.fields import case_report_fields_refresh


class Command(BaseCommand):
    help = "Recompute the stored warm path and preparation of every case (for the reports)."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        for team in Team.objects.order_by("pk"):
            changed += case_report_fields_refresh(cases=AcquisitionCase.objects.filter(team=team))
        self.stdout.write(f"{changed} cases updated")
