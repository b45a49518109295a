"""Forms for letters: the case's letter, the team's letterhead, template uploads."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image

from companies.models import Contact
from crm.models import AcquisitionCase
from outreach.letters import compose
from outreach.letters import selectors as letter_selectors
from outreach.models import LetterSettings, LetterTemplate

LOGO_NOT_IMAGE = _("The logo must be a PNG or JPEG image.")
FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
NOT_DOCX = _("Upload a Word document (.docx).")
LOGO_MAX_MB = 2
TEMPLATE_MAX_MB = 10


def _size_check(upload: Any, limit_mb: int) -> None:
    if upload.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(FILE_TOO_LARGE, code="too_large", params={"limit": limit_mb})


class LetterForm(forms.Form):
    """Who the case's letter goes to, on which template, with which subject."""

    contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        label=_("Addressed to"),
        empty_label=_("— no named person (Sehr geehrte Damen und Herren) —"),
    )
    template: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=LetterTemplate.objects.none(),
        required=False,
        label=_("Template"),
        empty_label=_("DIN 5008 letter on the team's letterhead"),
    )
    subject = forms.CharField(max_length=200, required=False, label=_("Subject"))
    override_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason for going ahead despite the warnings"),
    )

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contacts = letter_selectors.contacts_for_letter(case=case)
        field = self.fields["contact"]
        field.queryset = case.company.contacts.filter(  # type: ignore[attr-defined]
            pk__in=[contact.pk for contact in contacts]
        )
        if contacts and "contact" not in self.initial:
            self.initial["contact"] = contacts[0].pk
        self.fields["template"].queryset = letter_selectors.letter_templates_for_team(  # type: ignore[attr-defined]
            team=case.team, active_only=True
        )
        if "subject" not in self.initial:
            settings = letter_selectors.letter_settings_for_team(team=case.team)
            self.initial["subject"] = settings.subject


class LetterSettingsForm(forms.ModelForm):
    remove_logo = forms.BooleanField(required=False, label=_("Remove the logo"))

    class Meta:
        model = LetterSettings
        fields = [
            "sender_name",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "return_address",
            "logo",
            "logo_width_mm",
            "footer",
            "form",
            "subject",
            "privacy_notice",
        ]
        widgets = {
            "footer": forms.Textarea(attrs={"rows": 3}),
            "privacy_notice": forms.Textarea(attrs={"rows": 7}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Sender"),
                "sender_name",
                "street",
                Row(Column("postal_code", css_class="col-md-3"), Column("city")),
                Row(Column("phone"), Column("email"), Column("website")),
                "return_address",
            ),
            Fieldset(
                _("Letterhead"),
                Row(Column("logo"), Column("logo_width_mm", css_class="col-md-3")),
                "remove_logo",
                "footer",
                "form",
            ),
            Fieldset(_("Content"), "subject", "privacy_notice"),
            Submit("save", _("Save"), css_class="mt-2"),
        )

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            _size_check(logo, LOGO_MAX_MB)
            logo.seek(0)
            try:
                image = Image.from_blob(logo.read())
            except (UnrecognizedImageError, ValueError, IndexError) as exc:
                raise forms.ValidationError(LOGO_NOT_IMAGE, code="not_image") from exc
            if image.content_type not in ("image/png", "image/jpeg"):
                raise forms.ValidationError(LOGO_NOT_IMAGE, code="not_image")
            logo.seek(0)
        return logo

    def service_fields(self) -> dict[str, Any]:
        """The fields for `letter_settings_update`: logo is the upload, False to remove it."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        upload = self.files.get("logo")
        data["logo"] = False if self.cleaned_data.get("remove_logo") else upload
        return data


class LetterTemplateUploadForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    file = forms.FileField(
        label=_("DOCX template"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("file")),
            Submit("upload", _("Upload and check"), css_class="mt-1"),
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        _size_check(upload, TEMPLATE_MAX_MB)
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(NOT_DOCX, code="not_docx")
        return upload


class LetterTemplateAdminForm(forms.ModelForm):
    """The admin's form: the same placeholder check as the team lead's upload."""

    class Meta:
        model = LetterTemplate
        fields = ["team", "name", "file", "is_active"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            _size_check(upload, TEMPLATE_MAX_MB)
            upload.seek(0)
            try:
                self.placeholders = compose.template_check(upload.read())
            except compose.TemplateError as exc:
                raise forms.ValidationError(exc.message, code="template") from exc
            upload.seek(0)
        return upload
