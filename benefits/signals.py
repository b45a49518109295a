"""Signal receivers of the benefits app.

Every team needs the benefit catalogue to draft statements. Teams are created
in crm (the admin, `seed_demo`, factories in tests, scripts, benchmarks), and
crm must not have to know about this app; a receiver here catches every
creation, whoever made it. Teams that existed before the catalogue got it from
data migration 0002.
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from benefits import services
from crm.models import Team


@receiver(post_save, sender=Team, dispatch_uid="benefits.team_catalogue")
def team_catalogue_on_create(
    sender: type[Team], instance: Team, created: bool, raw: bool, **kwargs: Any
) -> None:
    # `raw`: fixtures bring their own catalogue rows.
    if created and not raw:
        services.catalogue_install(team=instance)
