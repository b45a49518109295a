from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

INTRODUCTION_LABEL = _("An introduction has been recorded")
INTRODUCTION_MISSING = _(
    "Record the introduction first: which partner introduced you, to whom, and how."
)


def introduction_check(case: Any) -> Any:
    """The pipeline's "introduction" requirement: met once an introduction happened."""
    from outreach import selectors

    if selectors.case_has_introduction(case_id=case.pk):
        return None
    return INTRODUCTION_MISSING


def introduction_timeline(case: Any) -> Any:
    from outreach import selectors

    return selectors.introduction_entries(case)


def touchpoint_timeline(case: Any) -> Any:
    from outreach import selectors

    return selectors.touchpoint_entries(case)


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from crm import requirements, timeline

        # The services enqueue tasks by name (the task module imports them, not the
        # other way round); imported here, the tasks are registered in every process,
        # so that eager Celery (tests, `make run`) runs them in-process.
        from outreach import tasks  # noqa: F401

        requirements.register(
            code=requirements.INTRODUCTION, label=INTRODUCTION_LABEL, check=introduction_check
        )
        timeline.register("introductions", introduction_timeline)
        timeline.register("touchpoints", touchpoint_timeline)
