"""Write actions of the history app: the team's record of processing."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from history.models import ProcessingRecord
from history.recording import recorded

EDITABLE_FIELDS = ("controller", "dpo_contact", "processors", "notes")


def processing_record_for(*, team: Any) -> ProcessingRecord:
    """The team's record of processing, unsaved and empty if it has none yet."""
    return ProcessingRecord.objects.filter(team=team).first() or ProcessingRecord(team=team)


@transaction.atomic
@recorded("processing_record_update")
def processing_record_update(*, team: Any, by: AbstractBaseUser, **fields: str) -> ProcessingRecord:
    """Store the team's free-text answers of its record of processing activities."""
    record, _created = ProcessingRecord.objects.select_for_update().get_or_create(team=team)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(record, name, fields[name].strip())
    record.updated_by = by  # type: ignore[assignment]
    record.full_clean()
    record.save()
    return record
