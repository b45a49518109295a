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
            code=requirements.NEEDS_PROFILE, label=NEEDS_PROFILE_LABEL, check=needs_profile_check
        )
        requirements.register(
            code=requirements.BENEFIT_STATEMENT, label=STATEMENT_LABEL, check=statement_sent_check
        )
        timeline.register("benefit_statements", statement_timeline)
