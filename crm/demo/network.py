"""The demo network after the win: members of every kind and status, experts with
topics, past events with attendance (touchpoints and ties) and events to come.

Called once by `crm.demo.seed` after the pipeline has won its cases.
"""

import random
from datetime import time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from companies.models import Contact
from crm import services as crm_services
from crm.models import PartnerPerson, Partnership, Team
from network import services
from network.models import Topic

EVENTS = (
    # days from today, kind, title, theme, capacity
    (-250, "meeting", "Netzwerktreffen Frühjahr", "Pflege und Beruf vereinbaren", 40),
    (-160, "breakfast", "Unternehmerinnenfrühstück", "Fachkräfte halten in kleinen Betrieben", 20),
    (-70, "workshop", "Workshop Ferienbetreuung", "Ferienbetreuung gemeinsam organisieren", 15),
    (-20, "meeting", "Netzwerktreffen Herbst", "Wiedereinstieg nach der Elternzeit", 40),
    (21, "breakfast", "Unternehmerinnenfrühstück Winter", "Flexible Arbeitszeiten im Handwerk", 20),
    (
        75,
        "closing",
        "Jahresabschluss des Netzwerks",
        "Ein Jahr Netzwerk: Rückblick und Ausblick",
        60,
    ),
)


def network_demo(*, team: Team, lead: AbstractBaseUser, seed: int) -> dict[str, int]:
    """Members, experts and events for the demo team; returns what it made."""
    rng = random.Random(seed + 19)
    today = timezone.localdate()
    members = list(Partnership.objects.filter(team=team).select_related("company").order_by("pk"))
    if not members:
        return {}
    _kinds_and_statuses(members, lead, rng)
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(company_id__in=[m.company_id for m in members]).order_by(
        "pk"
    ):
        contacts.setdefault(contact.company_id, []).append(contact)
    people = experts = 0
    topics = list(Topic.objects.filter(team=team))
    for number, member in enumerate(members):
        found = contacts.get(member.company_id, [])
        if not found:
            continue
        crm_services.partner_person_add(
            partnership=member, contact=found[0], role=PartnerPerson.Role.CONTACT_PERSON, by=lead
        )
        people += 1
        if number % 2 == 0 and topics:
            services.expert_save(
                team=team,
                contact=found[-1],
                by=lead,
                topics=rng.sample(topics, k=rng.randint(1, 3)),
                consent_on=today - timedelta(days=rng.randint(20, 300)),
                tags=rng.choice(["", "Pflegekasse", "Teilzeitmodelle", "Betriebskita"]),
            )
            experts += 1
    events = registrations = 0
    active = [m for m in members if m.status != Partnership.Status.LEFT]
    for days, kind, title, theme, capacity in EVENTS:
        host = rng.choice(active).company
        event = services.event_create(
            team=team,
            by=lead,
            kind=kind,
            title=title,
            theme=theme,
            date=today + timedelta(days=days),
            starts_at=time(8, 30) if kind == "breakfast" else time(16, 0),
            ends_at=time(10, 30) if kind == "breakfast" else time(18, 30),
            place=f"{host.full_name}, {host.street}, {host.postal_code} {host.city}",
            host=host,
            capacity=capacity,
        )
        events += 1
        guests = rng.sample(active, k=min(len(active), rng.randint(5, 12)))
        made = []
        for guest in guests:
            known = contacts.get(guest.company_id)
            person = known[0] if known else None
            made.append(
                services.registration_record(
                    event=event,
                    by=lead,
                    name=str(person) if person else guest.company.full_name,
                    company=guest.company,
                    contact=person,
                    email=" ",
                    confirm=False,
                )
            )
            registrations += 1
        if days < 0:
            came = [r.pk for r in made if rng.random() < 0.8]
            services.attendance_record(event=event, by=lead, attended_ids=came)
    return {"members": len(members), "experts": experts, "events": events, "people": people}


def _kinds_and_statuses(
    members: list[Partnership], lead: AbstractBaseUser, rng: random.Random
) -> None:
    # Every kind of membership at least once; a few dormant members and one that left.
    for member, kind in zip(members, Partnership.Kind.values, strict=False):
        if member.kind != kind:
            Partnership.objects.filter(pk=member.pk).update(kind=kind)
            member.kind = kind
    today = timezone.localdate()
    for member, (status, reason) in zip(
        reversed(members),
        [
            ("dormant", "Ansprechpartnerin in Elternzeit"),
            ("left", "Betrieb aufgegeben"),
            ("dormant", "Keine Rückmeldung seit einem Jahr"),
        ],
        strict=False,
    ):
        if member.started_on < today:
            crm_services.partnership_status_change(
                partnership=member,
                by=lead,
                status=status,
                on=member.started_on + (today - member.started_on) // 2,
                reason=reason,
            )
            member.status = status
    del rng
