"""Forms for needs profiles, statements, regional facts and settings (crispy, Bootstrap 5).

The rules (contradictions, who may do what) live in the services; these forms
parse input and show what the services refuse next to the field it concerns.
"""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.text import capfirst
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
)
from companies.models import SizeClass
from companies.sectors import SECTIONS
from crm.languages import german_active
from crm.models import Team


def _helper(*layout: Any, submit: Any = None) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("save", submit or _("Save"), css_class="mt-2"))
    return helper


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    """Measures labelled in the language of the page."""

    def label_from_instance(self, obj: Any) -> str:
        return capfirst(obj.name_de if german_active() else obj.name_en)


class NeedsProfileForm(forms.ModelForm):
    challenges = forms.MultipleChoiceField(
        label=_("Current challenges"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the company faces now, as far as you know it."),
    )
    measures_offered = MeasureChoiceField(
        label=_("Measures already offered"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = NeedsProfile
        fields = [
            "challenges",
            "no_challenges",
            "other_challenge",
            "measures_offered",
            "offers_other",
            "share_women",
            "share_part_time",
            "local_situation",
        ]
        widgets = {
            "local_situation": forms.Textarea(attrs={"rows": 4}),
            "share_women": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "share_part_time": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        help_texts = {
            "share_women": _("Approximate, if known."),
            "share_part_time": _("Approximate, if known."),
            "local_situation": _(
                "Notes for the team: what is happening around the company right now."
            ),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures_offered"].queryset = Measure.objects.filter(  # type: ignore[attr-defined]
            team=team, is_active=True
        ).order_by("name_de" if german_active() else "name_en")
        self.helper = _helper(
            Fieldset(_("Challenges"), "challenges", "other_challenge", "no_challenges"),
            Fieldset(_("What it already offers"), "measures_offered", "offers_other"),
            Fieldset(
                _("Workforce and place"),
                Row(Column("share_women"), Column("share_part_time")),
                "local_situation",
            ),
        )


class DraftForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the statement"),
        choices=BenefitStatement.Language.choices,
        initial=BenefitStatement.Language.GERMAN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("language", submit=_("Draft statement"))


class StatementEditForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 24}))
    note = forms.CharField(
        label=_("What changed"),
        max_length=200,
        required=False,
        help_text=_("Optional: a short note for the version history."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("text", "note", submit=_("Save new version"))


class RegionalFactForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("Needs it speaks to"),
        choices=[(code, label) for code, label in Need.choices if code != vocabulary.OTHER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RegionalFact
        fields = ["district", "topic", "text_de", "text_en", "needs", "source", "as_of"]
        widgets = {
            "text_de": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("district"), Column("topic")),
            "text_de",
            "text_en",
            "needs",
            Row(Column("source", css_class="col-md-8"), Column("as_of")),
        )


class BenefitSettingsForm(forms.ModelForm):
    class Meta:
        model = BenefitSettings
        fields = ["require_second_person_approval", "region"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("require_second_person_approval", "region")


def _size_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in SizeClass.choices]


def _section_choices() -> list[tuple[str, str]]:
    return [
        (
            section.code,
            f"{section.code} – {section.title_de if german_active() else section.title_en}",
        )
        for section in SECTIONS
    ]


class CatalogueConditionsForm(forms.ModelForm):
    """Where a catalogue entry applies: needs, sectors and sizes; empty means everywhere."""

    needs = forms.MultipleChoiceField(
        label=_("Needs it speaks to"),
        choices=[(code, label) for code, label in Need.choices if code != vocabulary.OTHER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        help_text=_("Empty: every sector."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Size classes"),
        required=False,
        help_text=_("Empty: every size."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = _section_choices()  # type: ignore[attr-defined]
        self.fields["size_classes"].choices = _size_choices()  # type: ignore[attr-defined]


class MeasureForm(CatalogueConditionsForm):
    class Meta:
        model = Measure
        fields = [
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
        widgets = {
            "description_de": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("code", css_class="col-md-4"), Column("name_de"), Column("name_en")),
            "description_de",
            "description_en",
            Row(Column("effort"), Column("cost_band")),
            "needs",
            Row(Column("sectors"), Column("size_classes")),
            "is_active",
        )


class ArgumentForm(CatalogueConditionsForm):
    measures = MeasureChoiceField(
        label=_("Measures it argues for"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BenefitArgument
        fields = [
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
            "region",
            "needs",
            "sectors",
            "size_classes",
            "measures",
            "is_active",
        ]
        widgets = {
            "claim_de": forms.Textarea(attrs={"rows": 2}),
            "claim_en": forms.Textarea(attrs={"rows": 2}),
            "evidence_de": forms.Textarea(attrs={"rows": 2}),
            "evidence_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Measure.objects.filter(team=team)  # type: ignore[attr-defined]
        self.fields["source_url"] = forms.URLField(
            label=self.fields["source_url"].label, required=False, assume_scheme="https"
        )
        self.helper = _helper(
            Row(Column("code", css_class="col-md-4"), Column("figure"), Column("year")),
            "claim_de",
            "claim_en",
            "evidence_de",
            "evidence_en",
            Row(Column("source"), Column("source_title")),
            Row(Column("source_url"), Column("evidence_kind"), Column("region")),
            "needs",
            Row(Column("sectors"), Column("size_classes")),
            "measures",
            "is_active",
        )
