from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

NEEDS_PROFILE_LABEL = _("A needs profile has been captured")
NEEDS_PROFILE_MISSING = _(
    "Capture a needs profile for this company first: its current challenges and what it "
    "already offers."
)


STATEMENT_EVENT_TITLE = _("Benefit statement: %(what)s (version %(version)s)")
STATEMENT_LABEL = _("A tailored benefit statement has been sent")
STATEMENT_MISSING = _(
    "Draft the company's tailored benefit statement, have it approved and mark it as sent first."
)


def statement_sent_check(case: Any) -> Any:
    """The pipeline's "benefit_statement" requirement: a statement went to the case's company."""
    from benefits import selectors

    if selectors.company_has_sent_statement(company_id=case.company_id):
        return None
    return STATEMENT_MISSING


def needs_profile_check(case: Any) -> Any:
    """The pipeline's "needs_profile" requirement: met once the case's company has a profile."""
    from benefits import selectors

    if selectors.company_has_profile(company_id=case.company_id):
        return None
    return NEEDS_PROFILE_MISSING


def needs_profile_fix(case: Any) -> str:
    """Where a missing needs profile is captured."""
    from django.urls import reverse

    return reverse("benefits:profile_edit", args=[case.company_id])


def statement_fix(case: Any) -> str:
    """Where the statement is taken further: the latest one, or the draft form."""
    from django.urls import reverse

    from benefits import selectors

    latest = selectors.statements_for_company(company=case.company).order_by("-pk").first()
    if latest is not None:
        return reverse("benefits:statement_detail", args=[latest.pk])
    return reverse("benefits:statement_draft", args=[case.company_id])


def statement_timeline(case: Any) -> list[Any]:
    """The case page's timeline: what happened to the statements for the case's company."""
    from benefits.models import StatementEvent
    from crm import timeline

    events = StatementEvent.objects.filter(statement__company_id=case.company_id).select_related(
        "by", "statement"
    )
    return [
        timeline.Entry(
            at=event.at,
            icon="lightbulb",
            title=str(STATEMENT_EVENT_TITLE)
            % {"what": event.get_kind_display(), "version": event.version},
            by=(event.by.get_full_name() or event.by.get_username()) if event.by else "",
            url=event.statement.get_absolute_url(),
        )
        for event in events
    ]


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from benefits import signals
        from crm import requirements, timeline

        del signals  # imported for its receivers
        requirements.register(
            code=requirements.NEEDS_PROFILE,
            label=NEEDS_PROFILE_LABEL,
            check=needs_profile_check,
            fix=needs_profile_fix,
        )
        requirements.register(
            code=requirements.BENEFIT_STATEMENT,
            label=STATEMENT_LABEL,
            check=statement_sent_check,
            fix=statement_fix,
        )
        timeline.register("benefit_statements", statement_timeline)
