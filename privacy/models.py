"""The log of access and erasure requests, the do-not-contact list, and retention rules.

None of these rows holds personal data: requests keep a record id and counts, the
do-not-contact list keeps keyed hashes, holds keep a record id and a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyRequest(models.Model):
    """One access (Art. 15) or erasure (Art. 17) carried out, or a retention run."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Access (Art. 15 GDPR)")
        ERASURE = "erasure", _("Erasure (Art. 17 GDPR)")
        RETENTION = "retention", _("Retention run")

    class Subject(models.TextChoices):
        CONTACT = "contact", _("Contact")
        PARTNER = "partner", _("Partner's person")
        TEAM = "team", _("Team")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField(_("record id"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "-created_at"], name="privacyrequest_team_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject} #{self.subject_id}"


class DoNotContact(models.Model):
    """A keyed hash of the email or phone of a person who objected and was erased."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    digest = models.CharField(_("keyed hash"), max_length=64)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("do-not-contact entry")
        verbose_name_plural = _("do-not-contact list")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "digest"], name="donotcontact_unique_digest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]}…"


class RetentionPolicy(models.Model):
    """How long a team keeps personal data (Art. 5(1)(e) GDPR); defaults in the README."""

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name=_("team"),
    )
    contact_months = models.PositiveSmallIntegerField(
        _("contacts of lost or never-won companies, months without activity"),
        default=36,
    )
    case_years = models.PositiveSmallIntegerField(
        _("notes of closed cases, years after closing"), default=5
    )
    file_months = models.PositiveSmallIntegerField(_("letter and import files, months"), default=24)
    history_years = models.PositiveSmallIntegerField(_("history entries, years"), default=5)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return str(self.team)


class RetentionHold(models.Model):
    """A record a lead keeps beyond its retention period, with the reason (legal hold)."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact")
        CASE = "case", _("Case notes")
        LETTER = "letter", _("Letter file")
        IMPORT = "import", _("Import file")
        HISTORY = "history", _("History entry")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kept by"),
    )
    created_at = models.DateTimeField(_("kept since"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "object_id"], name="retentionhold_unique_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
