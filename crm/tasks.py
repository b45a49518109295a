"""Background jobs of the pipeline (thin: ids in, one service call each)."""

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from crm import selectors, services


@shared_task
def digests_send() -> int:
    """The daily beat job: queue one digest per owner with something due; returns how many."""
    today = timezone.localdate()
    owner_ids = selectors.digest_owner_ids(today=today, now=timezone.now())
    for owner_id in owner_ids:
        digest_send.delay(owner_id, today.isoformat())
    return len(owner_ids)


# SMTP hiccups and database locks are worth a retry; the service sends at most once a day.
@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def digest_send(user_id: int, day: str) -> bool:
    """Send one owner's digest for `day` (ISO date) unless already sent or nothing is due."""
    return services.digest_send(user_id=user_id, today=date.fromisoformat(day))
