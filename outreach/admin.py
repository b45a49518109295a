from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outreach.letter_forms import LetterTemplateAdminForm
from outreach.models import Introduction, Letter, LetterBatch, LetterSettings, LetterTemplate


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
