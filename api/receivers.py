"""Webhook events from the other apps' model signals (no service of theirs is edited)."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from api import services
from api.models import WebhookEvent
from companies.models import NetworkPartner
from crm.models import Stage, StageChange
from outreach.models import Introduction


def _after_commit(team: Callable[[], int], event: str, payload: dict[str, Any]) -> None:
    # After the change is committed: a rolled-back move sends nothing, and the
    # change's own transaction (and its query count) stays as it was.
    transaction.on_commit(
        lambda: services.webhook_event(team_id=team(), event=event, payload=payload)
    )


@receiver(post_save, sender=StageChange, dispatch_uid="api.webhook_stage_change")
def stage_changed(sender: Any, instance: StageChange, created: bool, raw: bool, **kw: Any) -> None:
    if not created or raw or instance.from_stage_id is None:
        return
    case = instance.case  # the service's own object, with its team id
    payload = {
        "case": case.pk,
        "company": case.company_id,
        "from_stage": instance.from_stage_id,
        "to_stage": instance.to_stage_id,
        "changed_at": instance.changed_at.isoformat(),
    }
    _after_commit(lambda: case.team_id, WebhookEvent.CASE_STAGE_CHANGED, payload)
    kind = instance.to_stage.kind
    if kind == Stage.Kind.WON:
        _after_commit(lambda: case.team_id, WebhookEvent.CASE_WON, payload)
    elif kind == Stage.Kind.LOST:
        _after_commit(lambda: case.team_id, WebhookEvent.CASE_LOST, payload)


@receiver(post_save, sender=Introduction, dispatch_uid="api.webhook_introduction")
def introduction_recorded(
    sender: Any, instance: Introduction, created: bool, raw: bool, **kw: Any
) -> None:
    if created and not raw:
        _after_commit(
            lambda: instance.case.team_id,
            WebhookEvent.INTRODUCTION_RECORDED,
            {"introduction": instance.pk, "case": instance.case_id},
        )


@receiver(post_save, sender=NetworkPartner, dispatch_uid="api.webhook_partner")
def partner_created(
    sender: Any, instance: NetworkPartner, created: bool, raw: bool, **kw: Any
) -> None:
    if created and not raw:
        _after_commit(
            lambda: instance.team_id,
            WebhookEvent.PARTNER_CREATED,
            {"partner": instance.pk, "name": instance.name},
        )
