"""The report filters: which cohort of cases a report counts."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from companies.models import section_choices
from companies.selectors import company_districts
from crm import selectors
from crm.forms import DateInput, PersonChoiceField
from crm.models import Pipeline, Source, Team
from crm.reports.scope import ReportFilters

PERIOD_REVERSED = _("The end of the period lies before its start.")
# Without a period chosen, reports cover the current month and the eleven before it.
DEFAULT_PERIOD_MONTHS = 12


def default_period(today: date) -> tuple[date, date]:
    month = today.replace(day=1)
    for _step in range(DEFAULT_PERIOD_MONTHS - 1):
        month = (month - timedelta(days=1)).replace(day=1)
    return month, today


class ReportFilterForm(forms.Form):
    """Which cases a report counts: opened in a period, of a pipeline, narrowed down.

    Staff see their own cases only, so the owner is fixed for them. An empty
    date means no bound; a date missing from the query means the default period.
    """

    start = forms.DateField(label=_("Opened from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Opened until"), required=False, widget=DateInput())
    pipeline = forms.ModelChoiceField(
        label=_("Pipeline"), queryset=Pipeline.objects.none(), required=False, empty_label=None
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources")), *Source.choices]
    )

    def __init__(
        self, data: Any, *, team: Team, owner_fixed: AbstractBaseUser | None, today: date
    ) -> None:
        data = data.copy()
        start, end = default_period(today)
        if "start" not in data and "end" not in data:
            data["start"], data["end"] = start.isoformat(), end.isoformat()
        super().__init__(data)
        self.team = team
        self.owner_fixed = owner_fixed
        self.fields["pipeline"].queryset = selectors.pipelines_for_team(team=team)  # type: ignore[attr-defined]
        if owner_fixed is not None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = selectors.team_members(team=team)  # type: ignore[attr-defined]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((d, d) for d in company_districts(team=team)),
        ]
        sectors = [("", _("All sectors")), *section_choices()]
        self.fields["sector"].choices = sectors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", forms.ValidationError(PERIOD_REVERSED, code="reversed"))
        return cleaned_data

    def report_filters(self) -> ReportFilters | None:
        """The filters from the valid fields (an invalid one is left out); None: no pipeline."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        pipeline = data.get("pipeline") or selectors.pipeline_default(team=self.team)
        if pipeline is None:
            return None
        owner = self.owner_fixed or data.get("owner")
        end = data.get("end") if "end" not in self.errors else None
        return ReportFilters(
            pipeline=pipeline,
            start=data.get("start"),
            end=end,
            owner_id=owner.pk if owner else None,
            district=data.get("district", ""),
            sector=data.get("sector", ""),
            source=data.get("source", ""),
        )
