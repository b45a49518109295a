"""Writes of the API app: personal tokens and the answers kept for idempotency keys."""

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api import delivery
from api.models import ApiToken, IdempotentRequest, Webhook, WebhookDelivery, WebhookEvent
from crm import jobs
from crm.access import require_lead
from crm.models import Membership, Team
from history.recording import recorded

NOT_A_MEMBER = _("You are not a member of this team.")
EXPIRY_IN_PAST = _("Choose an expiry date in the future.")
EXPIRY_TOO_FAR = _("A token lives at most one year.")
NOT_YOUR_TOKEN = _("This token is not yours.")
TOKEN_MAX_LIFE = timedelta(days=366)
# A token's last use is written at most this often (not on every request).
LAST_USE_PRECISION = timedelta(minutes=1)
# The answers to idempotency keys are kept this long.
IDEMPOTENCY_KEPT = timedelta(days=1)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
@recorded("api_token_create")
def api_token_create(
    *,
    team: Team,
    user: AbstractBaseUser,
    name: str,
    read_only: bool,
    expires_at: datetime,
) -> tuple[ApiToken, str]:
    """Make a personal token for `user` in `team`; the token itself is returned once."""
    if not Membership.objects.filter(team=team, user_id=user.pk).exists():
        raise PermissionDenied(NOT_A_MEMBER)
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": EXPIRY_IN_PAST}, code="past")
    if expires_at > now + TOKEN_MAX_LIFE:
        raise ValidationError({"expires_at": EXPIRY_TOO_FAR}, code="too_far")
    plain = "tdm_" + secrets.token_urlsafe(32)
    token = ApiToken(
        team=team,
        user_id=user.pk,
        name=name.strip(),
        token_hash=token_hash(plain),
        prefix=plain[:8],
        read_only=read_only,
        expires_at=expires_at,
    )
    token.full_clean(exclude=["team", "user"])
    token.save()
    return token, plain


@transaction.atomic
@recorded("api_token_revoke")
def api_token_revoke(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    """Revoke one of the user's own tokens (at once, for every request after)."""
    if token.user_id != by.pk:
        raise PermissionDenied(NOT_YOUR_TOKEN)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@recorded("api_token_used")
def api_token_used(*, token: ApiToken) -> None:
    """Note the token's last use (a plain update: no history entry per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@recorded("idempotent_answer_keep")
def idempotent_answer_keep(
    *, user: AbstractBaseUser, key: str, path: str, status: int, body: Any
) -> None:
    """Keep the answer to a creating request for its idempotency key."""
    IdempotentRequest.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_KEPT).delete()
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                user_id=user.pk, key=key[:200], path=path[:500], status=status, body=body
            )
    except IntegrityError:
        pass  # a concurrent retry kept its answer first


# ------------------------------------------------------------------------------
# Webhooks
# ------------------------------------------------------------------------------
DELIVER_TASK = "api.tasks.webhook_deliver"
WEBHOOK_NO_EVENTS = _("Choose at least one event.")
WEBHOOK_UNKNOWN_EVENT = _("Choose events from the list.")
WEBHOOK_ADDRESS_REFUSED = _(
    "Tandem does not send to this address (it must be reachable on the internet)."
)


@transaction.atomic
@recorded("webhook_create")
def webhook_create(
    *, team: Team, by: AbstractBaseUser, url: str, events: list[str]
) -> tuple[Webhook, str]:
    """A lead registers an address for events; the signing key is returned once."""
    require_lead(team=team, user=by)
    if not events:
        raise ValidationError({"events": WEBHOOK_NO_EVENTS}, code="required")
    if set(events) - set(WebhookEvent.values):
        raise ValidationError({"events": WEBHOOK_UNKNOWN_EVENT}, code="invalid_choice")
    try:
        delivery.check_address(url, allow_private=False)
    except delivery.AddressRefused as exc:
        raise ValidationError({"url": WEBHOOK_ADDRESS_REFUSED}, code="address") from exc
    secret = secrets.token_hex(32)
    webhook = Webhook(team=team, url=url, events=sorted(set(events)), secret=secret)
    webhook.created_by_id = by.pk
    webhook.full_clean(exclude=["team", "created_by"])
    webhook.save()
    return webhook, secret


@transaction.atomic
@recorded("webhook_delete")
def webhook_delete(*, webhook: Webhook, by: AbstractBaseUser) -> None:
    """Stop sending to an address (its deliveries go with it)."""
    require_lead(team=webhook.team, user=by)
    webhook.delete()


def _enqueue(delivery_id: int) -> None:
    jobs.enqueue_on_commit(DELIVER_TASK, delivery_id)


@transaction.atomic
@recorded("webhook_event")
def webhook_event(*, team_id: int, event: str, payload: dict[str, Any]) -> int:
    """Record a delivery for every webhook of the team that wants `event`; sent after commit."""
    count = 0
    for webhook in Webhook.objects.filter(team_id=team_id):
        if event in webhook.events:
            sent = WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
            _enqueue(sent.pk)
            count += 1
    return count


@recorded("webhook_deliver")
def webhook_deliver(*, delivery_id: int) -> bool:
    """Send one delivery (one attempt); True when the receiver answered 2xx."""
    sent = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if sent is None or sent.status == WebhookDelivery.Status.DELIVERED:
        return True
    body = json.dumps(
        {"event": sent.event, "delivery": sent.pk, "data": sent.payload}, sort_keys=True
    ).encode()
    outcome = delivery.post(
        url=sent.webhook.url,
        body=body,
        headers={
            delivery.SIGNATURE_HEADER: delivery.sign(sent.webhook.secret, body),
            "X-Tandem-Event": sent.event,
            "X-Tandem-Delivery": str(sent.pk),
        },
        allow_private=sent.webhook.allow_private,
    )
    sent.attempts += 1
    sent.last_attempt_at = timezone.now()
    sent.response_status = outcome.status
    sent.error = outcome.error
    sent.status = (
        WebhookDelivery.Status.DELIVERED if outcome.delivered else WebhookDelivery.Status.FAILED
    )
    sent.save(update_fields=["attempts", "last_attempt_at", "response_status", "error", "status"])
    return outcome.delivered


@transaction.atomic
@recorded("webhook_delivery_replay")
def webhook_delivery_replay(*, delivery: WebhookDelivery, by: AbstractBaseUser) -> None:
    """Send a delivery again (a lead, from the webhooks page)."""
    require_lead(team=delivery.webhook.team, user=by)
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.save(update_fields=["status"])
    _enqueue(delivery.pk)
