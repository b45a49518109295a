"""List filters for companies and partners (django-filter)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact, NetworkPartner, SizeClass, section_choices
from companies.selectors import company_districts, partner_districts
from crm.models import Team

# At most this many company ids found by a contact's name go into the search as a list.
_IDS_INLINE = 2000


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    sector_section = django_filters.ChoiceFilter(label=_("Sector"), empty_label=_("All"))
    size_class = django_filters.ChoiceFilter(
        label=_("Size"), choices=SizeClass.choices, empty_label=_("All")
    )
    district = django_filters.ChoiceFilter(label=_("District"), empty_label=_("All"))

    class Meta:
        model = Company
        fields = ["q", "sector_section", "size_class", "district"]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.filters["sector_section"].extra["choices"] = section_choices()
        self.filters["district"].extra["choices"] = [(d, d) for d in company_districts(team=team)]

    def search(self, queryset: QuerySet[Company], name: str, value: str) -> QuerySet[Company]:
        """Name, place, postal code, or a contact's name."""
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(legal_name__icontains=term)
                | Q(city__icontains=term)
                | Q(postal_code__startswith=term)
                | Q(district__icontains=term)
                | Q(pk__in=self._by_contact(term))
            )
        return queryset

    def _by_contact(self, term: str) -> Any:
        """The team's companies with a contact of that name (not a join: the contact
        count stays right; only the team's contacts: the others are no match).

        Usually a short list of ids, read first, so that every part of the search
        can use its index (an IN subquery in an OR makes PostgreSQL scan all of the
        team's companies); a term that matches very many contacts stays a subquery.
        """
        ids = (
            Contact.objects.filter(company__team=self.team, last_name__icontains=term)
            .order_by()
            .values("company_id")
        )
        found = list(ids.distinct()[: _IDS_INLINE + 1].values_list("company_id", flat=True))
        return found if len(found) <= _IDS_INLINE else ids


class NetworkPartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=NetworkPartner.Kind.choices, empty_label=_("All")
    )
    district = django_filters.ChoiceFilter(label=_("District"), empty_label=_("All"))

    class Meta:
        model = NetworkPartner
        fields = ["q", "kind", "district"]

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["district"].extra["choices"] = [(d, d) for d in partner_districts(team=team)]

    def search(
        self, queryset: QuerySet[NetworkPartner], name: str, value: str
    ) -> QuerySet[NetworkPartner]:
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(person_name__icontains=term) | Q(city__icontains=term)
            )
        return queryset
