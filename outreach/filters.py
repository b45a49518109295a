"""Filters of the review queue (django-filter), as the case list has them."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from crm import selectors as crm_selectors
from crm.languages import german_active
from crm.models import Team
from crm.templatetags.people import person as person_name
from outreach import quality
from outreach.models import OutreachFlag


class FlagFilter(django_filters.FilterSet):
    """Which flags the review queue lists: by state (open unless asked), rule, severity,
    person, and a search over the company's and the campaign's names."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=OutreachFlag.State.choices, empty_label=None
    )
    rule = django_filters.ChoiceFilter(label=_("Rule"), empty_label=_("All"))
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=OutreachFlag.Severity.choices, empty_label=_("All")
    )
    person = django_filters.ChoiceFilter(field_name="user", label=_("Person"), empty_label=_("All"))
    q = django_filters.CharFilter(label=_("Company or campaign"), method="search")

    class Meta:
        model = OutreachFlag
        fields = ["state", "rule", "severity", "person", "q"]

    def __init__(self, data: Any = None, *args: Any, team: Team, **kwargs: Any) -> None:
        # Open flags unless another state is asked for: the queue's work.
        data = data.copy() if data is not None else None
        if data is not None and data.get("state") not in OutreachFlag.State.values:
            data["state"] = OutreachFlag.State.OPEN
        super().__init__(data, *args, **kwargs)
        language = "de" if german_active() else "en"
        self.filters["rule"].extra["choices"] = [
            (rule.id, rule.title(language)) for rule in quality.RULES.values()
        ]
        # Plain choices, read once: a model choice field counts its rows before listing them.
        self.filters["person"].extra["choices"] = [
            (user.pk, person_name(user)) for user in crm_selectors.team_members(team=team)
        ]

    def search(
        self, queryset: QuerySet[OutreachFlag], name: str, value: str
    ) -> QuerySet[OutreachFlag]:
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(company__legal_name__icontains=term)
                | Q(company__city__icontains=term)
                | Q(campaign__name__icontains=term)
            )
        return queryset
