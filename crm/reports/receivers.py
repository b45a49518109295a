"""Keep the report fields stored on each case (`crm.reports.fields`) current.

Warm and prepared derive from the case itself (its source, the stages it reached)
and from what other apps record about its company: introductions, touchpoints
and needs profiles. The pipeline announces its own changes with
`crm.signals.case_changed`; the other apps' rows are watched with Django's model
signals. The reports listen to all of them, so no lower app calls up here.
"""

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from benefits.models import NeedsProfile
from crm.models import AcquisitionCase
from crm.reports.fields import case_report_fields_refresh
from crm.signals import case_changed
from outreach.models import Introduction, Touchpoint


@receiver(case_changed, sender=AcquisitionCase, dispatch_uid="reports.fields.case")
def report_fields_on_case(
    sender: type[AcquisitionCase], case: AcquisitionCase, **kwargs: Any
) -> None:
    case_report_fields_refresh(cases=AcquisitionCase.objects.filter(pk=case.pk))


def _refresh_company(company_id: int | None) -> None:
    if company_id is not None:
        case_report_fields_refresh(cases=AcquisitionCase.objects.filter(company_id=company_id))


@receiver(post_save, sender=Introduction, dispatch_uid="reports.fields.introduction")
@receiver(post_delete, sender=Introduction, dispatch_uid="reports.fields.introduction_gone")
def report_fields_on_introduction(
    sender: type[Introduction], instance: Introduction, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        case_report_fields_refresh(cases=AcquisitionCase.objects.filter(pk=instance.case_id))


@receiver(post_save, sender=NeedsProfile, dispatch_uid="reports.fields.profile")
@receiver(post_delete, sender=NeedsProfile, dispatch_uid="reports.fields.profile_gone")
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
        case_report_fields_refresh(cases=AcquisitionCase.objects.filter(company_id__in=company_ids))


@receiver(post_save, sender=Touchpoint, dispatch_uid="reports.fields.touchpoint")
@receiver(post_delete, sender=Touchpoint, dispatch_uid="reports.fields.touchpoint_gone")
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
