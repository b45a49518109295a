"""Writes of the API app: personal tokens and the answers kept for idempotency keys."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, IdempotentRequest
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
