"""Filters for the board and the case list (django-filter)."""

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import section_choices
from companies.selectors import company_districts
from crm import selectors
from crm.forms import PersonChoiceField, StageChoiceField
from crm.models import WARM_SOURCES, AcquisitionCase, Pipeline, Source, Stage, Team


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


class CaseListFilter(CaseFilter):
    """The list adds the stage and the state (in play, won, lost …) of a case."""

    class State:
        IN_PLAY = "in_play"
        OPEN = "open"
        PAUSED = "paused"
        WON = "won"
        LOST = "lost"
        ATTENTION = "attention"

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
        ],
    )
    stage = StageFilter(label=_("Stage"), queryset=Stage.objects.none())

    class Meta(CaseFilter.Meta):
        fields = [*CaseFilter.Meta.fields, "state", "stage"]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, team=team, **kwargs)
        self.filters["stage"].queryset = selectors.stages_for_team(team=team)

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
        kinds = {
            state.OPEN: Stage.Kind.OPEN,
            state.PAUSED: Stage.Kind.PAUSED,
            state.WON: Stage.Kind.WON,
            state.LOST: Stage.Kind.LOST,
        }
        return queryset.filter(stage__kind=kinds[value])
