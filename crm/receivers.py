"""Signal receivers of the pipeline.

A team without a pipeline would have a broken board and could not open a case.
`crm.services.team_create` gives every team its defaults, but Team rows are
also made where no service runs: the admin, factories in tests, scripts and the
benchmarks. Catching every creation here keeps "every team has a pipeline" true
without trusting each caller; the service it calls is idempotent.
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from crm import services
from crm.models import Team


@receiver(post_save, sender=Team, dispatch_uid="crm.team_defaults")
def team_defaults_on_create(
    sender: type[Team], instance: Team, created: bool, raw: bool, **kwargs: Any
) -> None:
    # `raw`: fixtures load whole databases, pipelines included.
    if created and not raw:
        services.team_defaults_ensure(team=instance)
