"""Who at a company gets an event invitation, and how: the outreach rules decide.

No second implementation of the channel rules: an email is checked with
`outreach.quality.check_channel_not_allowed` (prior consent, § 7 UWG), every
invitation with `check_do_not_contact` (objection, blocked person, a company
that said no). A person without consent to emails gets a letter.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact
from crm.models import PartnerPerson
from outreach import facts, quality
from outreach.letters.compose import has_postal_address
from outreach.models import Channel

AUTO = "auto"
LETTER = "letter"
EMAIL = "email"
MODES = (AUTO, LETTER, EMAIL)

SKIP_NOBODY = _("no contact person who may be contacted")
SKIP_NO_ADDRESS = _("no postal address")
SKIP_NO_CONSENT = _("nobody agreed to emails")
SKIP_DECLINED = _("the company said no")

# Who is asked first: the network contact person, then the company's management, HR …
_ROLE_ORDER = ("owner", "hr", "equality", "works_council", "assistant", "other")


@dataclass(frozen=True, slots=True)
class Plan:
    channel: str = ""
    contact: Contact | None = None
    skip_reason: str = ""


def _contacts_by_company(company_ids: list[int]) -> dict[int, list[Contact]]:
    network_people = PartnerPerson.objects.filter(
        contact_id__isnull=False, role=PartnerPerson.Role.CONTACT_PERSON
    ).values("contact_id")
    order = Case(
        *[When(role=role, then=Value(position)) for position, role in enumerate(_ROLE_ORDER)],
        default=Value(len(_ROLE_ORDER)),
        output_field=IntegerField(),
    )
    found: dict[int, list[Contact]] = {}
    rows = (
        Contact.objects.filter(company_id__in=company_ids)
        .annotate(
            network_first=Case(
                When(pk__in=network_people, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            role_order=order,
        )
        .order_by("company_id", "network_first", "role_order", "pk")
    )
    for contact in rows:
        found.setdefault(contact.company_id, []).append(contact)
    return found


def _item(company_id: int, contact_id: int | None, channel: str, today: date) -> quality.Outreach:
    return quality.Outreach(
        id=None, company_id=company_id, channel=channel, occurred_on=today, contact_id=contact_id
    )


def plan(*, companies: Iterable[Company], mode: str, today: date) -> dict[int, Plan]:
    """Per company: the channel and person of its invitation, or why it gets none (4 queries)."""
    companies = list(companies)
    ids = [company.pk for company in companies]
    contacts = _contacts_by_company(ids)
    company_facts = facts.company_facts(company_ids=ids, as_of=today)
    person_facts = facts.contact_facts(
        contact_ids=[contact.pk for found in contacts.values() for contact in found]
    )
    plans: dict[int, Plan] = {}
    for company in companies:
        known = company_facts[company.pk]
        if quality.check_do_not_contact(
            _item(company.pk, None, Channel.LETTER, today), company=known, contact=None, as_of=today
        ):
            plans[company.pk] = Plan(skip_reason=str(SKIP_DECLINED))
            continue
        reachable = [
            contact
            for contact in contacts.get(company.pk, [])
            if quality.check_do_not_contact(
                _item(company.pk, contact.pk, Channel.LETTER, today),
                company=known,
                contact=person_facts.get(contact.pk),
                as_of=today,
            )
            is None
        ]
        plans[company.pk] = _plan_one(company, reachable, known, person_facts, mode, today)
    return plans


def _plan_one(
    company: Company,
    reachable: list[Contact],
    known: quality.CompanyFacts,
    person_facts: dict[int, quality.ContactFacts],
    mode: str,
    today: date,
) -> Plan:
    if not reachable:
        return Plan(skip_reason=str(SKIP_NOBODY))
    if mode in (AUTO, EMAIL):
        for contact in reachable:
            if contact.email and (
                quality.check_channel_not_allowed(
                    _item(company.pk, contact.pk, Channel.EMAIL, today),
                    company=known,
                    contact=person_facts.get(contact.pk),
                    as_of=today,
                )
                is None
            ):
                return Plan(channel=EMAIL, contact=contact)
        if mode == EMAIL:
            return Plan(skip_reason=str(SKIP_NO_CONSENT))
    if not has_postal_address(company):
        return Plan(skip_reason=str(SKIP_NO_ADDRESS))
    return Plan(channel=LETTER, contact=reachable[0])
