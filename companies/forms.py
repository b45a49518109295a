"""Forms for companies, contacts and partners (crispy, Bootstrap 5)."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from companies import importing, tabular
from companies.models import Company, Contact, NetworkPartner, Tie
from companies.services import KEEP_BOTH, KEEP_MERGED, KEEP_SURVIVOR, MERGE_COMBINABLE, MERGE_FIELDS
from companies.widgets import company_picker, partner_picker
from crm.models import Team


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # "example.de" typed into a website field means https, as Django 6 will assume.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def _helper(*layout: Any) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("save", _("Save"), css_class="mt-2"))
    return helper


def confirmed_distinct_ids(request: HttpRequest) -> set[int]:
    """The possible duplicates the user saw and confirmed as different companies.

    Shared by every form with the duplicate check (company, referral).
    """
    if request.POST.get("confirm_new") != "1":
        return set()
    return {int(value) for value in request.POST.getlist("distinct_from") if value.isdigit()}


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        formfield_callback = _formfield
        fields = [
            "legal_name",
            "legal_form",
            "street",
            "postal_code",
            "city",
            "district",
            "sector_division",
            "sector_section",
            "employees",
            "size_class",
            "website",
            "phone",
            "email",
            "notes",
            "presumed_consent_reason",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{5}"}),
        }
        help_texts = {
            "sector_section": _("Filled in from the division when you choose one."),
            "size_class": _("Filled in from the number of employees when you enter it."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                _("Company"),
                Row(Column("legal_name", css_class="col-md-8"), Column("legal_form")),
            ),
            Fieldset(
                _("Address"),
                "street",
                Row(
                    Column("postal_code", css_class="col-md-3"), Column("city"), Column("district")
                ),
            ),
            Fieldset(
                _("Sector and size"),
                Row(Column("sector_division"), Column("sector_section")),
                Row(Column("employees"), Column("size_class")),
            ),
            Fieldset(
                _("Contact details"),
                Row(Column("website"), Column("phone"), Column("email")),
                "notes",
            ),
            Fieldset(_("Outreach"), "presumed_consent_reason"),
        )
        # The template draws the <form>: possible duplicates are shown inside it.
        self.helper.form_tag = False


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "salutation",
            "title",
            "first_name",
            "last_name",
            "role",
            "position",
            "email",
            "phone",
            "legal_basis",
            "do_not_contact",
            "objected_at",
            "email_consent_on",
            "presumed_consent_reason",
            "notes",
        ]
        widgets = {
            "objected_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "email_consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("salutation", css_class="col-md-3"),
                Column("title", css_class="col-md-2"),
                Column("first_name"),
                Column("last_name"),
            ),
            Row(Column("role"), Column("position")),
            Row(Column("email"), Column("phone")),
            Fieldset(
                _("Data protection"),
                Row(Column("legal_basis"), Column("objected_at")),
                "do_not_contact",
                Row(Column("email_consent_on"), Column("presumed_consent_reason")),
            ),
            "notes",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("salutation") == Contact.Salutation.NEUTRAL and not cleaned.get(
            "first_name"
        ):
            # "Guten Tag Alex Weber" needs the first name.
            self.add_error(
                "first_name",
                forms.ValidationError(
                    _("A neutral salutation needs the first name."), code="first_name_required"
                ),
            )
        for name in ("email_consent_on", "objected_at"):
            day = cleaned.get(name)
            if day is not None and day > timezone.localdate():
                self.add_error(
                    name,
                    forms.ValidationError(_("This date cannot lie in the future."), code="future"),
                )
        return cleaned


class NetworkPartnerForm(forms.ModelForm):
    class Meta:
        model = NetworkPartner
        formfield_callback = _formfield
        fields = [
            "kind",
            "name",
            "person_name",
            "position",
            "company",
            "email",
            "phone",
            "website",
            "street",
            "postal_code",
            "city",
            "district",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{5}"}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the team's own companies may be linked.
        self.fields["company"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            team=team
        ).only("id", "legal_name", "legal_form")
        self.helper = _helper(
            Row(Column("kind", css_class="col-md-4"), Column("name")),
            Row(Column("person_name"), Column("position")),
            "company",
            Row(Column("email"), Column("phone"), Column("website")),
            "street",
            Row(Column("postal_code", css_class="col-md-3"), Column("city"), Column("district")),
            "notes",
        )


class CompanyMergeForm(forms.Form):
    """For each field where two companies differ: whose value survives."""

    def __init__(self, *args: Any, survivor: Company, merged: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        for name in MERGE_FIELDS:
            kept, other = _display(survivor, name), _display(merged, name)
            if getattr(survivor, name) == getattr(merged, name):
                self.rows.append({"label": _label(name), "survivor": kept, "merged": other})
                continue
            choices: list[tuple[str, Any]] = [
                (KEEP_SURVIVOR, kept or "—"),
                (KEEP_MERGED, other or "—"),
            ]
            if name in MERGE_COMBINABLE:
                choices.append((KEEP_BOTH, _("Keep both")))
            if name in MERGE_COMBINABLE and kept and other:
                initial = KEEP_BOTH
            else:
                # An empty value never wins over a filled one.
                initial = KEEP_MERGED if not getattr(survivor, name) and other else KEEP_SURVIVOR
            self.fields[name] = forms.ChoiceField(
                label=_label(name),
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.rows.append(
                {"label": _label(name), "field": self[name], "survivor": kept, "merged": other}
            )

    def field_choices(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields}


def _label(name: str) -> str:
    return capfirst(str(Company._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def _display(company: Company, name: str) -> str:
    value = getattr(company, name)
    display = getattr(company, f"get_{name}_display", None)
    if display is not None and value:
        return str(display())
    return "" if value is None else str(value)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One company per row, with a header row. CSV with ; or , (UTF-8 or as Excel "
            "saves it) or .xlsx, up to %(limit)s MB."
        ) % {"limit": tabular.MAX_BYTES // (1024 * 1024)}


class ImportMappingForm(forms.Form):
    """One select per field the import can fill, listing the file's columns."""

    NOT_IMPORTED = ""

    def __init__(self, *args: Any, columns: list[str], mapping: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(self.NOT_IMPORTED, _("— not imported —"))] + [
            (str(index), title) for index, title in enumerate(columns)
        ]
        for target in importing.TARGETS:
            initial = mapping.get(target.key)
            self.fields[target.key] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=False,
                initial="" if initial is None else str(initial),
            )
        self.fields["legal_name"].required = True
        self.fields["legal_name"].error_messages["required"] = importing.NAME_REQUIRED

    def mapping(self) -> dict[str, int]:
        return {
            key: int(value)
            for key, value in self.cleaned_data.items()
            if value not in (None, self.NOT_IMPORTED)
        }

    def company_fields(self) -> list[forms.BoundField]:
        return [self[t.key] for t in importing.TARGETS if not t.contact]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[t.key] for t in importing.TARGETS if t.contact]


class ImportStartForm(forms.Form):
    import_duplicates = forms.BooleanField(
        label=_("Also import the rows that match an existing company, as new companies"),
        required=False,
    )


class TieForm(forms.ModelForm):
    """A tie, entered from the partner's page or from the company's."""

    class Meta:
        model = Tie
        fields = ["partner", "company", "kind", "strength", "source", "last_interaction"]
        widgets = {
            "last_interaction": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "strength": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "partner": partner_picker(),
            "company": company_picker(),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the team's own partners and companies may be linked.
        self.fields["partner"].queryset = NetworkPartner.objects.filter(  # type: ignore[attr-defined]
            team=team
        )
        self.fields["company"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            team=team
        ).only("id", "legal_name", "legal_form")
        self.helper = _helper(
            Row(Column("partner"), Column("company")),
            Row(Column("kind"), Column("strength", css_class="col-md-2")),
            Row(Column("source"), Column("last_interaction", css_class="col-md-3")),
        )
