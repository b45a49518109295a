from django.contrib import admin

from outreach.models import Introduction


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    """Read and correct introductions; they are recorded on the case page."""

    list_display = ("introducer", "case", "date", "channel", "outcome", "requested")
    list_filter = ("outcome", "channel", "requested", "case__team")
    search_fields = ("introducer__name", "case__company__legal_name")
    raw_id_fields = ("case", "introducer", "contact")
    readonly_fields = ("created_by", "created_at")
    date_hierarchy = "date"
