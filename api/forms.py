from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api import thanks_letter
from api.models import WebhookEvent


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Newsletter”.")
    )
    expires_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        initial=True,
        help_text=_("Without this the token may also change records, as you could."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"expires_on": timezone.localdate() + timedelta(days=90)})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"), max_length=500, assume_scheme="https", help_text=_("https://…")
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )


class ReferralForm(forms.Form):
    """The partner's recommendation (German first: partners are German organisations)."""

    company = forms.CharField(label=_("Company"), max_length=200)
    town = forms.CharField(label=_("Town"), max_length=100)
    contact_name = forms.CharField(
        label=_("Contact person (optional)"), max_length=200, required=False
    )
    contact_agreed = forms.BooleanField(
        label=_("The contact person agreed that we get in touch."), required=False
    )
    why = forms.CharField(
        label=_("Why this company?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    will_introduce = forms.BooleanField(label=_("I will introduce you."), required=False)
    # A honeypot: hidden from people, filled in by bots.
    homepage = forms.CharField(required=False, label=_("Leave empty"))


class ThanksLetterForm(forms.Form):
    """The suggested thank-you letter, for staff to change before it is made."""

    subject = forms.CharField(label=_("Subject"), max_length=thanks_letter.SUBJECT_MAX)
    salutation = forms.CharField(
        label=_("Salutation"),
        max_length=thanks_letter.SALUTATION_MAX,
        help_text=_("With its comma, e.g. “Liebe Frau Schulz,”."),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=thanks_letter.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paragraphs are separated by a blank line. The closing and your name are added."
        ),
    )
