"""Which models the history follows, and which fields it never records."""

from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.db import models

# Every concrete model of these apps is recorded, except the ones below.
DOMAIN_APPS = (
    "crm",
    "companies",
    "benefits",
    "outreach",
    "network",
    "certification",
    "privacy",
    "history",
    "api",
)

# Derived rows, rebuilt from the records that are followed; their history would
# repeat those records' history many times over.
NOT_RECORDED = {
    "history.logentry": "the history itself",
    "companies.matchkey": "blocking keys recomputed from a company's name and address",
    "crm.casestagesummary": "time-in-stage figures recomputed from the stage changes",
    "crm.submissiontoken": "one-time form tokens against double submits (no content)",
    "api.idempotentrequest": "kept answers to retried API requests (no content of their own)",
}

# Never written into the history, on any model: secrets, and what changes on every login.
SECRET_FIELDS = (
    "password",
    "last_login",
    "session_key",
    "session_data",
    "token",
    "otp_secret",
    "secret",
    "api_key",
)


def domain_models() -> list[type[models.Model]]:
    """The models whose every change is recorded."""
    found = [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label_lower not in NOT_RECORDED
    ]
    found.append(apps.get_model(settings.AUTH_USER_MODEL))
    return found


def _excluded_fields(model: type[models.Model]) -> list[str]:
    excluded = []
    for field in model._meta.concrete_fields:
        name = field.name.lower()
        if any(secret in name for secret in SECRET_FIELDS) or getattr(field, "auto_now", False):
            excluded.append(field.name)
    return excluded


def _included_fields(model: type[models.Model]) -> list[str]:
    """The stored fields a person changes: not the id, not reverse relations.

    Without this list the library also diffs a new record's reverse relations
    ("Flags: outreach.OutreachFlag.None") and its id, which the pages would show.
    """
    excluded = set(_excluded_fields(model))
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated and field.name not in excluded
    ]


def register_domain_models() -> None:
    for model in domain_models():
        if not auditlog.contains(model):
            auditlog.register(
                model,
                include_fields=_included_fields(model),
                exclude_fields=_excluded_fields(model),
            )
