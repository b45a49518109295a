"""What goes out to companies: for now, the introductions that open their doors."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Introduction(models.Model):
    """A partner introduced us to a company (or was asked to): the warm path in.

    The introducer is RESTRICTed (PROTECT, except that a whole team may still be
    deleted): deleting a partner must not erase the history of what it did for
    the network.
    """

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        EVENT = "event", _("Event")

    class Outcome(models.TextChoices):
        MEETING_AGREED = "meeting_agreed", _("Meeting agreed")
        DECLINED = "declined", _("Declined")
        PENDING = "pending", _("No answer yet")

    case = models.ForeignKey(
        "crm.AcquisitionCase",
        on_delete=models.CASCADE,
        related_name="introductions",
        verbose_name=_("case"),
    )
    introducer = models.ForeignKey(
        "companies.NetworkPartner",
        on_delete=models.RESTRICT,
        related_name="introductions",
        verbose_name=_("introduced by"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions",
        verbose_name=_("introduced to"),
    )
    date = models.DateField(_("date"))
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    introducer_agreed_to_be_named = models.BooleanField(
        _("introducer agreed to be named"), default=False
    )
    company_agreed_to_contact = models.BooleanField(
        _("company agreed to be contacted"), default=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    # True: we asked the partner for an introduction, and it has not happened yet.
    requested = models.BooleanField(_("requested only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["case", "requested"], name="intro_case_requested_idx"),
            models.Index(fields=["introducer", "requested"], name="intro_partner_requested_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.introducer} → {self.case.company}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.case_id])
