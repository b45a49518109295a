"""Thin Celery tasks for retention: ids in, one service call each."""

from celery import shared_task
from django.db import OperationalError

from crm.models import Team
from privacy import services


@shared_task
def retention_run_all() -> int:
    """The daily beat job: one retention run per team, each its own task; returns how many."""
    team_ids = list(Team.objects.values_list("pk", flat=True))
    for team_id in team_ids:
        retention_run_team.delay(team_id)
    return len(team_ids)


# A locked database is worth a retry; a run repeated on the same day finds nothing left.
@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def retention_run_team(team_id: int) -> dict[str, int]:
    """Apply one team's retention policy today; returns the counts of what was erased."""
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        return {}
    return services.retention_run(team=team).counts
