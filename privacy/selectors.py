"""Reads for access and erasure: the person's records, and what an erasure would touch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Contact, NetworkPartner
from companies.person_names import split_person_name
from crm.models import Team
from outreach.models import Letter
from privacy import retention
from privacy.identifiers import Identifiers, Person, identifiers_for
from privacy.models import PrivacyRequest, RetentionHold, RetentionPolicy
from privacy.scanner import Hit, person_scan


def contact_get(*, team: Team, pk: int) -> Contact:
    """A contact of `team` (404 for another team's)."""
    return get_object_or_404(
        Contact.objects.select_related("company__team"), company__team=team, pk=pk
    )


def contact_person(contact: Contact) -> Person:
    """The identifying fields of a contact."""
    return Person(
        first_name=contact.first_name,
        last_name=contact.last_name,
        title=contact.title,
        salutation=contact.salutation,
        emails=(contact.email,) if contact.email else (),
        phones=(contact.phone,) if contact.phone else (),
    )


def contact_identifiers(contact: Contact) -> Identifiers:
    return identifiers_for(contact_person(contact))


def contact_letters(*, contact: Contact, hits: list[Hit]) -> QuerySet[Letter]:
    """Letters addressed to the contact or whose stored text names them."""
    named = [hit.pk for hit in hits if hit.model is Letter]
    return Letter.objects.filter(
        Q(contact=contact) | Q(pk__in=named), team=contact.company.team
    ).select_related("batch")


def partner_get(*, team: Team, pk: int) -> NetworkPartner:
    """A network partner of `team` (404 for another team's)."""
    return get_object_or_404(NetworkPartner.objects.select_related("team"), team=team, pk=pk)


def partner_person_get(*, team: Team, pk: int) -> NetworkPartner:
    """A network partner of `team` with a named person (404 otherwise, or for another team's)."""
    return get_object_or_404(
        NetworkPartner.objects.select_related("team").exclude(person_name=""), team=team, pk=pk
    )


def partner_person(partner: NetworkPartner) -> Person:
    """The identifying fields of the person at a partner ("Dr. Heide Hering")."""
    name = split_person_name(partner.person_name)
    return Person(
        first_name=name.first_name,
        last_name=name.last_name,
        title=name.title,
        salutation=name.salutation,
        emails=(partner.email,) if partner.email else (),
        phones=(partner.phone,) if partner.phone else (),
    )


def partner_identifiers(partner: NetworkPartner) -> Identifiers:
    return identifiers_for(partner_person(partner))


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure of a person would change, by kind, before anything changes."""

    record: Contact | NetworkPartner
    team: Team
    identifiers: Identifiers
    hits: list[Hit]
    letters: list[Letter]
    counts: dict[str, int] = field(default_factory=dict)


def _plan(
    record: Contact | NetworkPartner, team: Team, identifiers: Identifiers, letters: Q
) -> ErasurePlan:
    hits = [
        hit
        for hit in person_scan(identifiers=identifiers, team=team)
        if not (hit.model is type(record) and hit.pk == record.pk)
    ]
    named = [hit.pk for hit in hits if hit.model is Letter]
    found = list(
        Letter.objects.filter(letters | Q(pk__in=named), team=team).select_related("batch")
    )
    counts = Counter(hit.label for hit in hits)
    counts["privacy.letter_files"] = sum(1 for letter in found if letter.file)
    return ErasurePlan(
        record=record,
        team=team,
        identifiers=identifiers,
        hits=hits,
        letters=found,
        counts={label: n for label, n in counts.items() if n},
    )


def erasure_plan(*, contact: Contact) -> ErasurePlan:
    """Scan the team's data for the contact and count what the erasure would touch."""
    team = contact.company.team
    return _plan(contact, team, contact_identifiers(contact), Q(contact=contact))


def partner_erasure_plan(*, partner: NetworkPartner) -> ErasurePlan:
    """Scan the team's data for a partner's person and count what the erasure would touch."""
    return _plan(partner, partner.team, partner_identifiers(partner), Q(pk__in=[]))


def privacy_requests(*, team: Team) -> QuerySet[PrivacyRequest]:
    """The team's access and erasure log, newest first."""
    return PrivacyRequest.objects.filter(team=team).select_related("actor")


def retention_policy(*, team: Team) -> RetentionPolicy:
    """The team's retention policy, or the defaults (unsaved) if none was set."""
    return RetentionPolicy.objects.filter(team=team).first() or RetentionPolicy(team=team)


def plan_rows(plan: ErasurePlan) -> list[tuple[str, int]]:
    """(kind of record, rows) for the confirmation page, most first, in the user's words."""
    labels = {
        "privacy.letter_files": _("letter files to delete"),
    }
    rows = []
    for label, count in plan.counts.items():
        if label in labels:
            name = str(labels[label])
        else:
            try:
                name = str(apps.get_model(label)._meta.verbose_name_plural)
            except LookupError:
                name = label
        rows.append((name, count))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


UPCOMING_DAYS = 30


def retention_upcoming(*, team: Team, policy: RetentionPolicy) -> dict[str, Any]:
    """What retention will erase in the next 30 days: records, and history entries counted."""
    until = timezone.localdate() + timedelta(days=UPCOMING_DAYS)
    histories = retention.history_due(team=team, policy=policy, until=until)
    return {
        "until": until,
        "items": retention.due(team=team, policy=policy, until=until),
        "history": {label: queryset.count() for label, queryset in histories.items()},
    }


def retention_holds(*, team: Team) -> QuerySet[RetentionHold]:
    """The records a lead keeps beyond their period, newest first."""
    return (
        RetentionHold.objects.filter(team=team)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
