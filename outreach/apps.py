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


FLAGS_TO_REVIEW_LABEL = _("Flags to review")


def open_flags_per_person(team: Any) -> dict[int | None, int]:
    """The team view's figure: open flags per person (one query)."""
    from outreach import selectors

    return selectors.open_flags_per_person(team=team)


def review_url(user_id: int | None) -> str:
    from django.urls import reverse

    url = reverse("outreach:review")
    return f"{url}?person={user_id}" if user_id is not None else url


def introduction_fix(case: Any) -> str:
    """Where an introduction is recorded for the case."""
    from django.urls import reverse

    return reverse("outreach:introduction_create", args=[case.pk])


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
        from crm import requirements, team_figures, timeline
        from outreach import tasks

        requirements.register(
            code=requirements.INTRODUCTION,
            label=INTRODUCTION_LABEL,
            check=introduction_check,
            fix=introduction_fix,
        )
        team_figures.register(
            code="flags", label=FLAGS_TO_REVIEW_LABEL, counts=open_flags_per_person, url=review_url
        )
        timeline.register("introductions", introduction_timeline)
        timeline.register("touchpoints", touchpoint_timeline)
        del tasks  # imported so that services can start the tasks by name (crm.jobs)
