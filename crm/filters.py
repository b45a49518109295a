"""Filters for the board and the case list (django-filter)."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import NetworkPartner, SizeClass, section_choices
from companies.selectors import company_districts, partners_for_team
from crm import cohorts, selectors
from crm.forms import PersonChoiceField, StageChoiceField
from crm.models import WARM_SOURCES, AcquisitionCase, LostReason, Pipeline, Source, Stage, Team


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class StageFilter(django_filters.ModelChoiceFilter):
    field_class = StageChoiceField


class CaseFilter(django_filters.FilterSet):
    """What the board and the list share: who, where, which sector, how it came in."""

    q = django_filters.CharFilter(label=_("Company"), method="search")
    owner = PersonFilter(label=_("Owner"), queryset=get_user_model().objects.none())
    district = django_filters.ChoiceFilter(label=_("District"), field_name="company__district")
    sector = django_filters.ChoiceFilter(label=_("Sector"), field_name="company__sector_section")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    warmth = django_filters.ChoiceFilter(
        label=_("Warm or cold"),
        choices=[("warm", _("Warm")), ("cold", _("Cold"))],
        method="filter_warmth",
    )

    class Meta:
        model = AcquisitionCase
        fields = ["q", "owner", "district", "sector", "source", "warmth"]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.filters["owner"].queryset = selectors.team_members(team=team)
        self.filters["district"].extra["choices"] = [(d, d) for d in company_districts(team=team)]
        self.filters["sector"].extra["choices"] = section_choices()

    def search(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: str
    ) -> QuerySet[AcquisitionCase]:
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(company__legal_name__icontains=term) | Q(company__city__icontains=term)
            )
        return queryset

    def filter_warmth(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: str
    ) -> QuerySet[AcquisitionCase]:
        warm = Q(source__in=WARM_SOURCES)
        return queryset.filter(warm if value == "warm" else ~warm)


class BoardFilter(CaseFilter):
    """The board's filters, plus the choice of pipeline when the team runs several."""

    pipeline = django_filters.ModelChoiceFilter(
        label=_("Pipeline"), queryset=Pipeline.objects.none(), empty_label=None
    )

    class Meta(CaseFilter.Meta):
        fields = ["pipeline", *CaseFilter.Meta.fields]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, team=team, **kwargs)
        self.pipelines = list(selectors.pipelines_for_team(team=team))
        if len(self.pipelines) < 2:
            del self.filters["pipeline"]  # nothing to choose
        else:
            self.filters["pipeline"].queryset = selectors.pipelines_for_team(team=team)

    def chosen_pipeline(self) -> Pipeline | None:
        """The chosen pipeline; the default one when none (or a foreign one) was asked for."""
        if "pipeline" in self.filters:
            self.form.is_valid()  # cleans; an invalid choice stays out of cleaned_data
            chosen = getattr(self.form, "cleaned_data", {}).get("pipeline")
            if chosen is not None:
                return chosen
        return self.pipelines[0] if self.pipelines else None


def _hidden_choice(label: Any, choices: Any, **kwargs: Any) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=choices, widget=forms.HiddenInput, **kwargs
    )


def _hidden_date(label: Any, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, method=method, widget=forms.HiddenInput)


def _hidden_model(label: Any, model: Any, **kwargs: Any) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=label, queryset=model.objects.none(), widget=forms.HiddenInput, **kwargs
    )


class CaseListFilter(CaseFilter):
    """The list adds the stage and the state (in play, won, lost …) of a case.

    The hidden filters are the reports' drill-down: a figure links to the list
    with them set, and they use the reports' own conditions (`crm.cohorts`), so
    the list shows exactly the cases behind the number.
    """

    class State:
        IN_PLAY = "in_play"
        OPEN = "open"
        PAUSED = "paused"
        WON = "won"
        LOST = "lost"
        ATTENTION = "attention"
        OVERDUE = "overdue"

    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="filter_state",
        choices=[
            (State.IN_PLAY, _("In play (open or on hold)")),
            (State.OPEN, _("Open")),
            (State.PAUSED, _("On hold")),
            (State.WON, _("Won")),
            (State.LOST, _("Lost")),
            (State.ATTENTION, _("Needs attention (due or stale)")),
            (State.OVERDUE, _("Next step overdue")),
        ],
    )
    stage = StageFilter(label=_("Stage"), queryset=Stage.objects.none())
    # The drill-down from the reports.
    pipeline = _hidden_model(_("Pipeline"), Pipeline)
    opened_from = _hidden_date(_("Opened from"), "filter_opened")
    opened_to = _hidden_date(_("Opened until"), "filter_opened")
    closed_from = _hidden_date(_("Closed from"), "filter_closed")
    closed_to = _hidden_date(_("Closed until"), "filter_closed")
    reached = _hidden_model(_("Reached stage"), Stage, method="filter_reached")
    furthest = _hidden_model(_("Got as far as"), Stage, field_name="furthest_stage")
    left_stage = _hidden_model(_("Spent time in"), Stage, method="filter_left_stage")
    lost_reason = _hidden_model(_("Lost reason"), LostReason, method="filter_lost_reason")
    size_class = _hidden_choice(
        _("Size class"), SizeClass.choices, field_name="company__size_class"
    )
    warm_path = _hidden_choice(
        _("Warm or cold path"),
        [(cohorts.WARM, _("Warm")), (cohorts.COLD, _("Cold"))],
        method="filter_warm_path",
    )
    preparation = _hidden_choice(
        _("Prepared before first contact"),
        [
            (cohorts.PREPARED, _("Prepared")),
            (cohorts.UNPREPARED, _("Not prepared")),
            (cohorts.NOT_CONTACTED, _("Not contacted")),
        ],
        method="filter_preparation",
    )
    recertification_by = _hidden_date(_("Re-certification due by"), "filter_recertification")
    referred_by = _hidden_model(_("Referred by"), NetworkPartner)
    introduced_by = _hidden_model(_("Introduced by"), NetworkPartner, method="filter_introduced_by")

    class Meta(CaseFilter.Meta):
        fields = [
            *CaseFilter.Meta.fields,
            "state",
            "stage",
            "pipeline",
            "opened_from",
            "opened_to",
            "closed_from",
            "closed_to",
            "reached",
            "furthest",
            "left_stage",
            "lost_reason",
            "size_class",
            "warm_path",
            "preparation",
            "recertification_by",
            "referred_by",
            "introduced_by",
        ]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, team=team, **kwargs)
        stages = selectors.stages_for_team(team=team)
        self.filters["stage"].queryset = stages
        self.filters["pipeline"].queryset = selectors.pipelines_for_team(team=team)
        self.filters["reached"].queryset = stages.exclude(
            kind__in=[Stage.Kind.LOST, Stage.Kind.PAUSED]
        )
        self.filters["furthest"].queryset = stages
        self.filters["left_stage"].queryset = stages
        self.filters["lost_reason"].queryset = LostReason.objects.filter(team=team)
        self.filters["referred_by"].queryset = partners_for_team(team=team)
        self.filters["introduced_by"].queryset = partners_for_team(team=team)

    @property
    def drilldown(self) -> bool:
        """True when a report's hidden filter narrows the list."""
        return any(self.data.get(name) for name, f in self.filters.items() if _is_hidden(f))

    def filter_opened(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: date
    ) -> QuerySet[AcquisitionCase]:
        if name == "opened_from":
            return queryset.filter(cohorts.opened_between_q(value, None))
        return queryset.filter(cohorts.opened_between_q(None, value))

    def filter_closed(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: date
    ) -> QuerySet[AcquisitionCase]:
        if name == "closed_from":
            return queryset.filter(cohorts.closed_between_q(value, None))
        return queryset.filter(cohorts.closed_between_q(None, value))

    def filter_reached(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: Stage
    ) -> QuerySet[AcquisitionCase]:
        stages = list(selectors.stages_for_pipeline(pipeline_id=value.pipeline_id))
        return queryset.filter(cohorts.reached_q(value, stages))

    def filter_left_stage(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: Stage
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(cohorts.left_stage_q(value))

    def filter_lost_reason(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: LostReason
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(lost_reason=value, stage__kind=Stage.Kind.LOST)

    def filter_warm_path(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: str
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(warm_path=value == cohorts.WARM)

    def filter_preparation(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: str
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(preparation=value)

    def filter_introduced_by(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: NetworkPartner
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(cohorts.introduced_by_q(value.pk))

    def filter_recertification(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: date
    ) -> QuerySet[AcquisitionCase]:
        return queryset.filter(partnership__recertification_due__lte=value)

    def filter_state(
        self, queryset: QuerySet[AcquisitionCase], name: str, value: str
    ) -> QuerySet[AcquisitionCase]:
        state = self.State
        if value == state.IN_PLAY:
            return queryset.filter(closed_at__isnull=True)
        if value == state.ATTENTION:
            now = timezone.now()
            stale = selectors.rotting_q(
                selectors.stages_for_team(team=self.team), now=now, today=timezone.localdate(now)
            )
            due = Q(next_step_due__lte=timezone.localdate(now))
            return queryset.filter(stale | due, closed_at__isnull=True)
        if value == state.OVERDUE:
            return queryset.filter(closed_at__isnull=True, next_step_due__lt=timezone.localdate())
        kinds = {
            state.OPEN: Stage.Kind.OPEN,
            state.PAUSED: Stage.Kind.PAUSED,
            state.WON: Stage.Kind.WON,
            state.LOST: Stage.Kind.LOST,
        }
        return queryset.filter(stage__kind=kinds[value])


def _is_hidden(filter_: django_filters.Filter) -> bool:
    widget = filter_.extra.get("widget")
    return widget is forms.HiddenInput or isinstance(widget, forms.HiddenInput)
