"""Certification as a family-friendly employer, re-certification, and mentoring tandems."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DEFAULT_RECERTIFICATION_YEARS = 2


class CertificationSettings(models.Model):
    """A team's rules for its certificate."""

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="certification_settings",
        verbose_name=_("team"),
    )
    recertification_years = models.PositiveSmallIntegerField(
        _("years until re-certification"), default=DEFAULT_RECERTIFICATION_YEARS
    )
    certificate_title = models.CharField(
        _("title of the certificate"),
        max_length=200,
        default="Familienfreundliches Unternehmen",
    )

    class Meta:
        verbose_name = _("certification settings")
        verbose_name_plural = _("certification settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recertification_years__gte=1),
                name="certification_settings_years_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.team)


class Round(models.Model):
    """One year's certification round of a team: its applications and the jury's decisions."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="certification_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    jury_meets_on = models.DateField(_("jury meets on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification round")
        verbose_name_plural = _("certification rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="round_unique_team_year")
        ]

    def __str__(self) -> str:
        return str(_("Certification round %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("certification:round_detail", args=[self.pk])


class Application(models.Model):
    """A company's application in a round: first certification or re-certification."""

    class Kind(models.TextChoices):
        FIRST = "first", _("First certification")
        RECERTIFICATION = "recertification", _("Re-certification")

    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        CERTIFIED = "certified", _("Certified")
        CONDITIONS = "conditions", _("Certified with conditions")
        NOT_CERTIFIED = "not_certified", _("Not certified")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="certification_applications"
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="applications", verbose_name=_("round")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="certification_applications",
        verbose_name=_("company"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    conditions = models.TextField(_("conditions"), blank=True)
    decision_notes = models.TextField(_("reasons of the jury"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    certified_on = models.DateField(_("certificate date"), null=True, blank=True)
    recertification_due = models.DateField(_("re-certification due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        ordering = ["company__legal_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "company"], name="application_unique_round_company"
            ),
            models.CheckConstraint(
                condition=models.Q(recertification_due__isnull=True)
                | models.Q(
                    certified_on__isnull=False, recertification_due__gt=models.F("certified_on")
                ),
                name="application_due_after_certificate",
            ),
        ]
        indexes = [models.Index(fields=["team", "recertification_due"], name="application_due_idx")]

    def __str__(self) -> str:
        return f"{self.company} – {self.round.year}"

    def get_absolute_url(self) -> str:
        return reverse("certification:application_detail", args=[self.pk])

    @property
    def certifies(self) -> bool:
        return self.decision in {self.Decision.CERTIFIED, self.Decision.CONDITIONS}


class Commitment(models.Model):
    """A measure a company commits to, with a target date; maybe within an application."""

    team = models.ForeignKey("crm.Team", on_delete=models.CASCADE, related_name="commitments")
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("company"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("made in the application"),
    )
    measure = models.ForeignKey(
        "benefits.Measure",
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("measure"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["target_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "measure"], name="commitment_unique_company_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.measure}"


class Review(models.Model):
    """The jury's finding on one committed measure, within one application."""

    class Outcome(models.TextChoices):
        IMPLEMENTED = "implemented", _("Implemented")
        PARTLY = "partly", _("Partly implemented")
        NOT = "not", _("Not implemented")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now=True)

    class Meta:
        verbose_name = _("jury review")
        verbose_name_plural = _("jury reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "commitment"], name="review_unique_application_commitment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} – {self.get_outcome_display()}"


class Programme(models.Model):
    """A year's mentoring programme: mentors, mentees, their tandems, a closing event."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="mentoring_programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    closing_event_on = models.DateField(_("closing event"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="programme_unique_team_year")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certification:programme_detail", args=[self.pk])


class Participant(models.Model):
    """A company in a programme, as mentor (with a capacity) or as mentee."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="mentoring_participations",
        verbose_name=_("company"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("How many mentees a mentor takes on.")
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "company__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company"], name="participant_unique_programme_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_role_display()})"


class Tandem(models.Model):
    """A mentor company and a mentee company paired in a programme."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    team = models.ForeignKey("crm.Team", on_delete=models.CASCADE, related_name="tandems")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="tandems", verbose_name=_("programme")
    )
    mentor = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="tandems_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="tandems_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    goals = models.TextField(_("goals"), blank=True)
    explanation = models.TextField(_("why this pair"), blank=True)
    started_on = models.DateField(_("started on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    mentor_takeaways = models.TextField(_("what the mentor took away"), blank=True)
    mentee_takeaways = models.TextField(_("what the mentee took away"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tandem")
        verbose_name_plural = _("tandems")
        ordering = ["mentee__legal_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="tandem_mentor_not_mentee"
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee"], name="tandem_unique_programme_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("certification:tandem_detail", args=[self.pk])


class TandemMeeting(models.Model):
    """A meeting of a tandem: when, what about."""

    tandem = models.ForeignKey(Tandem, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tandem meeting")
        verbose_name_plural = _("tandem meetings")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.tandem} – {self.held_on}"
