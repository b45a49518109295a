from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from crm.forms import StageAdminForm
from crm.models import (
    AcquisitionCase,
    LostReason,
    Membership,
    Partnership,
    Pipeline,
    Stage,
    StageChange,
    Team,
    UserPreferences,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    raw_id_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "region", "second_factor_required", "created_at")
    search_fields = ("name", "region")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "role", "joined_at")
    list_filter = ("team", "role")
    search_fields = ("user__username", "team__name")
    raw_id_fields = ("user",)


class StageInline(admin.TabularInline):
    model = Stage
    form = StageAdminForm
    extra = 0
    ordering = ("position",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Changing the kind of a stage with cases in it would break their state.
        return ("kind",) if obj is not None and obj.cases.exists() else ()


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "is_default", "position")
    list_filter = ("team",)
    inlines = [StageInline]


@admin.register(LostReason)
class LostReasonAdmin(admin.ModelAdmin):
    list_display = ("name_de", "name_en", "team", "position", "is_active")
    list_filter = ("team", "is_active")
    list_editable = ("position", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases and their history change only through the pipeline's services (and pages)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_stage", "to_stage", "changed_by", "lost_reason", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AcquisitionCase)
class AcquisitionCaseAdmin(ReadOnlyAdmin):
    list_display = ("company", "pipeline", "stage", "owner", "source", "opened_at", "closed_at")
    list_filter = ("team", "pipeline", "stage__kind", "source")
    search_fields = ("company__legal_name",)
    list_select_related = ("company", "pipeline", "stage", "owner")
    inlines = [StageChangeInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("company", "kind", "started_on", "recertification_due", "team")
    list_filter = ("team", "kind")
    search_fields = ("company__legal_name",)
    raw_id_fields = ("company", "case")


@admin.register(UserPreferences)
class UserPreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "digest_enabled", "digest_sent_on")
    list_filter = ("language", "digest_enabled")
    raw_id_fields = ("user",)
