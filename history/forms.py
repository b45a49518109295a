"""The filters of the team's protocol, and the free text of the record of processing."""

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from history import registration
from history.models import ProcessingRecord
from history.selectors import ProtocolFilters

DATES_REVERSED = _("The end date lies before the start date.")


class ProtocolFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    kind = forms.TypedChoiceField(
        label=_("Kind of record"), required=False, coerce=int, empty_value=None
    )
    action_name = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        action_names: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = ContentType.objects.get_for_models(*registration.domain_models())
        kind_choices = sorted(
            (
                (content_type.pk, capfirst(str(model._meta.verbose_name_plural)))
                for model, content_type in kinds.items()
            ),
            key=lambda choice: str(choice[1]),
        )
        self.fields["actor"].choices = [("", _("Everyone")), *people]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("All records")), *kind_choices]  # type: ignore[attr-defined]
        self.fields["action_name"].choices = [  # type: ignore[attr-defined]
            ("", _("All actions")),
            *((name, name) for name in action_names),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(DATES_REVERSED, code="dates_reversed")
        return data

    def filters(self) -> ProtocolFilters:
        """The chosen filters; none while the form is invalid."""
        if not self.is_valid():
            return ProtocolFilters()
        data = self.cleaned_data
        return ProtocolFilters(
            actor_id=data.get("actor"),
            content_type_id=data.get("kind"),
            action_name=data.get("action_name") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ProcessingRecordForm(forms.ModelForm):
    class Meta:
        model = ProcessingRecord
        fields = ["controller", "dpo_contact", "processors", "notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
