"""Every team gets the default expert topics when it is created (existing ones: migration 0002)."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from crm.models import Team
from network import services


@receiver(post_save, sender=Team, dispatch_uid="network.team_topics")
def team_topics_on_create(
    sender: type[Team], instance: Team, created: bool, raw: bool, **kwargs: Any
) -> None:
    if created and not raw:
        services.topics_install(team=instance)
