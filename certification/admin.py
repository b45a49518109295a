"""Administration: superusers look up rounds, applications and tandems (read mostly)."""

from django.contrib import admin

from certification.models import (
    Application,
    CertificationSettings,
    Commitment,
    Participant,
    Programme,
    Review,
    Round,
    Tandem,
    TandemMeeting,
)


@admin.register(CertificationSettings)
class CertificationSettingsAdmin(admin.ModelAdmin):
    list_display = ("team", "recertification_years", "certificate_title")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("year", "team", "jury_meets_on")
    list_filter = ("team",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("company", "round", "kind", "decision", "recertification_due")
    list_filter = ("kind", "decision", "team")
    raw_id_fields = ("company", "round")


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("company", "measure", "target_date", "application")
    raw_id_fields = ("company", "application", "measure")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("application", "commitment", "outcome")
    raw_id_fields = ("application", "commitment")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "team", "closing_event_on")


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("company", "programme", "role", "capacity")
    raw_id_fields = ("company", "programme")


@admin.register(Tandem)
class TandemAdmin(admin.ModelAdmin):
    list_display = ("mentor", "mentee", "programme", "status")
    raw_id_fields = ("mentor", "mentee", "programme")


@admin.register(TandemMeeting)
class TandemMeetingAdmin(admin.ModelAdmin):
    list_display = ("tandem", "held_on", "topic")
    raw_id_fields = ("tandem",)
