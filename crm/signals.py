"""Signal receivers of the pipeline.

A team without a pipeline would have a broken board and could not open a case.
`crm.services.team_create` gives every team its defaults, but Team rows are
also made where no service runs: the admin, factories in tests, scripts and the
benchmarks. Catching every creation here keeps "every team has a pipeline" true
without trusting each caller; the service it calls is idempotent.
"""

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from benefits.models import NeedsProfile
from crm import services
from crm.models import AcquisitionCase, Team
from outreach.models import Introduction, Touchpoint


@receiver(post_save, sender=Team, dispatch_uid="crm.team_defaults")
def team_defaults_on_create(
    sender: type[Team], instance: Team, created: bool, raw: bool, **kwargs: Any
) -> None:
    # `raw`: fixtures load whole databases, pipelines included.
    if created and not raw:
        services.team_defaults_ensure(team=instance)


# -- what the reports group by ----------------------------------------------------
# Warm and prepared are stored on the case (see `services.case_report_fields_refresh`);
# the introductions, touchpoints and needs profiles they derive from change in other
# apps, so the pipeline listens rather than asking each app to call it.
def _refresh_company(company_id: int | None) -> None:
    if company_id is not None:
        services.case_report_fields_refresh(
            cases=AcquisitionCase.objects.filter(company_id=company_id)
        )


@receiver(post_save, sender=Introduction, dispatch_uid="crm.report_fields.introduction")
@receiver(post_delete, sender=Introduction, dispatch_uid="crm.report_fields.introduction_gone")
def report_fields_on_introduction(
    sender: type[Introduction], instance: Introduction, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        services.case_report_fields_refresh(
            cases=AcquisitionCase.objects.filter(pk=instance.case_id)
        )


@receiver(post_save, sender=NeedsProfile, dispatch_uid="crm.report_fields.profile")
@receiver(post_delete, sender=NeedsProfile, dispatch_uid="crm.report_fields.profile_gone")
def report_fields_on_profile(
    sender: type[NeedsProfile], instance: NeedsProfile, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        _refresh_company(instance.company_id)


# Touchpoints come in batches (a campaign sends hundreds in one transaction) and the
# outreach service decides which one is the company's first only after saving it:
# the companies are collected and refreshed once, when the transaction commits.
_touched = threading.local()


def _refresh_touched() -> None:
    company_ids: set[int] = getattr(_touched, "company_ids", set())
    _touched.company_ids = set()
    if company_ids:
        services.case_report_fields_refresh(
            cases=AcquisitionCase.objects.filter(company_id__in=company_ids)
        )


@receiver(post_save, sender=Touchpoint, dispatch_uid="crm.report_fields.touchpoint")
@receiver(post_delete, sender=Touchpoint, dispatch_uid="crm.report_fields.touchpoint_gone")
def report_fields_on_touchpoint(
    sender: type[Touchpoint], instance: Touchpoint, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    if not hasattr(_touched, "company_ids"):
        _touched.company_ids = set()
    _touched.company_ids.add(instance.company_id)
    # Every save registers the flush; the first to run does the work, the rest find
    # nothing left (ids left over from a rolled-back transaction only cost a refresh).
    transaction.on_commit(_refresh_touched)
