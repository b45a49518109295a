"""The history of every change, and what a team states about its processing (Art. 30)."""

from typing import Any

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LogEntryQuerySetManager(LogEntryManager):
    """django-auditlog's manager, filling in who, for which team and through which action."""

    def log_create(self, instance, force_log: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        from history import recording

        recording.fill_entry_kwargs(instance, kwargs)
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):  # type: ignore[no-untyped-def]
        from history import recording

        recording.fill_entry_kwargs(instance, kwargs)
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class LogEntry(AbstractLogEntry):
    """One change of one record, or one bulk action with its counts.

    Swapped in for django-auditlog's own table (AUDITLOG_LOGENTRY_MODEL) to carry
    the team and the name of the service that made the change.
    """

    # No database constraint: deleting a team must not fail on the entries that
    # its own cascade writes while it runs; the retention job removes them.
    team = models.ForeignKey(
        "crm.Team",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    action_name = models.CharField(_("through"), max_length=80, blank=True)
    # Tells a user deleted since (actor set to NULL) from a job that ran for nobody.
    made_by_user = models.BooleanField(default=False, editable=False)

    objects = LogEntryQuerySetManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [
            models.Index(fields=["team", "-timestamp"], name="history_team_time"),
            models.Index(fields=["content_type", "object_id"], name="history_object"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.actor_id is not None:
            self.made_by_user = True
        super().save(*args, **kwargs)

    @property
    def counts(self) -> dict[str, int]:
        """The counts of a bulk entry ({} for a single record's entry)."""
        return (self.additional_data or {}).get("counts", {})


class ProcessingRecord(models.Model):
    """The free-text parts of a team's record of processing activities (Art. 30 DSGVO)."""

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="processing_record",
        verbose_name=_("team"),
    )
    controller = models.TextField(
        _("controller"),
        blank=True,
        help_text=_("Name and address of the organisation responsible, and its representative."),
    )
    dpo_contact = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Name and contact details of the data protection officer."),
    )
    processors = models.TextField(
        _("recipients and processors"),
        blank=True,
        help_text=_("Hosting, IT service, letter shop … with their contracts (Art. 28 DSGVO)."),
    )
    notes = models.TextField(_("further notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("record of processing activities")
        verbose_name_plural = _("records of processing activities")

    def __str__(self) -> str:
        return str(self.team)
