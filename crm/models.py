"""Teams (network offices), who belongs to them, and the acquisition pipeline."""

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.choice_labels import ChoiceLabels
from crm.languages import german_active


class Team(models.Model):
    """A network office, e.g. a Kompetenzzentrum Frau & Beruf; owns all domain data."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    second_factor_required = models.BooleanField(
        _("second factor required for leads and admins"),
        default=False,
        help_text=_(
            "Team leads and admins of this team must set up a second factor (an "
            "authenticator app) before they can use Tandem."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in a team, with the role that decides what they may do."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        LEAD = "lead", _("Team lead")
        ADMIN = "admin", _("Administrator")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        """Leads and administrators review funnels and approve outreach."""
        return self.role in {self.Role.LEAD, self.Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


# ------------------------------------------------------------------------------
# The acquisition pipeline
# ------------------------------------------------------------------------------


class TranslatedName(models.Model):
    """A catalogue entry named in German and English, shown in the active language."""

    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_de if german_active() or not self.name_en else self.name_en


class Pipeline(models.Model):
    """An acquisition process of a team, e.g. network membership or a mentoring programme."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="pipelines", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("New cases go here unless another is chosen.")
    )
    # The target group; an empty list admits every value (outreach.quality.TargetCriteria).
    target_size_classes = models.JSONField(_("target size classes"), default=list, blank=True)
    target_districts = models.JSONField(_("target districts"), default=list, blank=True)
    target_sections = models.JSONField(_("target sectors (WZ sections)"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")
        ordering = ["team", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="pipeline_unique_team_name"),
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(is_default=True),
                name="pipeline_one_default_per_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name


_REQUIREMENT_CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}\Z")


def validate_requirement_codes(value: object) -> None:
    """A list of distinct requirement codes such as ``["needs_profile"]``.

    Whether a code is registered is checked by the forms, not here: the default
    stages name codes whose checks only arrive with later apps, and a stage must
    stay valid when an app that registered a check is removed.
    """
    if not isinstance(value, list) or not all(
        isinstance(code, str) and _REQUIREMENT_CODE.match(code) for code in value
    ):
        raise ValidationError(
            _('Enter a list of requirement codes, e.g. ["needs_profile"].'),
            code="invalid_requirements",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each requirement may be listed once."), code="duplicate")


class Stage(TranslatedName):
    """A step of a pipeline; open stages are ordered, the others end or pause a case."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        PAUSED = "paused", _("Paused")

    pipeline = models.ForeignKey(
        Pipeline, on_delete=models.CASCADE, related_name="stages", verbose_name=_("pipeline")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    position = models.PositiveSmallIntegerField(_("position"))
    rotting_days = models.PositiveSmallIntegerField(
        _("rotting after (days)"),
        null=True,
        blank=True,
        help_text=_("A case that stays longer than this in the stage is flagged. Empty: never."),
    )
    requirements = models.JSONField(
        _("entry requirements"),
        default=list,
        blank=True,
        validators=[validate_requirement_codes],
        help_text=_("What a case must have before it may enter this stage."),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["pipeline", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline", "position"], name="stage_unique_pipeline_position"
            ),
            # The services need to know *the* won, lost and paused stage of a pipeline.
            models.UniqueConstraint(
                fields=["pipeline", "kind"],
                condition=~models.Q(kind="open"),
                name="stage_one_terminal_kind_per_pipeline",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.OPEN


class LostReason(TranslatedName):
    """Why a company said no (or could not be reached): a catalogue per team."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="lost_reasons", verbose_name=_("team")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("lost reason")
        verbose_name_plural = _("lost reasons")
        ordering = ["team", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name_de"], name="lostreason_unique_team_name")
        ]


class Source(models.TextChoices):
    """How a company came into the pipeline; the first four are warm paths."""

    REFERRAL = "referral", _("Referral by a partner")
    INTRODUCTION = "introduction", _("Introduction")
    EVENT = "event", _("Event")
    INBOUND = "inbound", _("Inbound enquiry")
    OWN_RESEARCH = "own_research", _("Own research")
    COLD_LIST = "cold_list", _("Bought / cold list")


# Warm: someone the company trusts, or the company itself, opened the door.
WARM_SOURCES = frozenset({Source.REFERRAL, Source.INTRODUCTION, Source.EVENT, Source.INBOUND})


class Preparation(models.TextChoices):
    """Was the company prepared (its needs profile captured) before we first wrote to it?"""

    PREPARED = "prepared", _("Needs profile before the first contact")
    UNPREPARED = "unprepared", _("No needs profile before the first contact")
    NOT_CONTACTED = "not_contacted", _("No outbound contact recorded")


class AcquisitionCase(ChoiceLabels, models.Model):
    """One company in one pipeline, owned by one staff member.

    Stages, pipelines and lost reasons in use are RESTRICTed (they cannot be
    deleted while cases point at them, but a whole team can be). Rows change
    only through ``crm.services``: every move bumps ``version`` (the
    optimistic lock), appends a ``StageChange`` and keeps the summary fields and
    ``CaseStageSummary`` rows current in the same transaction.
    """

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="cases", verbose_name=_("team")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="acquisition_cases",
        verbose_name=_("company"),
    )
    pipeline = models.ForeignKey(
        Pipeline, on_delete=models.RESTRICT, related_name="cases", verbose_name=_("pipeline")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="cases", verbose_name=_("stage")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="acquisition_cases",
        verbose_name=_("owner"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    referred_by = models.ForeignKey(
        "companies.NetworkPartner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_cases",
        verbose_name=_("referring partner"),
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_due = models.DateField(_("due"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    lost_reason = models.ForeignKey(
        LostReason,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("lost reason"),
    )
    reapproach_on = models.DateField(_("approach again on"), null=True, blank=True)
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    # Summary kept by the services so that lists and reports never scan the history.
    stage_entered_at = models.DateTimeField(_("in stage since"))
    furthest_stage = models.ForeignKey(
        Stage,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("furthest stage reached"),
    )
    # Kept by `crm.reports.fields.case_report_fields_refresh` for the reports, which group
    # by them: warm as `outreach.selectors.cases_with_warmth` decides it, and whether
    # the company's needs profile came before its first outbound touchpoint.
    warm_path = models.BooleanField(_("warm path"), default=False, editable=False)
    preparation = models.CharField(
        _("preparation before the first contact"),
        max_length=20,
        choices=Preparation.choices,
        default=Preparation.NOT_CONTACTED,
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("acquisition case")
        verbose_name_plural = _("acquisition cases")
        ordering = ["-opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "pipeline"],
                condition=models.Q(closed_at__isnull=True),
                name="case_one_open_per_company_pipeline",
            ),
        ]
        indexes = [
            models.Index(fields=["pipeline", "stage", "next_step_due"], name="case_board_idx"),
            models.Index(fields=["team", "owner", "next_step_due"], name="case_owner_due_idx"),
            models.Index(fields=["team", "closed_at"], name="case_team_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.pipeline}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_warm(self) -> bool:
        return self.source in WARM_SOURCES


class StageChange(models.Model):
    """One move of a case (the opening included); append-only history."""

    case = models.ForeignKey(
        AcquisitionCase,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("case"),
    )
    from_stage = models.ForeignKey(
        Stage,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="+", verbose_name=_("to")
    )
    changed_at = models.DateTimeField(_("when"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    time_in_from_stage = models.DurationField(_("time in previous stage"), null=True, blank=True)
    lost_reason = models.ForeignKey(
        LostReason,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lost reason"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["case", "changed_at"], name="stagechange_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage_id} → {self.to_stage_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # History is evidence for reports and funders: a recorded move is never rewritten.
        if not self._state.adding:
            raise ValueError("Stage changes are append-only.")
        super().save(*args, **kwargs)


class CaseStageSummary(models.Model):
    """When a case first (and last) reached a stage and how long it stayed: funnel input."""

    case = models.ForeignKey(
        AcquisitionCase,
        on_delete=models.CASCADE,
        related_name="stage_summaries",
        verbose_name=_("case"),
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="+", verbose_name=_("stage")
    )
    first_reached_at = models.DateTimeField(_("first reached"))
    last_reached_at = models.DateTimeField(_("last reached"))
    times_reached = models.PositiveIntegerField(_("times reached"), default=1)
    time_spent = models.DurationField(
        _("time spent"),
        default=timedelta,
        help_text=_("Completed stays only; the current stay runs since the case's stage entry."),
    )

    class Meta:
        verbose_name = _("stage summary")
        verbose_name_plural = _("stage summaries")
        ordering = ["case", "stage__position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="summary_unique_case_stage")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.stage_id}"


class Partnership(models.Model):
    """What a won company committed to: its membership of the network, and its status."""

    class Kind(models.TextChoices):
        # The values of the first kinds are kept from before memberships had kinds.
        NETWORK_MEMBER = "network_member", _("Member")
        CERTIFIED_EMPLOYER = "certified_employer", _("Certified company")
        CHARTER_SIGNATORY = "charter_signatory", _("Charter signatory")
        SUPPORTER = "supporter", _("Supporter")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        LEFT = "left", _("Left")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("team")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("company"),
    )
    case = models.OneToOneField(
        AcquisitionCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnership",
        verbose_name=_("won in case"),
    )
    kind = models.CharField(_("membership"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("member since"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    recertification_due = models.DateField(_("re-certification due"), null=True, blank=True)
    commitments = models.TextField(
        _("commitments"), blank=True, help_text=_("Measures, mentoring tandems, events …")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recertification_due__isnull=True)
                | models.Q(recertification_due__gt=models.F("started_on")),
                name="partnership_recertification_after_start",
            )
        ]
        indexes = [models.Index(fields=["team", "status"], name="partnership_team_status_idx")]

    def __str__(self) -> str:
        return f"{self.company} – {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("network:partner_detail", args=[self.pk])


class PartnershipStatusChange(models.Model):
    """One change of a membership's status: from what, to what, when, why, by whom."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("partnership"),
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Partnership.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Partnership.Status.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.from_status} → {self.to_status}"


class PartnerPerson(models.Model):
    """A person of a partner company in the network, and the role they have there."""

    class Role(models.TextChoices):
        CONTACT_PERSON = "contact_person", _("Contact person")
        EXPERT = "expert", _("Expert")
        MENTOR = "mentor", _("Mentor")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="people", verbose_name=_("partnership")
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.CASCADE,
        related_name="network_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role in the network"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person in the network")
        verbose_name_plural = _("people in the network")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "contact", "role"], name="partner_person_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"


class UserPreferences(models.Model):
    """Per-user settings that outlive a session: the language of emails, the digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tandem_preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    digest_enabled = models.BooleanField(_("daily digest"), default=True)
    digest_sent_on = models.DateField(_("last digest"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)


class SubmissionToken(models.Model):
    """A creating form, sent once: its one-time token and where the record it made lives.

    The unique token is the lock: a second post of the same form (a double click, a
    reload) finds the row and is sent to the first record instead of making another.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    url = models.CharField(_("address of the record"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token
