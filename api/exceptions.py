"""Every refusal as a 4xx with a machine-readable body: {field: [messages]}.

The services raise Django's ValidationError; the codes that mean "the record is not
in the state you assumed" (a stale version, an unmet stage requirement, a second open
case) answer 409, a targeting rule's refusal 422 with its findings.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from outreach import presenting
from outreach.services import OutreachChecked

CONFLICT_CODES = {"stale", "requirements_unmet", "second_open_case", "gone", "duplicate"}
NON_FIELD = "non_field_errors"
PAYLOAD_TOO_LARGE = _("The request is too large.")


def _codes(error: DjangoValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code or "" for errors in error.error_dict.values() for e in errors}
    return {e.code or "" for e in error.error_list}


def validation_body(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: [messages]}."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


def findings_body(refusal: OutreachChecked) -> dict[str, Any]:
    """A targeting refusal: each rule with its explanation and evidence."""
    shown = presenting.findings_for_display(refusal.findings)
    return {
        "findings": [
            {
                "rule": finding.rule_id,
                "blocks": finding.blocks,
                "title": str(display["title"]),
                "explanation": str(display["explanation"]),
                "detail": str(display["detail"]),
                "evidence": finding.evidence,
            }
            for finding, display in zip(refusal.findings, shown, strict=True)
        ]
    }


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        code = (
            status.HTTP_409_CONFLICT
            if _codes(exc) & CONFLICT_CODES
            else status.HTTP_400_BAD_REQUEST
        )
        return Response(validation_body(exc), status=code)
    if isinstance(exc, OutreachChecked):
        return Response(findings_body(exc), status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": str(PAYLOAD_TOO_LARGE)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return exception_handler(exc, context)
