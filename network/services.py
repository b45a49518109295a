"""Write actions of the network: topics, experts, events, invitations, registrations, attendance.

Each is one transaction. Invitations go through the outreach rules (no email
without consent, nobody who objected) and are logged as touchpoints; attendance
is a touchpoint of channel "event" and a tie between the network and the company,
so the introduction suggestions learn from who meets at events.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from companies import services as company_services
from companies.models import Company, Contact, NetworkPartner, Tie
from crm.access import require_lead
from crm.models import PartnerPerson, Team
from crm.records import fields_assign, unique_or_error
from history.recording import recorded
from network import invitations
from network.models import (
    Event,
    Expert,
    Invitation,
    NetworkSettings,
    Registration,
    Topic,
    new_token,
)
from network.topics import DEFAULT_TOPICS
from outreach import services as outreach_services
from outreach.letters import compose, din5008
from outreach.models import Channel, Touchpoint

EXPERT_CONSENT_REQUIRED = _("An expert is listed only with their consent: enter its date.")
EXPERT_CONSENT_FUTURE = _("The consent cannot be dated in the future.")
EXPERT_NO_TOPIC = _("Choose at least one topic or enter a further one.")
EXPERT_OTHER_TEAM = _("Choose a person of your own team's companies.")
TOPIC_OTHER_TEAM = _("Choose topics of your own team.")
TOPIC_CODE_TAKEN = _("Your team has a topic of this short name already.")
HOST_OTHER_TEAM = _("Choose a company of your own team.")
EVENT_ENDS_BEFORE_START = _("The event cannot end before it starts.")
EVENT_NOT_YET = _("Attendance can be recorded once the event has taken place.")
EVENT_PAST = _("This event has taken place already.")
REGISTRATION_DUPLICATE = _("This email address is registered for the event already.")
REGISTRATION_CLOSED = _("Registration for this event is closed.")
REGISTRATION_OTHER_EVENT = _("This registration belongs to another event.")
COMPANY_OTHER_TEAM = _("Choose a company of your own team.")
CONTACT_OTHER_COMPANY = _("Choose a person of this company.")

NETWORK_TIE_START = 2
NETWORK_TIE_MAX = 5


# ------------------------------------------------------------------------------
# The network itself: its partner record and its calendar feed
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("network_settings_ensure")
def network_settings_ensure(*, team: Team) -> NetworkSettings:
    """The team's network settings, with the network's own partner record (created once)."""
    found, _created = NetworkSettings.objects.select_for_update().get_or_create(
        team=team, defaults={"feed_token": new_token()}
    )
    if found.own_partner_id is None:
        found.own_partner = company_services.partner_create(
            team=team,
            by=None,
            kind=NetworkPartner.Kind.LOCAL_ALLIANCE,
            name=team.name[:200],
            notes=str(_("The network itself: its events create ties to the companies that come.")),
        )
        found.save(update_fields=["own_partner"])
    return found


@transaction.atomic
@recorded("network_feed_renew")
def network_feed_renew(*, team: Team, by: AbstractBaseUser) -> NetworkSettings:
    """A new secret address for the team's calendar feed; the old one stops working."""
    require_lead(team=team, user=by)
    found = network_settings_ensure(team=team)
    found.feed_token = new_token()
    found.save(update_fields=["feed_token"])
    return found


# ------------------------------------------------------------------------------
# Topics and experts
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("topics_install")
def topics_install(*, team: Team) -> int:
    """Give the team the default topics it lacks; returns how many were added."""
    have = set(Topic.objects.filter(team=team).values_list("code", flat=True))
    added = [
        Topic(
            team=team,
            code=spec.code,
            name_de=spec.name_de,
            name_en=spec.name_en,
            needs=list(spec.needs),
            position=position,
        )
        for position, spec in enumerate(DEFAULT_TOPICS)
        if spec.code not in have
    ]
    for topic in added:
        topic.save()
    return len(added)


def _topic_check(topic: Topic) -> None:
    if Topic.objects.filter(team_id=topic.team_id, code=topic.code).exclude(pk=topic.pk).exists():
        raise ValidationError({"code": TOPIC_CODE_TAKEN}, code="exists")
    topic.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
@recorded("topic_create")
def topic_create(*, team: Team, by: AbstractBaseUser, **fields: Any) -> Topic:
    """Add a topic to the team's list (leads)."""
    require_lead(team=team, user=by)
    topic = Topic(team=team)
    fields_assign(topic, fields)
    _topic_check(topic)
    with unique_or_error("code", TOPIC_CODE_TAKEN):
        topic.save()
    return topic


@transaction.atomic
@recorded("topic_update")
def topic_update(*, topic: Topic, by: AbstractBaseUser, **fields: Any) -> Topic:
    """Rename a topic, change what it helps with, or retire it (leads)."""
    require_lead(team=topic.team, user=by)
    fields_assign(topic, fields)
    _topic_check(topic)
    with unique_or_error("code", TOPIC_CODE_TAKEN):
        topic.save()
    return topic


@transaction.atomic
@recorded("expert_save")
def expert_save(
    *,
    team: Team,
    contact: Contact,
    by: AbstractBaseUser | None,
    topics: Iterable[Topic],
    consent_on: date | None,
    tags: str = "",
    note: str = "",
) -> Expert:
    """List a person in the expert directory (or change their entry), with their consent."""
    topics = list(topics)
    tags = ", ".join(tag.strip() for tag in tags.split(",") if tag.strip())
    errors: dict[str, Any] = {}
    if contact.company.team_id != team.pk:
        errors["contact"] = EXPERT_OTHER_TEAM
    if any(topic.team_id != team.pk for topic in topics):
        errors["topics"] = TOPIC_OTHER_TEAM
    elif not topics and not tags:
        errors["topics"] = EXPERT_NO_TOPIC
    if consent_on is None:
        errors["consent_on"] = EXPERT_CONSENT_REQUIRED
    elif consent_on > timezone.localdate():
        errors["consent_on"] = EXPERT_CONSENT_FUTURE
    if errors or consent_on is None:
        raise ValidationError(errors)
    expert = Expert.objects.filter(contact=contact).first() or Expert(team=team, contact=contact)
    expert.tags, expert.note = tags[:300], note.strip()[:300]
    if expert.consent_on != consent_on:
        expert.consent_on = consent_on
        expert.consent_recorded_by_id = by.pk if by else None
    expert.save()
    expert.topics.set(topics)
    expert_role_sync(expert=expert)
    return expert


@transaction.atomic
@recorded("expert_remove")
def expert_remove(*, expert: Expert, by: AbstractBaseUser | None) -> None:
    """Take a person off the directory (consent withdrawn, or left the company)."""
    expert.delete()


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
def _event_check(event: Event) -> None:
    errors: dict[str, Any] = {}
    if event.host is not None and event.host.team_id != event.team_id:
        errors["host"] = HOST_OTHER_TEAM
    if event.ends_at is not None and event.ends_at < event.starts_at:
        errors["ends_at"] = EVENT_ENDS_BEFORE_START
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@transaction.atomic
@recorded("event_create")
def event_create(*, team: Team, by: AbstractBaseUser | None, **fields: Any) -> Event:
    """Plan an event of the network."""
    event = Event(team=team, created_by_id=by.pk if by else None)
    fields_assign(event, fields)
    _event_check(event)
    event.save()
    return event


@transaction.atomic
@recorded("event_update")
def event_update(*, event: Event, by: AbstractBaseUser | None, **fields: Any) -> Event:
    """Change an event's date, place, theme or capacity (more places move the waiting list up)."""
    fields_assign(event, fields)
    _event_check(event)
    event.save()
    _waiting_list_advance(event)
    return event


# ------------------------------------------------------------------------------
# Invitations
# ------------------------------------------------------------------------------
@dataclass
class InvitationResult:
    letters: list[Invitation] = field(default_factory=list)
    emails: list[Invitation] = field(default_factory=list)
    already: int = 0
    skipped: list[tuple[Company, str]] = field(default_factory=list)


def _invitation_text(event: Event) -> str:
    return render_to_string("network/email/invitation.txt", {"event": event}).strip()


@transaction.atomic
@recorded("event_invite")
def event_invite(
    *,
    event: Event,
    companies: Iterable[Company],
    by: AbstractBaseUser,
    mode: str = invitations.AUTO,
) -> InvitationResult:
    """Invite companies to the event: an email where the person agreed to emails, else a letter.

    The outreach rules decide (`network.invitations.plan`): nobody who objected or
    asked not to be contacted, no email without consent. Each invitation is a
    touchpoint; a company invited before is not invited twice.
    """
    companies = [company for company in companies if company.team_id == event.team_id]
    result = InvitationResult()
    done = set(
        Invitation.objects.filter(event=event, company__in=companies).values_list(
            "company_id", flat=True
        )
    )
    todo = [company for company in companies if company.pk not in done]
    result.already = len(companies) - len(todo)
    plans = invitations.plan(companies=todo, mode=mode, today=timezone.localdate())
    text = _invitation_text(event)
    subject = str(_("Invitation: %(title)s") % {"title": event.title})
    for company in todo:
        chosen = plans[company.pk]
        if chosen.skip_reason:
            result.skipped.append((company, chosen.skip_reason))
            continue
        contact = chosen.contact
        touchpoint = outreach_services.touchpoint_log(
            team=event.team,
            company=company,
            by=by,
            channel=chosen.channel,
            occurred_on=timezone.localdate(),
            contact=contact,
            subject=subject,
            text=_email_text(company, contact, text, event)
            if chosen.channel == Invitation.Channel.EMAIL
            else text,
            # The rules ran in `invitations.plan` (consent, objections); an invitation
            # of members is no acquisition, so the targeting rules do not judge it.
            checked=False,
        )
        invitation = Invitation.objects.create(
            event=event,
            company=company,
            contact=contact,
            channel=chosen.channel,
            touchpoint=touchpoint,
            created_by_id=by.pk,
        )
        if chosen.channel == Invitation.Channel.EMAIL:
            assert contact is not None  # noqa: S101 (plan() only emails a person)
            _mail_on_commit(subject=subject, body=touchpoint.text, to=contact.email)
            result.emails.append(invitation)
        else:
            result.letters.append(invitation)
    return result


def _email_text(company: Company, contact: Contact | None, text: str, event: Event) -> str:
    """An email carries its greeting and closing itself (a letter gets them from its layout)."""
    greeting = din5008.salutation_for(compose.recipient_for(company, contact))
    return f"{greeting}\n\n{text}\n\n{_('Kind regards')}\n{event.team.name}"


def _mail_on_commit(*, subject: str, body: str, to: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=True)
    )


# ------------------------------------------------------------------------------
# Registrations
# ------------------------------------------------------------------------------
def _places_taken(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.REGISTERED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or _places_taken(event) < event.capacity


def _match_contact(event: Event, email_key: str) -> Contact | None:
    # Quietly: the public form answers the same whether the address is known or not.
    if not email_key:
        return None
    return (
        Contact.objects.filter(company__team_id=event.team_id, email__iexact=email_key)
        .select_related("company")
        .order_by("pk")
        .first()
    )


def _confirmation_send(registration: Registration) -> None:
    if not registration.email:
        return
    event = registration.event
    cancel_url = settings.TANDEM_BASE_URL.rstrip("/") + reverse(
        "network:public_cancel", args=[registration.cancel_token]
    )
    context = {"registration": registration, "event": event, "cancel_url": cancel_url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("network/email/confirmation_subject.txt", context).strip()
        body = render_to_string("network/email/confirmation.txt", context)
    _mail_on_commit(subject=subject, body=body, to=registration.email)


def _register(
    *,
    event: Event,
    name: str,
    organisation: str,
    email: str,
    source: str,
    by: AbstractBaseUser | None,
    company: Company | None = None,
    contact: Contact | None = None,
    note: str = "",
    confirm: bool = True,
) -> Registration:
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one place, one person
    email = email.strip()
    key = email.lower()
    if key and Registration.objects.filter(event=event, email_key=key).exists():
        raise ValidationError({"email": ValidationError(REGISTRATION_DUPLICATE, code="duplicate")})
    if contact is None and company is None:
        contact = _match_contact(event, key)
    if contact is not None and company is None:
        company = contact.company
    registration = Registration(
        event=event,
        name=name.strip(),
        organisation=organisation.strip() or (company.full_name[:200] if company else ""),
        email=email,
        email_key=key,
        company=company,
        contact=contact,
        source=source,
        status=(
            Registration.Status.REGISTERED if _has_place(event) else Registration.Status.WAITING
        ),
        note=note.strip()[:300],
        created_by_id=by.pk if by else None,
    )
    registration.full_clean(exclude=["company", "contact", "event", "created_by", "touchpoint"])
    with unique_or_error("email", REGISTRATION_DUPLICATE):
        registration.save()
    if confirm:
        _confirmation_send(registration)
    return registration


@transaction.atomic
@recorded("registration_record")
def registration_record(
    *,
    event: Event,
    by: AbstractBaseUser,
    name: str,
    organisation: str = "",
    email: str = "",
    company: Company | None = None,
    contact: Contact | None = None,
    note: str = "",
    confirm: bool = True,
) -> Registration:
    """Record a registration that came by phone or email; beyond capacity it waits.

    `confirm=False` sends no confirmation (registrations taken over from a list).
    """
    errors: dict[str, Any] = {}
    if company is not None and company.team_id != event.team_id:
        errors["company"] = COMPANY_OTHER_TEAM
    if contact is not None and (company is None or contact.company_id != company.pk):
        errors["contact"] = CONTACT_OTHER_COMPANY
    if errors:
        raise ValidationError(errors)
    return _register(
        event=event,
        name=name or (str(contact) if contact else ""),
        organisation=organisation,
        email=email or (contact.email if contact else ""),
        source=Registration.Source.STAFF,
        by=by,
        company=company,
        contact=contact,
        note=note,
        confirm=confirm,
    )


@transaction.atomic
@recorded("registration_public")
def registration_public(
    *, event: Event, name: str, organisation: str, email: str
) -> Registration | None:
    """A registration through the public link; None when the address is registered already.

    The caller shows the same page either way: a public form never tells who is known.
    """
    if not event.registration_open or event.date < timezone.localdate():
        raise ValidationError(REGISTRATION_CLOSED, code="closed")
    try:
        return _register(
            event=event,
            name=name,
            organisation=organisation,
            email=email,
            source=Registration.Source.PUBLIC,
            by=None,
        )
    except ValidationError as exc:
        if getattr(exc, "error_dict", {}).get("email") and exc.error_dict["email"][0].code in {
            "duplicate",
            "unique",
        }:
            return None
        raise


def _waiting_list_advance(event: Event) -> list[Registration]:
    moved = []
    free = None if event.capacity is None else event.capacity - _places_taken(event)
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        if free is not None and free <= 0:
            break
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        moved.append(registration)
        if free is not None:
            free -= 1
    return moved


@transaction.atomic
@recorded("registration_cancel")
def registration_cancel(*, registration: Registration, by: AbstractBaseUser | None) -> Registration:
    """Cancel a registration (staff, or the person's cancel link); the waiting list moves up."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    _waiting_list_advance(event)
    return registration


@transaction.atomic
@recorded("registration_company_set")
def registration_company_set(
    *,
    registration: Registration,
    by: AbstractBaseUser,
    company: Company | None,
    contact: Contact | None = None,
) -> Registration:
    """Link a registration to its company (and person), so attendance reaches their record."""
    team_id = registration.event.team_id
    if company is not None and company.team_id != team_id:
        raise ValidationError({"company": COMPANY_OTHER_TEAM}, code="other_team")
    if contact is not None and (company is None or contact.company_id != company.pk):
        raise ValidationError({"contact": CONTACT_OTHER_COMPANY}, code="other_company")
    registration.company, registration.contact = company, contact
    registration.save(update_fields=["company", "contact"])
    return registration


# ------------------------------------------------------------------------------
# Attendance
# ------------------------------------------------------------------------------
def _network_tie(event: Event, company: Company) -> Tie:
    own = network_settings_ensure(team=event.team).own_partner
    assert own is not None  # noqa: S101 (ensured above)
    existing = Tie.objects.filter(partner=own, company=company).first()
    tie = company_services.tie_touch(partner=own, company=company, on=event.date)
    if existing is None:
        return company_services.tie_update(
            tie=tie,
            by=None,
            kind=Tie.Kind.SAME_ASSOCIATION,
            strength=NETWORK_TIE_START,
            source=str(_("Met at the network's events")),
        )
    if tie.strength < NETWORK_TIE_MAX:
        return company_services.tie_update(tie=tie, by=None, strength=tie.strength + 1)
    return tie


@transaction.atomic
@recorded("attendance_record")
def attendance_record(
    *, event: Event, by: AbstractBaseUser, attended_ids: Iterable[int]
) -> dict[str, int]:
    """Record who came. Each newly recorded attendee's company gets an "event" touchpoint,
    and its tie to the network is created or strengthened; unticking takes back the mark only.
    """
    if event.date > timezone.localdate():
        raise ValidationError(EVENT_NOT_YET, code="not_yet")
    attended = set(attended_ids)
    counts = {"attended": 0, "touchpoints": 0, "ties": 0}
    rows = (
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("company", "contact")
        .order_by("pk")
    )
    companies_seen: set[int] = set()
    for registration in rows:
        came = registration.pk in attended
        if came == registration.attended:
            counts["attended"] += int(came)
            continue
        registration.attended = came
        update = ["attended"]
        if came:
            counts["attended"] += 1
            company = registration.company
            if company is not None and registration.touchpoint_id is None:
                registration.touchpoint = outreach_services.touchpoint_log(
                    team=event.team,
                    company=company,
                    by=by,
                    channel=Channel.EVENT,
                    direction=Touchpoint.Direction.IN,
                    occurred_on=event.date,
                    contact=registration.contact,
                    subject=event.title[:200],
                    text=event.theme,
                )
                update.append("touchpoint")
                counts["touchpoints"] += 1
                if company.pk not in companies_seen:
                    _network_tie(event, company)
                    counts["ties"] += 1
                companies_seen.add(company.pk)
        registration.save(update_fields=update)
    return counts


@transaction.atomic
@recorded("expert_role_sync")
def expert_role_sync(*, expert: Expert) -> int:
    """Give a listed expert of a partner company the "expert" role on its membership."""
    added = 0
    for partnership_id in expert.contact.company.partnerships.values_list("pk", flat=True):
        _person, created = PartnerPerson.objects.get_or_create(
            partnership_id=partnership_id, contact=expert.contact, role=PartnerPerson.Role.EXPERT
        )
        added += int(created)
    return added
