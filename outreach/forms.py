"""Forms for introductions and referrals (crispy, Bootstrap 5)."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact, NetworkPartner, SizeClass, section_choices
from companies.widgets import company_picker, partner_picker
from crm.models import AcquisitionCase, Pipeline, Team
from outreach import quality
from outreach.models import (
    Campaign,
    CampaignItem,
    Introduction,
    LetterTemplate,
    OutreachSettings,
    Touchpoint,
)

COMPANY_REQUIRED = _("Choose an existing company or enter the name of a new one.")
PLACE_REQUIRED = _("Enter the city or the postal code, so the company can be told apart.")
SALUTATION_REQUIRED = _(
    "Choose how the person is addressed: Frau, Herr, or neutral with first and last name."
)


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Introduction
        fields = [
            "introducer",
            "contact",
            "date",
            "channel",
            "introducer_agreed_to_be_named",
            "company_agreed_to_contact",
            "outcome",
            "note",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "introducer": partner_picker(),
        }

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["introducer"].queryset = NetworkPartner.objects.filter(  # type: ignore[attr-defined]
            team_id=case.team_id
        )
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            company_id=case.company_id
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("introducer"), Column("contact")),
            Row(Column("date"), Column("channel"), Column("outcome")),
            "introducer_agreed_to_be_named",
            "company_agreed_to_contact",
            "note",
            Submit("save", _("Save"), css_class="mt-2"),
        )


class IntroductionOutcomeForm(forms.ModelForm):
    """What became of an introduction, recorded when it is known."""

    class Meta:
        model = Introduction
        fields = ["outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("outcome", "note", Submit("save", _("Save"), css_class="mt-2"))


class ReferralForm(forms.Form):
    """Partner X recommends company Y, in one short form."""

    partner = forms.ModelChoiceField(
        queryset=NetworkPartner.objects.none(), label=_("Partner"), widget=partner_picker()
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        widget=company_picker(),
        label=_("Existing company"),
        help_text=_("Pick it if the company is on record already; otherwise enter it below."),
    )
    legal_name = forms.CharField(max_length=200, required=False, label=_("Company name"))
    postal_code = forms.CharField(max_length=5, required=False, label=_("Postal code"))
    city = forms.CharField(max_length=100, required=False, label=_("City"))
    contact_first_name = forms.CharField(max_length=100, required=False, label=_("First name"))
    contact_last_name = forms.CharField(
        max_length=100, required=False, label=_("Contact person (last name)")
    )
    # No default: a letter greets the person as chosen here, and "Guten Tag Petra
    # Meißner" is only right for someone who asked for the neutral form.
    contact_salutation = forms.ChoiceField(
        choices=[("", _("— choose —")), *Contact.Salutation.choices],
        required=False,
        label=_("Salutation"),
    )
    contact_role = forms.ChoiceField(
        choices=Contact.Role.choices, initial=Contact.Role.OWNER, label=_("Role")
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Note")
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = NetworkPartner.objects.filter(team=team)  # type: ignore[attr-defined]
        self.fields["company"].queryset = Company.objects.filter(team=team).only(  # type: ignore[attr-defined]
            "id", "legal_name", "legal_form"
        )
        self.helper = FormHelper()
        # The page wraps the form: the duplicate warning goes inside it.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "partner",
            Fieldset(
                _("Company"),
                "company",
                "legal_name",
                Row(Column("postal_code", css_class="col-md-3"), Column("city")),
            ),
            Fieldset(
                _("Contact person (optional)"),
                Row(
                    Column("contact_salutation", css_class="col-md-3"),
                    Column("contact_first_name"),
                    Column("contact_last_name"),
                    Column("contact_role"),
                ),
            ),
            "note",
            Submit("save", _("Record the referral"), css_class="mt-2"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("company"):
            if not data.get("legal_name", "").strip():
                self.add_error(
                    "legal_name", forms.ValidationError(COMPANY_REQUIRED, code="required")
                )
            elif not (data.get("city", "").strip() or data.get("postal_code", "").strip()):
                self.add_error("city", forms.ValidationError(PLACE_REQUIRED, code="required"))
        if data.get("contact_last_name", "").strip() and not data.get("contact_salutation"):
            self.add_error(
                "contact_salutation",
                forms.ValidationError(SALUTATION_REQUIRED, code="salutation_required"),
            )
        return data

    def company_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "legal_name": data["legal_name"].strip(),
            "postal_code": data["postal_code"].strip(),
            "city": data["city"].strip(),
        }

    def contact_fields(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data["contact_last_name"].strip():
            return None
        return {
            "first_name": data["contact_first_name"].strip(),
            "last_name": data["contact_last_name"].strip(),
            "salutation": data["contact_salutation"],
            "role": data["contact_role"],
        }


class TouchpointForm(forms.ModelForm):
    """Quick logging of a contact from the case page."""

    class Meta:
        model = Touchpoint
        fields = [
            "channel",
            "direction",
            "occurred_on",
            "contact",
            "introduction",
            "subject",
            "text",
            "outcome",
            "solicited",
            "override_reason",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
            "override_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"text": _("What was said or written; for letters and emails the text.")}

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            company_id=case.company_id
        )
        self.fields["introduction"].queryset = Introduction.objects.filter(  # type: ignore[attr-defined]
            case=case, requested=False
        ).select_related("introducer")
        self.fields["introduction"].help_text = _("If this contact came about through it.")
        self.fields["override_reason"].help_text = _(
            "Only needed when the checks warn: why this contact is right anyway."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("channel"), Column("direction"), Column("occurred_on")),
            Row(Column("contact"), Column("introduction")),
            "subject",
            "text",
            Row(Column("outcome"), Column("solicited")),
        )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "purpose", "channel", "template", "subject", "text"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = LetterTemplate.objects.filter(  # type: ignore[attr-defined]
            team=team, is_active=True
        )
        self.fields["text"].label = _("Common text (the body of the letter)")
        self.fields["text"].help_text = _(
            "The body only, without salutation or closing: each letter opens with the "
            "salutation to its contact person (“Sehr geehrter Herr Kühn,”) and ends with "
            "“Mit freundlichen Grüßen” and your name. {company}, {contact} and {city} are "
            "filled in. Cases with their own benefit statement get that instead."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("channel"), Column("template")),
            "purpose",
            "subject",
            "text",
            Submit("save", _("Save"), css_class="mt-2"),
        )


class CampaignItemForm(forms.ModelForm):
    class Meta:
        model = CampaignItem
        fields = ["contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            company_id=self.instance.case.company_id
        )
        self.fields["text"].help_text = _(
            "The body only: the letter adds the salutation to the contact person and the closing."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout("contact", "text", Submit("save", _("Save"), css_class="mt-2"))


class FlagResolveForm(forms.Form):
    ACKNOWLEDGE = "acknowledge"
    DISMISS = "dismiss"

    action = forms.ChoiceField(
        choices=[(ACKNOWLEDGE, _("Acknowledge")), (DISMISS, _("Dismiss"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        max_length=1000,
        label=_("Note"),
        widget=forms.TextInput(attrs={"placeholder": _("Why, in a few words")}),
    )


class FlagBulkForm(forms.Form):
    """Acknowledge or dismiss the flags ticked in the review queue, with one note.

    The button pressed names the action; the service checks the flags (team,
    open, not blocking) and refuses all of them if one cannot be answered.
    """

    action = forms.ChoiceField(
        choices=[
            (FlagResolveForm.ACKNOWLEDGE, _("Acknowledge")),
            (FlagResolveForm.DISMISS, _("Dismiss")),
        ]
    )
    flags = forms.TypedMultipleChoiceField(coerce=int, required=False)
    note = forms.CharField(
        max_length=1000,
        label=_("Note for all ticked flags"),
        widget=forms.TextInput(attrs={"placeholder": _("Why, in a few words")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["class"] = "form-control form-control-sm"
        # Any number is accepted here; the service keeps to the team's own flags.
        posted = self.data.getlist("flags") if hasattr(self.data, "getlist") else []
        self.fields["flags"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in posted if str(value).isdigit() and len(str(value)) < 12
        ]


class OutreachSettingsForm(forms.ModelForm):
    class Meta:
        model = OutreachSettings
        fields = list(quality.Thresholds.__dataclass_fields__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Preparation and warm paths"),
                Row(Column("needs_profile_max_age_days")),
                Row(Column("strong_tie_min_strength"), Column("strong_tie_max_age_days")),
            ),
            Fieldset(
                _("Generic texts"),
                Row(
                    Column("generic_similarity"),
                    Column("generic_window_days"),
                    Column("generic_min_words"),
                ),
                Row(Column("campaign_generic_max_percent"), Column("campaign_generic_min_letters")),
            ),
            Fieldset(
                _("Volume"),
                Row(Column("burst_max_cold_first"), Column("burst_days")),
                Row(Column("template_max_companies"), Column("template_window_days")),
            ),
            Fieldset(_("Repeated letters"), Row(Column("repeat_contact_days"))),
            Submit("save", _("Save and check again"), css_class="mt-2"),
        )


class PipelineTargetForm(forms.Form):
    """A pipeline's target group, on the thresholds page (rule 5, poor fit)."""

    size_classes = forms.MultipleChoiceField(
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Size classes"),
    )
    sections = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        label=_("Sectors (WZ sections)"),
    )
    districts = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Districts"),
        help_text=_("Separated by commas, e.g. Leipzig, Landkreis Leipzig. Empty: any."),
    )

    def __init__(self, *args: Any, pipeline: Pipeline, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "size_classes": pipeline.target_size_classes,
                "sections": pipeline.target_sections,
                "districts": ", ".join(pipeline.target_districts or []),
            },
        )
        kwargs["prefix"] = f"pipeline-{pipeline.pk}"
        super().__init__(*args, **kwargs)
        self.pipeline = pipeline
        self.fields["sections"].choices = section_choices()  # type: ignore[attr-defined]

    def clean_districts(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["districts"].split(",") if part.strip()]


class TouchpointOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Touchpoint.Outcome.choices, required=False)
