"""Forms of certification and mentoring (crispy, Bootstrap 5)."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from benefits.models import Measure
from certification import selectors
from certification.models import Application, Participant, Review
from companies.models import Company
from companies.widgets import company_picker
from crm.forms import DateInput
from crm.languages import german_active
from crm.models import Team
from outreach.models import LetterTemplate

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _helper(*layout: Any, submit: Any = None) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("save", submit or _("Save"), css_class="mt-2"))
    return helper


class MeasureChoiceField(forms.ModelChoiceField):
    """Measures labelled in the language of the page."""

    def label_from_instance(self, obj: Any) -> str:
        return capfirst(obj.name_de if german_active() else obj.name_en)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Year"), **kwargs)


class SettingsForm(forms.Form):
    recertification_years = forms.IntegerField(
        label=_("Years until re-certification"), min_value=1, max_value=10
    )
    certificate_title = forms.CharField(label=_("Title of the certificate"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("recertification_years"), Column("certificate_title")))


class RoundForm(forms.Form):
    year = YearField()
    jury_meets_on = forms.DateField(label=_("Jury meets on"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("year"), Column("jury_meets_on")), "notes")


class ApplicationForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), widget=company_picker()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Application.Kind.choices)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = selectors.companies_for_team(team=team)  # type: ignore[attr-defined]
        self.helper = _helper(
            "company", Row(Column("kind"), Column("received_on")), submit=_("Record application")
        )


class CommitmentForm(forms.Form):
    measure = MeasureChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = selectors.measures_for_team(team=team)  # type: ignore[attr-defined]
        self.helper = _helper(
            Row(Column("measure", css_class="col-md-8"), Column("target_date")),
            "notes",
            submit=_("Add commitment"),
        )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Review.Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(v, label) for v, label in Application.Decision.choices if v],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for a certificate with conditions."),
    )
    decision_notes = forms.CharField(
        label=_("Reasons of the jury"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "decision", "decided_on", "conditions", "decision_notes", submit=_("Record decision")
        )


class DocumentForm(forms.Form):
    """Which team template a document is filled into (none: the standard layout)."""

    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=LetterTemplate.objects.none(),
        required=False,
        empty_label=_("Standard layout"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = LetterTemplate.objects.filter(team=team, is_active=True)  # type: ignore[attr-defined]


class ProgrammeForm(forms.Form):
    year = YearField()
    name = forms.CharField(label=_("Name"), max_length=200)
    closing_event_on = forms.DateField(label=_("Closing event"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("year"), Column("name", css_class="col-md-6"), Column("closing_event_on"))
        )


class ParticipantForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), widget=company_picker()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("How many mentees a mentor takes on."),
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = selectors.companies_for_team(team=team)  # type: ignore[attr-defined]
        self.helper = _helper(
            Row(Column("company", css_class="col-md-6"), Column("role"), Column("capacity")),
            submit=_("Add to the programme"),
        )


class TandemForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Company.objects.none())
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Company.objects.none())
    explanation = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("mentor", "mentee"):
            self.fields[name].queryset = selectors.companies_for_team(team=team)  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("held_on"), Column("topic", css_class="col-md-8")),
            "notes",
            submit=_("Record meeting"),
        )


class GoalsForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("goals", submit=_("Save goals"))


class FinishForm(forms.Form):
    finished_on = forms.DateField(label=_("Finished on"), required=False, widget=DateInput())
    mentor_takeaways = forms.CharField(
        label=_("What the mentor took away"), widget=forms.Textarea(attrs={"rows": 3})
    )
    mentee_takeaways = forms.CharField(
        label=_("What the mentee took away"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "finished_on",
            Row(Column("mentor_takeaways"), Column("mentee_takeaways")),
            submit=_("Finish the tandem"),
        )
