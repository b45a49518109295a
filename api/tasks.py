"""Webhook deliveries in the background: one attempt per run, retried with back-off."""

from celery import shared_task
from django.conf import settings

from api import services

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def webhook_deliver(self, delivery_id: int) -> bool:  # type: ignore[no-untyped-def]
    """Send a delivery; a failure is tried again after 1, 2, 4 … back-off units."""
    if services.webhook_deliver(delivery_id=delivery_id):
        return True
    if self.request.retries >= MAX_RETRIES or self.request.is_eager:
        return False
    raise self.retry(countdown=settings.WEBHOOK_RETRY_SECONDS * 2**self.request.retries)
