"""Seeding the demo: one team with its logins, companies, contacts, partners and cases.

Running it again is harmless: when the demo team already exists, ``demo_seed`` leaves
it as it is (a demo team from before the pipeline gets its cases once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.contrib.auth import get_user_model
from django.db import transaction

from companies import services
from companies.models import Company, Contact
from crm.demo.certification import demo_certification
from crm.demo.generator import DemoData, slug
from crm.demo.network import network_demo
from crm.demo.pipeline import DemoPipeline
from crm.demo.team import DEMO_PASSWORD, DEMO_USERS, TEAM_NAME, TEAM_REGION, TEAM_SLUG
from crm.models import AcquisitionCase, Membership, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_SEED = 2026
DEFAULT_COMPANIES = 200
PARTNER_COMPANIES = 8


@dataclass(frozen=True, slots=True)
class DemoSeeded:
    """What `demo_seed` did, for the summary the command prints."""

    # "created": the team and its data; "cases_added": the cases of an older demo team;
    # "present": nothing, the demo data was already there.
    outcome: Literal["created", "cases_added", "present"]
    team: Team
    counts: dict[str, int]  # what was made now: companies, contacts, partners, cases


def demo_seed(*, companies: int = DEFAULT_COMPANIES, seed: int = DEFAULT_SEED) -> DemoSeeded:
    """Create the demo team and its data, or complete an existing one (see the module)."""
    team = Team.objects.filter(slug=TEAM_SLUG).first()
    if team is not None:
        if not AcquisitionCase.objects.filter(team=team).exists():
            # A demo database from before the pipeline existed: add the cases once.
            with transaction.atomic():
                cases = _cases(team=team, seed=seed)
            return DemoSeeded(outcome="cases_added", team=team, counts={"cases": cases})
        return DemoSeeded(outcome="present", team=team, counts={})

    with transaction.atomic():
        team, stats = _create(count=companies, seed=seed)
    return DemoSeeded(outcome="created", team=team, counts=stats)


def _create(*, count: int, seed: int) -> tuple[Team, dict[str, int]]:
    data = DemoData(seed)
    team = Team.objects.create(name=TEAM_NAME, slug=TEAM_SLUG, region=TEAM_REGION)
    users = {name: _user(name, first, last) for name, first, last, _ in DEMO_USERS}
    for username, _first, _last, role in DEMO_USERS:
        Membership.objects.get_or_create(team=team, user=users[username], defaults={"role": role})
    staff = [users[name] for name, *_, role in DEMO_USERS if role == Membership.Role.STAFF]

    contacts = 0
    created: list[tuple[Company, Contact | None]] = []
    for _ in range(count):
        draft = data.company()
        by = data.rng.choice(staff)
        company = services.company_create(team=team, by=by, **draft.fields)
        owner: Contact | None = None
        for fields in data.contacts(company, draft):
            contact = services.contact_create(company=company, by=by, **fields)
            contacts += 1
            if owner is None and contact.role == Contact.Role.OWNER:
                owner = contact
        created.append((company, owner))

    lead = users[next(name for name, *_, role in DEMO_USERS if role == Membership.Role.LEAD)]
    partner_rows = data.organisation_partners()
    partner_rows += data.company_partners(created, PARTNER_COMPANIES)
    for fields in partner_rows:
        services.partner_create(team=team, by=lead, **fields)

    cases = _cases(team=team, seed=seed)
    return team, {
        "companies": count,
        "contacts": contacts,
        "partners": len(partner_rows),
        "cases": cases,
        **network_demo(team=team, lead=lead, seed=seed),
        **demo_certification(team=team, seed=seed),
    }


def _cases(*, team: Team, seed: int) -> int:
    users = {name: _user(name, first, last) for name, first, last, _ in DEMO_USERS}
    return DemoPipeline(team=team, users=users, seed=seed).create()


def _user(username: str, first_name: str, last_name: str) -> User:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}.{slug(last_name)}@example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
