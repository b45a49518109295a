"""Read queries of the network: each fixes its joins (a page costs the same for any size)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from companies.models import Company, Contact, NetworkPartner, Tie
from crm.models import AcquisitionCase, PartnerPerson, Partnership, PartnershipStatusChange, Team
from network import topics as topic_rules
from network.models import Event, Expert, Invitation, NetworkSettings, Registration, Topic
from outreach.models import Introduction

SUGGESTED_EXPERTS = 5


# ------------------------------------------------------------------------------
# Topics and experts
# ------------------------------------------------------------------------------
def topics_for_team(*, team: Team, active_only: bool = True) -> QuerySet[Topic]:
    found = Topic.objects.filter(team=team)
    return found.filter(is_active=True) if active_only else found


def topic_get(*, team: Team, pk: int) -> Topic:
    return get_object_or_404(Topic.objects.filter(team=team), pk=pk)


def experts_search(
    *, team: Team, topic: Topic | None = None, place: str = "", text: str = ""
) -> QuerySet[Expert]:
    """The team's listed experts by topic (list or free tag) and by place (2 queries)."""
    found = (
        Expert.objects.filter(team=team, consent_on__isnull=False)
        .select_related("contact__company")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "id")))
        .order_by("contact__last_name", "contact__first_name", "pk")
    )
    if topic is not None:
        found = found.filter(topics=topic)
    place = place.strip()
    if place:
        found = found.filter(
            Q(contact__company__city__icontains=place)
            | Q(contact__company__district__icontains=place)
            | Q(contact__company__postal_code__startswith=place)
        )
    text = text.strip()
    if text:
        found = found.filter(
            Q(tags__icontains=text)
            | Q(contact__last_name__icontains=text)
            | Q(contact__company__legal_name__icontains=text)
            | Q(topics__name_de__icontains=text)
            | Q(topics__name_en__icontains=text)
        ).distinct()
    return found


def expert_get(*, team: Team, pk: int) -> Expert:
    return get_object_or_404(Expert.objects.filter(team=team).select_related("contact"), pk=pk)


def contacts_for_expert_choice(*, team: Team) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(company__team=team)
        .select_related("company")
        .order_by("last_name", "first_name", "pk")
    )


@dataclass(frozen=True, slots=True)
class HelpSuggestion:
    topic: Topic
    experts: list[Expert]


def experts_for_company(
    *, company: Company, limit: int = SUGGESTED_EXPERTS
) -> list[HelpSuggestion]:
    """Who in the network can help with what the company faces now (its needs profile): 3 queries.

    The company's own people are not suggested to it.
    """
    challenges = list(
        Company.objects.filter(pk=company.pk).values_list("needs_profile__challenges", flat=True)
    )
    needs = challenges[0] if challenges and challenges[0] else []
    if not needs:
        return []
    topics = {topic.pk: topic for topic in topics_for_team(team=company.team)}
    wanted = topic_rules.topics_for_needs(
        list(needs), {pk: list(topic.needs) for pk, topic in topics.items()}
    )
    if not wanted:
        return []
    experts = (
        Expert.objects.filter(team_id=company.team_id, topics__in=wanted)
        .exclude(contact__company=company)
        .select_related("contact__company")
        .prefetch_related("topics")
        .distinct()
        .order_by("contact__last_name", "pk")
    )
    by_topic: dict[int, list[Expert]] = {pk: [] for pk in wanted}
    for expert in experts:
        for topic in expert.topics.all():
            if topic.pk in by_topic and len(by_topic[topic.pk]) < limit:
                by_topic[topic.pk].append(expert)
    return [HelpSuggestion(topics[pk], by_topic[pk]) for pk in wanted if by_topic[pk]]


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
def events_for_team(*, team: Team) -> QuerySet[Event]:
    """Events with their counts (1 query)."""
    return (
        Event.objects.filter(team=team)
        .select_related("host")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
            came=Count("registrations", filter=Q(registrations__attended=True)),
        )
    )


def event_get(*, team: Team, pk: int) -> Event:
    return get_object_or_404(Event.objects.filter(team=team).select_related("host"), pk=pk)


def event_public_get(*, token: str) -> Event:
    return get_object_or_404(Event.objects.select_related("team", "host"), public_token=token)


def registrations_for_event(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("company", "contact").order_by(
        "status", "created_at", "pk"
    )


def registration_get(*, team: Team, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.filter(event__team=team).select_related("event"), pk=pk
    )


def invitations_for_event(*, event: Event) -> QuerySet[Invitation]:
    return event.invitations.select_related("company", "contact").order_by(
        "company__legal_name", "pk"
    )


def invitation_candidates(
    *,
    team: Team,
    kinds: list[str] | None = None,
    district: str = "",
    topic: Topic | None = None,
    active_only: bool = True,
) -> QuerySet[Company]:
    """Member companies to invite: by kind of membership, district and topic interest (1 query).

    A company is interested in a topic when its needs profile names a challenge
    the topic helps with, or when one of its people is an expert on it.
    """
    members = Partnership.objects.filter(team=team, company=OuterRef("pk"))
    if active_only:
        members = members.filter(status=Partnership.Status.ACTIVE)
    if kinds:
        members = members.filter(kind__in=kinds)
    found = Company.objects.filter(team=team).filter(Exists(members))
    if district.strip():
        found = found.filter(district__iexact=district.strip())
    if topic is not None:
        interest = Q(contacts__expert__topics=topic)
        for need in topic.needs:
            interest |= Q(needs_profile__challenges__icontains=f'"{need}"')
        found = found.filter(interest).distinct()
    return found.order_by("legal_name", "pk")


def network_settings_for(*, team: Team) -> NetworkSettings | None:
    return NetworkSettings.objects.filter(team=team).select_related("own_partner").first()


def feed_events(*, token: str) -> tuple[Team, list[Event]]:
    """The team whose feed `token` opens, with its events of the last year and to come."""
    found = get_object_or_404(NetworkSettings.objects.select_related("team"), feed_token=token)
    since = timezone.localdate() - timedelta(days=365)
    events = list(
        Event.objects.filter(team=found.team, date__gte=since).select_related("host", "team")
    )
    return found.team, events


# ------------------------------------------------------------------------------
# Partners
# ------------------------------------------------------------------------------
def partnerships_for_team(*, team: Team) -> QuerySet[Partnership]:
    return Partnership.objects.filter(team=team).select_related("company")


def partnership_get(*, team: Team, pk: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.filter(team=team).select_related("company", "case"), pk=pk
    )


@dataclass
class PartnerPage:
    partnership: Partnership
    status_changes: list[PartnershipStatusChange]
    people: list[PartnerPerson]
    experts: list[Expert]
    hosted: list[Event]
    attended: list[Registration]
    introducers: list[NetworkPartner]
    ties: list[Tie]
    introductions: list[Introduction]
    referrals: list[AcquisitionCase]
    last_contact: date | None
    panels: list[dict[str, Any]]


def partner_page(*, partnership: Partnership) -> PartnerPage:
    """Everything the partner page shows, in a fixed number of queries."""
    company = partnership.company
    introducers = list(NetworkPartner.objects.filter(company=company).order_by("pk"))
    introducer_ids = [partner.pk for partner in introducers]
    last = (
        company.touchpoints.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    )
    return PartnerPage(
        partnership=partnership,
        status_changes=list(
            partnership.status_changes.select_related("changed_by").order_by("-on", "-pk")
        ),
        people=list(partnership.people.select_related("contact").order_by("role", "pk")),
        experts=list(
            Expert.objects.filter(contact__company=company)
            .select_related("contact")
            .prefetch_related("topics")
        ),
        hosted=list(Event.objects.filter(host=company).order_by("-date")),
        attended=list(
            Registration.objects.filter(company=company, attended=True)
            .select_related("event")
            .order_by("-event__date")
        ),
        introducers=introducers,
        ties=list(
            Tie.objects.filter(partner_id__in=introducer_ids)
            .select_related("company")
            .order_by("-strength", "company__legal_name")
        ),
        introductions=list(
            Introduction.objects.filter(introducer_id__in=introducer_ids, requested=False)
            .select_related("case__company", "case__stage")
            .order_by("-date")
        ),
        referrals=list(
            AcquisitionCase.objects.filter(referred_by_id__in=introducer_ids)
            .select_related("company", "stage")
            .order_by("-opened_at")
        ),
        last_contact=last,
        panels=[],
    )
