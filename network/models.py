"""The network after the win: its experts, its events, who was invited, who came."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.models import TranslatedName


def new_token() -> str:
    return secrets.token_urlsafe(24)


class NetworkSettings(models.Model):
    """Per team: the network's own partner record (events create its ties) and the feed token."""

    team = models.OneToOneField(
        "crm.Team", on_delete=models.CASCADE, related_name="network_settings"
    )
    own_partner = models.ForeignKey(
        "companies.NetworkPartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the network as a partner"),
    )
    feed_token = models.CharField(_("calendar feed key"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")

    def __str__(self) -> str:
        return str(self.team)


class Topic(TranslatedName):
    """A topic experts know about, from the team's maintained list."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="expert_topics", verbose_name=_("team")
    )
    code = models.SlugField(_("short name"), max_length=40)
    # The needs-profile challenges (benefits.vocabulary.NEEDS) this topic helps with.
    needs = models.JSONField(_("helps with"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "code"], name="topic_unique_team_code")
        ]

    def get_absolute_url(self) -> str:
        return reverse("network:topic_list")


class Expert(models.Model):
    """A person of a member organisation in the expert directory, listed with their consent."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="experts", verbose_name=_("team")
    )
    contact = models.OneToOneField(
        "companies.Contact",
        on_delete=models.CASCADE,
        related_name="expert",
        verbose_name=_("person"),
    )
    topics = models.ManyToManyField(Topic, related_name="experts", verbose_name=_("topics"))
    tags = models.CharField(
        _("further topics"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    consent_on = models.DateField(_("agreed to be listed on"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["contact__last_name", "id"]

    def __str__(self) -> str:
        return str(self.contact)

    def get_absolute_url(self) -> str:
        return reverse("network:expert_list")

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Event(models.Model):
    """A network meeting, a breakfast, a workshop or a closing event."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Network meeting")
        BREAKFAST = "breakfast", _("Breakfast")
        WORKSHOP = "workshop", _("Workshop")
        CLOSING = "closing", _("Closing event")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="events", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, help_text=_("Venue, street and town."))
    host = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host"),
        help_text=_("The member company that hosts the event, if any."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    description = models.TextField(_("description"), blank=True)
    registration_open = models.BooleanField(_("public registration open"), default=True)
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "-starts_at", "id"]
        indexes = [models.Index(fields=["team", "date"], name="event_team_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gt=0),
                name="event_capacity_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("network:event_detail", args=[self.pk])


class Registration(models.Model):
    """A person registered for an event: by staff (from a call, an email) or by the public link."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        PUBLIC = "public", _("Registration link")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The email in lower case: the key that recognises a second registration.
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("company"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("contact person"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    attended = models.BooleanField(_("attended"), default=False)
    touchpoint = models.ForeignKey(
        "outreach.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
    )
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_key"],
                condition=~models.Q(email_key=""),
                name="registration_unique_event_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("network:event_detail", args=[self.event_id])


class Invitation(models.Model):
    """An event invitation to a company: a DIN 5008 letter or an email, logged as a touchpoint."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("company"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("contact person"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    touchpoint = models.ForeignKey(
        "outreach.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["company__legal_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "company"], name="invitation_unique_event_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.company}"
