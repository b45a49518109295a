"""Background jobs for company records (thin: ids in, one service call)."""

from celery import shared_task
from django.db import OperationalError

from companies import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def companies_renormalize(team_id: int) -> int:
    """Recompute the normalised names of a team's companies; returns how many changed."""
    return services.companies_renormalize(team_id=team_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def import_job_process(job_id: int, commit: bool) -> str:
    """Check (dry run) or import the rows of an uploaded file; returns the job's status."""
    return services.import_job_process(job_id=job_id, commit=commit).status
