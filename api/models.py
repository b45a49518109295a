"""Personal API tokens: a user's key to the REST API, bound to one team."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal token; only its SHA-256 is stored, the token is shown once."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    # The first characters, so that a user recognises a token in the list.
    prefix = models.CharField(_("begins with"), max_length=8)
    read_only = models.BooleanField(_("read only"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotentRequest(models.Model):
    """The answer to a creating request sent with an Idempotency-Key header.

    The same key from the same user gets the same answer again instead of a
    second record (a client retrying after a timeout).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=200)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("body"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "path"], name="api_idempotency_once")
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEvent(models.TextChoices):
    CASE_STAGE_CHANGED = "case.stage_changed", _("Case changed stage")
    CASE_WON = "case.won", _("Case won")
    CASE_LOST = "case.lost", _("Case lost")
    INTRODUCTION_RECORDED = "introduction.recorded", _("Introduction recorded")
    PARTNER_CREATED = "partner.created", _("Partner created")


class Webhook(models.Model):
    """An address a lead registered for some events; deliveries are signed with `secret`."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("team")
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing key"), max_length=64)
    # Only an administrator may allow loopback and private addresses (SSRF).
    allow_private = models.BooleanField(_("private addresses allowed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"


class ReferralLink(models.Model):
    """A partner's personal link to recommend companies; a new nonce revokes the old link."""

    partner = models.OneToOneField(
        "companies.NetworkPartner",
        on_delete=models.CASCADE,
        related_name="referral_link",
        verbose_name=_("partner"),
    )
    nonce = models.CharField(_("key"), max_length=32)
    created_at = models.DateTimeField(_("created"), auto_now=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")

    def __str__(self) -> str:
        return str(self.partner)


class ThanksLetter(models.Model):
    """A thank-you letter to the partner who recommended a company that became a partner.

    Not a touchpoint: those are contacts with the company, and the outreach rules
    (targeting, consent, first letters) would judge a letter to the partner by them.
    The text is kept, so that the same letter can be downloaded again.
    """

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    case = models.ForeignKey(
        "crm.AcquisitionCase",
        on_delete=models.CASCADE,
        related_name="thanks_letters",
        verbose_name=_("case"),
    )
    partner = models.ForeignKey(
        "companies.NetworkPartner",
        on_delete=models.SET_NULL,
        null=True,
        related_name="thanks_letters",
        verbose_name=_("partner"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    salutation = models.CharField(_("salutation"), max_length=100)
    text = models.TextField(_("text"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, default="de")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("thank-you letter")
        verbose_name_plural = _("thank-you letters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.case_id]) + "#thanks"
