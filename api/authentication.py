"""Personal tokens in the Authorization header (`Bearer <token>` or `Token <token>`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from api import selectors, services
from crm.models import Membership

KEYWORDS = (b"bearer", b"token")
TOKEN_MALFORMED = _("Send the token as: Authorization: Bearer <token>.")
TOKEN_INVALID = _("This token is unknown, expired or revoked.")
TOKEN_NO_TEAM = _("The token's user is no longer a member of its team.")


class ApiTokenAuthentication(BaseAuthentication):
    """The user of an active token, acting in the team the token was made in."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(TOKEN_MALFORMED)
        try:
            presented = words[1].decode()
        except UnicodeError as exc:
            raise AuthenticationFailed(TOKEN_MALFORMED) from exc
        token = selectors.api_token_find(token=presented)
        if token is None or not token.is_active or not token.user.is_active:
            raise AuthenticationFailed(TOKEN_INVALID)
        membership = (
            Membership.objects.select_related("team")
            .filter(team=token.team, user=token.user)
            .first()
        )
        if membership is None:
            raise AuthenticationFailed(TOKEN_NO_TEAM)
        services.api_token_used(token=token)
        token.membership = membership  # type: ignore[attr-defined]
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": str(_("A personal API token."))}
