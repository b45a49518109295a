"""Read queries for companies, contacts and partners, always scoped to one team."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from companies.models import Company, Contact, NetworkPartner
from crm.models import Team


def companies_for_team(*, team: Team) -> QuerySet[Company]:
    """The team's companies with their contact count, for lists."""
    return (
        Company.objects.filter(team=team)
        .annotate(contact_count=Count("contacts"))
        .order_by("legal_name", "id")
    )


def company_get(*, team: Team, pk: int) -> Company:
    """One of the team's companies, or 404."""
    return get_object_or_404(Company.objects.filter(team=team), pk=pk)


def company_districts(*, team: Team) -> list[str]:
    """The districts the team's companies are in, for filter choices."""
    return list(
        Company.objects.filter(team=team)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


def contacts_for_company(*, company: Company) -> QuerySet[Contact]:
    return company.contacts.all()


def contact_get(*, team: Team, pk: int) -> Contact:
    """One contact at one of the team's companies, or 404."""
    return get_object_or_404(
        Contact.objects.filter(company__team=team).select_related("company"), pk=pk
    )


def partners_for_team(*, team: Team) -> QuerySet[NetworkPartner]:
    """The team's network partners with their linked company, for lists."""
    return NetworkPartner.objects.filter(team=team).select_related("company")


def partner_get(*, team: Team, pk: int) -> NetworkPartner:
    """One of the team's partners, or 404."""
    return get_object_or_404(partners_for_team(team=team), pk=pk)


def partner_districts(*, team: Team) -> list[str]:
    return list(
        NetworkPartner.objects.filter(team=team)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
