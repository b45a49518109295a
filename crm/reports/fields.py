"""The report fields stored on each case: its warm path and its preparation.

Reports group 100,000 cases in one pass because each case carries, as plain
columns, whether an introduction or referral came before its first meeting
(`warm_path`) and whether its company's needs profile came before the first
outbound contact (`preparation`). Their definitions live here and in
`outreach.selectors.cases_with_warmth`; `crm.reports.receivers` keeps them
current whenever what they derive from changes.
"""

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from benefits.models import NeedsProfile
from crm.cohorts import (
    NOT_CONTACTED,
    PREPARED,
    UNPREPARED,
)
from crm.models import (
    AcquisitionCase,
)
from outreach import selectors as outreach_selectors
from outreach.models import Touchpoint


def with_preparation(cases: QuerySet[AcquisitionCase]) -> QuerySet[AcquisitionCase]:
    """`cases` annotated with `first_contact_preparation`: was the company's needs profile
    captured before (or on the day of) its first outbound touchpoint? Stored on the case
    as `preparation` (`case_report_fields_refresh`)."""
    first_contact = (
        Touchpoint.objects.filter(
            company_id=OuterRef("company_id"), is_first_outbound=True, direction="out"
        )
        .order_by()
        .values("occurred_on")[:1]
    )
    profile_before = (
        NeedsProfile.objects.filter(company_id=OuterRef("company_id"))
        .annotate(day=TruncDate("captured_at"))
        .filter(day__lte=Subquery(first_contact, output_field=DateField()))
    )
    return cases.annotate(
        first_contact_preparation=Case(
            When(~Exists(first_contact), then=Value(NOT_CONTACTED)),
            When(Exists(profile_before), then=Value(PREPARED)),
            default=Value(UNPREPARED),
            output_field=CharField(),
        )
    )


REFRESH_BATCH = 5000


def case_report_fields_refresh(*, cases: QuerySet[AcquisitionCase]) -> int:
    """Recompute `warm_path` and `preparation` of `cases` from what happened; return how
    many changed.

    The definitions stay where they are (`outreach.selectors.cases_with_warmth`,
    `with_preparation` above); storing their result lets a report group 100,000
    cases in one pass. Called by the receivers (`crm.reports.receivers`) of the
    pipeline's moves and of introductions, touchpoints and needs profiles, and by
    `manage.py refresh_report_fields`. A plain update: derived fields do not bump
    the case's version.
    """
    annotated = with_preparation(
        outreach_selectors.cases_with_warmth(cases.order_by())
    ).values_list(  # type: ignore[misc]  # annotations django-stubs cannot see
        "pk", "warm", "first_contact_preparation", "warm_path", "preparation"
    )
    changed: dict[tuple[bool, str], list[int]] = {}
    for pk, warm, preparation, stored_warm, stored_preparation in annotated:
        if (warm, preparation) != (stored_warm, stored_preparation):
            changed.setdefault((warm, preparation), []).append(pk)
    for (warm, preparation), ids in changed.items():
        for start in range(0, len(ids), REFRESH_BATCH):
            AcquisitionCase.objects.filter(pk__in=ids[start : start + REFRESH_BATCH]).update(
                warm_path=warm, preparation=preparation
            )
    return sum(len(ids) for ids in changed.values())
