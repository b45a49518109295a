"""Forms of the pipeline: opening, editing and moving cases, planning next steps."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company, NetworkPartner
from companies.widgets import company_picker, partner_picker
from crm import requirements, selectors, services
from crm.models import AcquisitionCase, LostReason, Partnership, Pipeline, Source, Stage, Team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


VERSION_MISSING = _("The form was incomplete. Reload the page and try again.")
REQUIRED_FOR_ACTION = _("Fill this in for the chosen action.")


def _version_field() -> forms.IntegerField:
    # The version of the case the user saw; the service refuses the change if it moved on.
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )


class VersionedForm(forms.Form):
    """A form about a case as the user saw it; a broken version is said above the form."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "version" in self.errors:
            # Hidden fields have nowhere to show their error.
            self.add_error(None, forms.ValidationError(VERSION_MISSING, code="version"))
        return cleaned


class CaseOpenForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), widget=company_picker()
    )
    pipeline = forms.ModelChoiceField(
        label=_("Pipeline"), queryset=Pipeline.objects.none(), empty_label=None
    )
    owner = PersonChoiceField(
        label=_("Owner"), queryset=get_user_model().objects.none(), empty_label=None
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    referred_by = forms.ModelChoiceField(
        label=_("Referring partner"),
        queryset=NetworkPartner.objects.none(),
        required=False,
        widget=partner_picker(),
        help_text=_("Who recommended the company or opened the door."),
    )
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, team: Team, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["company"].queryset = Company.objects.filter(team=team).only(  # type: ignore[attr-defined]
            "id", "legal_name", "legal_form"
        )
        pipelines = selectors.pipelines_for_team(team=team)
        fields["pipeline"].queryset = pipelines  # type: ignore[attr-defined]
        if len(pipelines) < 2:
            # One pipeline (the usual case): nothing to choose, the service takes the default.
            del fields["pipeline"]
        fields["owner"].queryset = selectors.team_members(team=team)  # type: ignore[attr-defined]
        fields["owner"].initial = user.pk
        fields["referred_by"].queryset = NetworkPartner.objects.filter(team=team)  # type: ignore[attr-defined]


class CaseUpdateForm(VersionedForm):
    owner = PersonChoiceField(
        label=_("Owner"), queryset=get_user_model().objects.none(), empty_label=None
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    referred_by = forms.ModelChoiceField(
        label=_("Referring partner"),
        queryset=NetworkPartner.objects.none(),
        required=False,
        widget=partner_picker(),
    )
    version = _version_field()

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "owner": case.owner_id,
                "source": case.source,
                "referred_by": case.referred_by_id,
                "version": case.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.team_members(team=case.team)  # type: ignore[attr-defined]
        self.fields["referred_by"].queryset = NetworkPartner.objects.filter(  # type: ignore[attr-defined]
            team_id=case.team_id
        )


class NextStepForm(VersionedForm):
    next_step = forms.CharField(
        label=_("Next step"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Ask the IHK for an introduction")}),
    )
    next_step_due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    version = _version_field()

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "next_step": case.next_step,
                "next_step_due": case.next_step_due,
                "version": case.version,
            },
        )
        super().__init__(*args, **kwargs)


class MoveForm(VersionedForm):
    """A move to any stage; what else it asks depends on the target's kind."""

    to = StageChoiceField(label=_("Move to"), queryset=Stage.objects.none(), empty_label=None)
    version = _version_field()
    lost_reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=LostReason.objects.none(), required=False
    )
    reapproach_on = forms.DateField(
        label=_("Approach again on"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: when it may make sense to try again."),
    )
    paused_until = forms.DateField(label=_("Pick up again on"), required=False, widget=DateInput())
    partnership_kind = forms.ChoiceField(
        label=_("Partnership"),
        choices=[("", "---------"), *Partnership.Kind.choices],
        required=False,
    )
    started_on = forms.DateField(
        label=_("Start"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if empty. Certificates are due for renewal two years later."),
    )
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Measures, mentoring tandems, events …"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    # Which extra fields belong to which kind of target stage.
    DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
        Stage.Kind.LOST: ("lost_reason", "reapproach_on"),
        Stage.Kind.PAUSED: ("paused_until",),
        Stage.Kind.WON: ("partnership_kind", "started_on", "commitments"),
        Stage.Kind.OPEN: (),
    }
    REQUIRED_DETAIL: dict[str, tuple[str, Any]] = {
        Stage.Kind.LOST: ("lost_reason", services.LOST_REASON_REQUIRED),
        Stage.Kind.PAUSED: ("paused_until", services.PAUSE_DATE_REQUIRED),
        Stage.Kind.WON: ("partnership_kind", services.PARTNERSHIP_KIND_REQUIRED),
    }

    def __init__(self, *args: Any, case: AcquisitionCase, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", case.version)
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["to"].queryset = (  # type: ignore[attr-defined]
            Stage.objects.filter(pipeline_id=case.pipeline_id)
            .exclude(pk=case.stage_id)
            .order_by("position")
        )
        self.fields["lost_reason"].queryset = LostReason.objects.filter(  # type: ignore[attr-defined]
            team_id=case.team_id, is_active=True
        )

    def target(self) -> Stage | None:
        """The chosen stage, valid or not yet validated (for showing the right fields)."""
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("to"):
            return self.cleaned_data["to"]
        value = self["to"].value()
        if value in (None, ""):
            return None
        queryset = self.fields["to"].queryset  # type: ignore[attr-defined]
        try:
            return queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None

    def detail_fields(self) -> list[forms.BoundField]:
        target = self.target()
        names = self.DETAIL_FIELDS.get(target.kind, ()) if target else ()
        return [self[name] for name in names]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        to = cleaned.get("to")
        if to is not None and to.kind in self.REQUIRED_DETAIL:
            name, message = self.REQUIRED_DETAIL[to.kind]
            if not cleaned.get(name):
                self.add_error(name, forms.ValidationError(message, code="required"))
        return cleaned

    def details(self) -> services.MoveDetails:
        data = self.cleaned_data
        return services.MoveDetails(
            note=data.get("note", ""),
            lost_reason=data.get("lost_reason"),
            reapproach_on=data.get("reapproach_on"),
            paused_until=data.get("paused_until"),
            partnership_kind=data.get("partnership_kind", ""),
            started_on=data.get("started_on"),
            commitments=data.get("commitments", ""),
        )


class StageForm(forms.ModelForm):
    """A stage as a lead sets it up: names, rotting time and entry requirements.

    Requirements are chosen from the registered checks.
    """

    requirements = forms.MultipleChoiceField(
        label=_("Entry requirements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What a case must have before it may enter this stage."),
    )

    class Meta:
        model = Stage
        fields = ["name_de", "name_en", "rotting_days", "requirements"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, str(label)) for code, label in requirements.choices()]
        known = {code for code, _label in choices}
        # Codes whose app is not installed (yet) stay listed so that saving keeps them.
        for code in self.instance.requirements or []:
            if code not in known:
                choices.append((code, _("%(code)s (no check installed)") % {"code": code}))
        self.fields["requirements"].choices = choices  # type: ignore[attr-defined]


class StageAdminForm(StageForm):
    """The administration's inline: also the position and the kind."""

    class Meta(StageForm.Meta):
        fields = ["position", "name_de", "name_en", "kind", "rotting_days", "requirements"]


class LostReasonForm(forms.ModelForm):
    class Meta:
        model = LostReason
        fields = ["name_de", "name_en", "position", "is_active"]


class LostReasonCreateForm(forms.ModelForm):
    class Meta:
        model = LostReason
        fields = ["name_de", "name_en"]


class CaseBulkForm(forms.Form):
    """What to do with the cases ticked in the list; each action asks only for its own fields.

    The button pressed names the action; the services check the cases (team,
    open, version) and refuse all of them if one cannot be changed.
    """

    class Action(models.TextChoices):
        REASSIGN = "reassign", _("Reassign")
        NEXT_STEP = "next_step", _("Set next step")
        PAUSE = "pause", _("Put on hold")

    REQUIRED: dict[str, tuple[str, ...]] = {
        Action.REASSIGN: ("owner",),
        Action.NEXT_STEP: ("next_step",),
        Action.PAUSE: ("paused_until",),
    }

    action = forms.ChoiceField(choices=Action.choices)
    cases = forms.TypedMultipleChoiceField(coerce=int, required=False)
    owner = PersonChoiceField(
        label=_("New owner"), queryset=get_user_model().objects.none(), required=False
    )
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    paused_until = forms.DateField(label=_("On hold until"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        # Its own ids: the filter form above the list has fields of the same names.
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.team_members(team=team)  # type: ignore[attr-defined]
        self.fields["owner"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("next_step", "next_step_due", "paused_until", "note"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
        # Any number is accepted here; the services keep to the team's own cases.
        posted = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        self.fields["cases"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in posted if str(value).isdigit()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.REQUIRED.get(cleaned.get("action", ""), ()):
            if not cleaned.get(name):
                self.add_error(name, forms.ValidationError(REQUIRED_FOR_ACTION, code="required"))
        return cleaned
