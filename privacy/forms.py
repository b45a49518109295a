"""The retention policy and the legal hold."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from privacy.models import RetentionHold, RetentionPolicy

# Zero would erase a record on the day it is made; ten years is the longest a
# record here has to be kept (business letters, § 257 HGB / § 147 AO).
LIMITS = {"contact_months": 120, "case_years": 10, "file_months": 120, "history_years": 10}


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = list(LIMITS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, most in LIMITS.items():
            field = self.fields[name]
            field.widget.attrs.update(min=1, max=most)
            field.validators += [MinValueValidator(1), MaxValueValidator(most)]


class RetentionHoldForm(forms.Form):
    kind = forms.ChoiceField(choices=RetentionHold.Kind.choices, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for keeping it"),
        max_length=300,
        help_text=_("For example a pending dispute or a funder's audit."),
    )
