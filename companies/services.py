"""Write actions on companies, contacts and network partners.

Each action validates the whole row (so the admin, commands and tasks obey the
same rules as the forms) and saves in one transaction.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from companies import sectors
from companies.matching import normalize_name
from companies.models import Company, Contact, NetworkPartner, SizeClass
from crm.models import Team

PARTNER_COMPANY_OTHER_TEAM = _("Choose a company of your own team.")


def _assign(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def _company_derive(company: Company) -> None:
    """Keep the fields that follow from others consistent."""
    company.name_normalized = normalize_name(company.legal_name)
    if company.employees is not None:
        company.size_class = SizeClass.for_headcount(company.employees)
    if company.sector_division:
        company.sector_section = sectors.section_of(company.sector_division)


@transaction.atomic
def company_save(*, company: Company, by: AbstractBaseUser | None) -> Company:
    """Validate and store a new or changed company."""
    _company_derive(company)
    if company.pk is None and by is not None:
        company.created_by = by  # type: ignore[assignment]
    company.full_clean()
    company.save()
    return company


def company_create(*, team: Team, by: AbstractBaseUser | None, **fields: Any) -> Company:
    """Create a company in the team."""
    company = Company(team=team)
    _assign(company, fields)
    return company_save(company=company, by=by)


def company_update(*, company: Company, by: AbstractBaseUser | None, **fields: Any) -> Company:
    """Change a company's fields."""
    _assign(company, fields)
    return company_save(company=company, by=by)


@transaction.atomic
def company_delete(*, company: Company, by: AbstractBaseUser | None) -> None:
    """Delete a company with its contacts; partners that pointed at it keep their record."""
    company.delete()


@transaction.atomic
def contact_create(*, company: Company, by: AbstractBaseUser | None, **fields: Any) -> Contact:
    """Add a contact person to a company."""
    contact = Contact(company=company)
    _assign(contact, fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by: AbstractBaseUser | None, **fields: Any) -> Contact:
    """Change a contact person."""
    _assign(contact, fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, by: AbstractBaseUser | None) -> None:
    """Delete a contact person."""
    contact.delete()


def _partner_check_company(partner: NetworkPartner) -> None:
    # A partner may only point at a company record of its own team.
    if partner.company is not None and partner.company.team_id != partner.team_id:
        raise ValidationError({"company": PARTNER_COMPANY_OTHER_TEAM}, code="other_team")


@transaction.atomic
def partner_create(*, team: Team, by: AbstractBaseUser | None, **fields: Any) -> NetworkPartner:
    """Create a network partner in the team."""
    partner = NetworkPartner(team=team)
    _assign(partner, fields)
    _partner_check_company(partner)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(
    *, partner: NetworkPartner, by: AbstractBaseUser | None, **fields: Any
) -> NetworkPartner:
    """Change a network partner."""
    _assign(partner, fields)
    _partner_check_company(partner)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, partner: NetworkPartner, by: AbstractBaseUser | None) -> None:
    """Delete a network partner."""
    partner.delete()


@transaction.atomic
def companies_renormalize(*, team_id: int) -> int:
    """Bring every normalised name of the team up to date with the current matcher.

    Run after the normalisation rules change; idempotent, so a retried task does
    no harm. Returns how many rows changed.
    """
    stale = []
    for company in Company.objects.filter(team_id=team_id).only(
        "id", "legal_name", "name_normalized"
    ):
        fresh = normalize_name(company.legal_name)
        if fresh != company.name_normalized:
            company.name_normalized = fresh
            stale.append(company)
    Company.objects.bulk_update(stale, ["name_normalized"], batch_size=500)
    return len(stale)
