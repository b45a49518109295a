"""Administration: administrators maintain the catalogue here; the app shows it read-only."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benefits import vocabulary
from benefits.models import (
    BenefitArgument,
    BenefitSettings,
    BenefitStatement,
    Measure,
    Need,
    NeedsProfile,
    RegionalFact,
    StatementEvent,
    StatementVersion,
)
from companies.models import SizeClass, section_choices

_NEED_CHOICES = [(code, label) for code, label in Need.choices if code != vocabulary.OTHER]


class ConditionsForm(forms.ModelForm):
    """Needs, sectors and sizes as checkboxes instead of raw JSON."""

    needs = forms.MultipleChoiceField(
        label=_("needs"), choices=_NEED_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label=_("sectors"),
        choices=section_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every sector."),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every size."),
    )


class MeasureForm(ConditionsForm):
    class Meta:
        model = Measure
        fields = [
            "team",
            "code",
            "name_de",
            "name_en",
            "description_de",
            "description_en",
            "effort",
            "cost_band",
            "needs",
            "sectors",
            "size_classes",
            "is_active",
        ]


class ArgumentForm(ConditionsForm):
    source_url = forms.URLField(label=_("source URL"), required=False, assume_scheme="https")

    class Meta:
        model = BenefitArgument
        fields = [
            "team",
            "code",
            "claim_de",
            "claim_en",
            "evidence_de",
            "evidence_en",
            "figure",
            "source",
            "source_title",
            "source_url",
            "year",
            "evidence_kind",
            "needs",
            "sectors",
            "size_classes",
            "region",
            "measures",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = getattr(self.instance, "team", None) if self.instance.team_id else None
        if team is not None and "measures" in self.fields:
            # Only the argument's own team's measures.
            self.fields["measures"].queryset = Measure.objects.filter(team=team)  # type: ignore[attr-defined]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = MeasureForm
    list_display = ("name_de", "name_en", "effort", "cost_band", "team", "is_active")
    list_filter = ("team", "effort", "cost_band", "is_active")
    search_fields = ("code", "name_de", "name_en")


@admin.register(BenefitArgument)
class BenefitArgumentAdmin(admin.ModelAdmin):
    form = ArgumentForm
    list_display = (
        "code",
        "figure",
        "source",
        "year",
        "evidence_kind",
        "region",
        "team",
        "is_active",
    )
    list_filter = ("team", "evidence_kind", "region", "year", "is_active")
    search_fields = ("code", "claim_de", "claim_en", "source")
    filter_horizontal = ("measures",)


@admin.register(RegionalFact)
class RegionalFactAdmin(admin.ModelAdmin):
    list_display = ("text_de", "district", "topic", "source", "as_of", "team")
    list_filter = ("team", "topic")
    search_fields = ("text_de", "district", "source")


@admin.register(NeedsProfile)
class NeedsProfileAdmin(admin.ModelAdmin):
    list_display = ("company", "team", "captured_by", "captured_at")
    list_filter = ("team",)
    search_fields = ("company__legal_name",)
    raw_id_fields = ("company", "captured_by")


@admin.register(BenefitSettings)
class BenefitSettingsAdmin(admin.ModelAdmin):
    list_display = ("team", "require_second_person_approval", "region")


class VersionInline(admin.TabularInline):
    model = StatementVersion
    extra = 0
    can_delete = False
    fields = ("number", "author", "created_at", "score", "note")
    readonly_fields = fields


class EventInline(admin.TabularInline):
    model = StatementEvent
    extra = 0
    can_delete = False
    fields = ("kind", "version", "by", "at")
    readonly_fields = fields


@admin.register(BenefitStatement)
class BenefitStatementAdmin(admin.ModelAdmin):
    """Read-only: statements change through the app, which keeps versions and history."""

    list_display = ("company", "status", "language", "version", "score", "copy_warning", "team")
    list_filter = ("team", "status", "language", "copy_warning")
    search_fields = ("company__legal_name",)
    exclude = ("masked_text", "fingerprint")
    inlines = [VersionInline, EventInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
