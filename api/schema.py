"""The OpenAPI schema: every operation documents the refusals it can answer with."""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "description": "{field: [messages]}; `non_field_errors` or `detail` for the whole request.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "Invalid input: the fields and their messages.",
    "401": "No valid token or session.",
    "403": "Not a member of a team, a read-only token, or a lead's action.",
    "404": "No such record in your team.",
    "409": "Conflict: a stale version, an unmet stage requirement, a duplicate.",
    "413": "The request is too large.",
    "415": "Send JSON.",
    "429": "Too many requests for this token.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_BODY}},
                },
            )
        return responses


def closed_request_bodies(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Request bodies allow no other fields: the serializers refuse unknown ones."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
