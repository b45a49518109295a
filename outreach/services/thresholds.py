"""A team's outreach settings: the thresholds of the targeting rules."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from crm import jobs
from crm.access import require_lead
from crm.models import Team
from crm.records import fields_assign
from history.recording import recorded
from outreach import facts, quality
from outreach.models import OutreachSettings

# The task that judges a team's outreach again, by its registered name. The task
# calls the re-evaluation service, so the services name the task rather than import
# it: the dependency runs one way, from the task to the services.
FLAGS_REEVALUATE_TASK = "outreach.tasks.flags_reevaluate"


def _enqueue_reevaluation(team: Team) -> None:
    jobs.enqueue_on_commit(FLAGS_REEVALUATE_TASK, team.pk)


@transaction.atomic
@recorded("outreach_settings_update")
def outreach_settings_update(
    *, team: Team, by: AbstractBaseUser, **fields: Any
) -> OutreachSettings:
    """Change a team's thresholds (leads only); the team's flags are then re-evaluated."""
    require_lead(team=team, user=by)
    settings, _created = OutreachSettings.objects.select_for_update().get_or_create(team=team)
    names = quality.Thresholds.__dataclass_fields__
    unknown = set(fields) - set(names)
    if unknown:
        raise ValueError(f"unknown thresholds: {sorted(unknown)}")
    fields_assign(settings, fields)
    try:
        facts.thresholds_for(settings).validate()
    except quality.ThresholdError as error:
        raise ValidationError(
            {
                name: ValidationError(gettext(message), code="invalid")
                for name, message in error.errors.items()
            }
        ) from error
    settings.updated_by_id = by.pk
    settings.save()
    _enqueue_reevaluation(team)
    return settings
