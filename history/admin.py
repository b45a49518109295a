"""The history in the admin: read only, for everyone (django-auditlog's own admin)."""

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.http import HttpRequest

from history.models import LogEntry, ProcessingRecord

# django-auditlog registers its admin for the swapped model (ours); it allows no
# adding or changing. Deleting is for the retention and erasure services only.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class HistoryEntryAdmin(LogEntryAdmin):
    list_filter = ["action", "team"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ProcessingRecord)
class ProcessingRecordAdmin(admin.ModelAdmin):
    list_display = ["team", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
