"""List filters for benefit statements (django-filter)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from benefits.models import BenefitStatement


class StatementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Company"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=BenefitStatement.Status.choices, empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=BenefitStatement.Language.choices, empty_label=_("All")
    )

    class Meta:
        model = BenefitStatement
        fields = ["q", "status", "language"]

    def search(
        self, queryset: QuerySet[BenefitStatement], name: str, value: str
    ) -> QuerySet[BenefitStatement]:
        for term in value.split()[:5]:
            queryset = queryset.filter(company__legal_name__icontains=term)
        return queryset
