from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outreach.letters.forms import LetterTemplateAdminForm
from outreach.models import (
    Campaign,
    Introduction,
    Letter,
    LetterBatch,
    LetterSettings,
    LetterTemplate,
    OutreachFlag,
    OutreachSettings,
    Touchpoint,
)


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    """Read and correct introductions; they are recorded on the case page."""

    list_display = ("introducer", "case", "date", "channel", "outcome", "requested")
    list_filter = ("outcome", "channel", "requested", "case__team")
    search_fields = ("introducer__name", "case__company__legal_name")
    raw_id_fields = ("case", "introducer", "contact")
    readonly_fields = ("created_by", "created_at")
    date_hierarchy = "date"


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    list_display = ("team", "sender_name", "form", "updated_at")
    readonly_fields = ("updated_by", "updated_at")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Upload a team's template; the same placeholder check as on the team lead's page."""

    form = LetterTemplateAdminForm
    list_display = ("name", "team", "is_active", "created_at")
    list_filter = ("team", "is_active")
    readonly_fields = ("placeholders", "created_by", "created_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.placeholders = getattr(form, "placeholders", obj.placeholders)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("company", "version", "created_at", "created_by")
    list_filter = ("team",)
    raw_id_fields = ("case", "company", "contact", "statement", "touchpoint", "campaign_item")
    readonly_fields = ("created_at",)


@admin.register(LetterBatch)
class LetterBatchAdmin(admin.ModelAdmin):
    list_display = ("campaign", "status", "processed", "total", "created_at")
    list_filter = ("status", "team")
    readonly_fields = ("created_at", "updated_at", "finished_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never edited here: these rows change through outreach.services only
    (which run the targeting rules and keep flags and first contacts right)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Touchpoint)
class TouchpointAdmin(ReadOnlyAdmin):
    list_display = ("company", "channel", "direction", "occurred_on", "by", "warm", "outcome")
    list_filter = ("team", "channel", "direction", "warm", "is_first_outbound", "outcome")
    search_fields = ("company__legal_name", "subject")
    date_hierarchy = "occurred_on"


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "team", "status", "channel", "created_by", "score", "created_at")
    list_filter = ("team", "status", "channel")
    search_fields = ("name",)


@admin.register(OutreachFlag)
class OutreachFlagAdmin(ReadOnlyAdmin):
    list_display = ("rule", "severity", "state", "company", "user", "created_at")
    list_filter = ("team", "rule", "severity", "state")
    search_fields = ("company__legal_name", "note", "override_reason")


@admin.register(OutreachSettings)
class OutreachSettingsAdmin(ReadOnlyAdmin):
    list_display = (
        "team",
        "burst_max_cold_first",
        "burst_days",
        "generic_similarity",
        "updated_at",
    )
