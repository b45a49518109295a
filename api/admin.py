from django.contrib import admin

from api.models import ApiToken, ThanksLetter, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Where an administrator allows a webhook to reach private addresses."""

    list_display = ["url", "team", "allow_private", "created_at"]
    list_filter = ["allow_private"]
    fields = ["team", "url", "events", "allow_private"]
    readonly_fields = ["team", "url", "events"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "team", "read_only", "expires_at", "revoked_at"]
    readonly_fields = ["team", "user", "name", "prefix", "read_only", "expires_at", "revoked_at"]
    exclude = ["token_hash"]


@admin.register(ThanksLetter)
class ThanksLetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "partner", "case", "team", "created_by", "created_at"]
    readonly_fields = ["team", "case", "partner", "created_by"]
