"""Background jobs for outreach (thin: ids in, one service call)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from crm.models import Team
from outreach.letters import services as letter_services
from outreach.services import reevaluation, thresholds


@shared_task(
    name=thresholds.FLAGS_REEVALUATE_TASK,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def flags_reevaluate(team_id: int) -> dict[str, int]:
    """Judge all of a team's outreach again, e.g. after its thresholds changed."""
    team = Team.objects.filter(pk=team_id).first()
    if team is None:  # deleted meanwhile: nothing left to judge
        return {}
    return reevaluation.team_reevaluate(team=team, today=timezone.localdate())


@shared_task(
    name=letter_services.LETTER_BATCH_TASK,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def letter_batch_run(batch_id: int) -> str:
    """Make a campaign's letters and their ZIP; returns the batch's status. Safe to rerun."""
    return letter_services.letter_batch_run(batch_id=batch_id).status
