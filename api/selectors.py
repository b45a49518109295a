"""Reads of the API app."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from api.models import ApiToken, IdempotentRequest, Webhook, WebhookDelivery
from api.services import IDEMPOTENCY_KEPT, token_hash
from crm.models import Team


def api_tokens_for_user(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """The user's tokens in every team, newest first."""
    return ApiToken.objects.filter(user_id=user.pk).select_related("team")


def api_token_get(*, user: AbstractBaseUser, pk: int) -> ApiToken:
    """One of the user's own tokens, or 404."""
    return get_object_or_404(api_tokens_for_user(user=user), pk=pk)


def api_token_find(*, token: str) -> ApiToken | None:
    """The token row for a presented token (active or not), with its user and team."""
    return (
        ApiToken.objects.select_related("user", "team").filter(token_hash=token_hash(token)).first()
    )


def idempotent_answer(*, user: AbstractBaseUser, key: str, path: str) -> IdempotentRequest | None:
    """The kept answer to an earlier request with this key, if still kept."""
    return IdempotentRequest.objects.filter(
        user_id=user.pk,
        key=key[:200],
        path=path[:500],
        created_at__gte=timezone.now() - IDEMPOTENCY_KEPT,
    ).first()


def webhooks_for_team(*, team: Team) -> QuerySet[Webhook]:
    """The team's webhooks."""
    return Webhook.objects.filter(team=team)


def webhook_get(*, team: Team, pk: int) -> Webhook:
    return get_object_or_404(webhooks_for_team(team=team), pk=pk)


def deliveries_for_team(*, team: Team, limit: int = 50) -> list[WebhookDelivery]:
    """The latest deliveries of the team's webhooks."""
    return list(
        WebhookDelivery.objects.filter(webhook__team=team).select_related("webhook")[:limit]
    )


def delivery_get(*, team: Team, pk: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.filter(webhook__team=team).select_related("webhook__team"), pk=pk
    )
