"""Forms of the network pages (crispy); the services check the rules again."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact
from companies.widgets import PickerSelect
from crm.forms import DateInput
from crm.models import PartnerPerson, Partnership, Team
from network import invitations
from network.models import Event, Topic


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _helper(*layout: Any, submit: Any = None) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("save", submit or _("Save"), css_class="mt-2"))
    return helper


def _team_companies(team: Team) -> Any:
    return Company.objects.filter(team=team).only("id", "legal_name", "legal_form")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "theme",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "host",
            "capacity",
            "description",
            "registration_open",
        ]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "host": PickerSelect("companies:suggest"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = _team_companies(team)  # type: ignore[attr-defined]
        self.helper = _helper(
            Row(Column("kind", css_class="col-md-4"), Column("title")),
            "theme",
            Row(
                Column("date", css_class="col-md-4"),
                Column("starts_at", css_class="col-md-4"),
                Column("ends_at", css_class="col-md-4"),
            ),
            Row(Column("place"), Column("host")),
            Row(Column("capacity", css_class="col-md-4"), Column("registration_open")),
            "description",
        )


class InviteForm(forms.Form):
    """Which members to invite: a list, or a filter (kind of membership, district, topic)."""

    kinds = forms.MultipleChoiceField(
        label=_("Membership"),
        choices=Partnership.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    topic = forms.ModelChoiceField(
        label=_("Interested in"), queryset=Topic.objects.none(), required=False
    )
    companies = forms.ModelMultipleChoiceField(
        label=_("Or these companies"),
        queryset=Company.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    mode = forms.ChoiceField(
        label=_("Send as"),
        choices=[
            (invitations.AUTO, _("Email where the person agreed to emails, else a letter")),
            (invitations.LETTER, _("Letters only")),
            (invitations.EMAIL, _("Emails only (to people who agreed)")),
        ],
        initial=invitations.AUTO,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(  # type: ignore[attr-defined]
            team=team, is_active=True
        )
        self.fields["companies"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            team=team, partnerships__isnull=False
        ).distinct()
        self.helper = _helper(
            "kinds",
            Row(Column("district"), Column("topic")),
            "companies",
            "mode",
            submit=_("Send invitations"),
        )


class RegistrationForm(forms.Form):
    """A registration recorded by staff (from a call or an email)."""

    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Company.objects.none(),
        required=False,
        widget=PickerSelect("companies:suggest"),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = _team_companies(team)  # type: ignore[attr-defined]
        self.helper = _helper(
            "company",
            Row(Column("name"), Column("organisation")),
            Row(Column("email"), Column("note")),
            submit=_("Register"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("name"):
            self.add_error("name", _("Enter the person's name."))
        return cleaned


class PublicRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my details are used for this event.")
    )
    # The honeypot: hidden from people (CSS), filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class ExpertForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Person"), queryset=Contact.objects.none())
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Further topics"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas."),
    )
    consent_on = forms.DateField(
        label=_("Agreed to be listed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Listed only with the person's consent."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.filter(company__team=team, company__partnerships__isnull=False)
            .select_related("company")
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["contact"].label_from_instance = lambda c: f"{c} – {c.company.full_name}"  # type: ignore[attr-defined]
        self.fields["topics"].queryset = Topic.objects.filter(  # type: ignore[attr-defined]
            team=team, is_active=True
        )
        self.helper = _helper(
            "contact", "topics", "tags", Row(Column("consent_on"), Column("note"))
        )


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name_de", "name_en", "code", "position", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("name_de"), Column("name_en")),
            Row(Column("code"), Column("position"), Column("is_active")),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Partnership.Status.choices)
    on = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("status"), Column("on"), Column("reason")), submit=_("Change status")
        )


class PersonForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Person"), queryset=Contact.objects.none())
    role = forms.ChoiceField(label=_("Role in the network"), choices=PartnerPerson.Role.choices)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            company_id=partnership.company_id
        )
        self.helper = _helper(Row(Column("contact"), Column("role")), submit=_("Add"))


class RegistrationCompanyForm(forms.Form):
    """Which company a person who registered by the public link belongs to."""

    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Company.objects.none(),
        widget=PickerSelect("companies:suggest"),
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = _team_companies(team)  # type: ignore[attr-defined]
