"""Forms for companies, contacts and partners (crispy, Bootstrap 5)."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact, NetworkPartner
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
        )


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
            "notes",
        ]
        widgets = {
            "objected_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
