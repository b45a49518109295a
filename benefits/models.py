"""What is in it for a company: needs profiles, the catalogue, regional facts, statements.

A benefit statement belongs to a company for now; the pipeline will hang it on
an acquisition case as well (a nullable ``case`` foreign key) without changing
anything else here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits import vocabulary

PERCENT_MESSAGE = _("A share is a percentage between 0 and 100.")
SOURCE_REQUIRED = _("Every argument needs its source and year.")
UNKNOWN_CODES = _("Unknown values: %(codes)s.")
FIRST_YEAR = 1990  # older evidence is not worth quoting to a company today


class Need(models.TextChoices):
    """What a company faces now (the codes are vocabulary.NEEDS)."""

    SKILLED_STAFF = vocabulary.SKILLED_STAFF, _("Shortage of skilled staff")
    SHIFT_WORK = vocabulary.SHIFT_WORK, _("Shift or weekend work")
    PART_TIME = vocabulary.PART_TIME, _("Many part-time staff")
    CAREGIVERS = vocabulary.CAREGIVERS, _("Employees caring for relatives")
    YOUNG_PARENTS = vocabulary.YOUNG_PARENTS, _("Young parents")
    RETURNERS = vocabulary.RETURNERS, _("Returners from parental leave")
    GROWTH = vocabulary.GROWTH, _("Growth and hiring")
    AGEING = vocabulary.AGEING, _("Ageing workforce")
    RURAL = vocabulary.RURAL, _("Rural location and commuting")
    OTHER = vocabulary.OTHER, _("Other")


class Region(models.TextChoices):
    EAST = vocabulary.EAST, _("East Germany (incl. Berlin)")
    WEST = vocabulary.WEST, _("West Germany")


class Effort(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CostBand(models.TextChoices):
    """Rough running cost per year: guidance for a first conversation, not a quote."""

    NONE = "none", _("No running costs")
    LOW = "low", _("Under €1,000 a year")
    MEDIUM = "medium", _("€1,000–10,000 a year")
    HIGH = "high", _("Over €10,000 a year")


class EvidenceKind(models.TextChoices):
    STUDY = "study", _("Study")
    SURVEY = "survey", _("Representative survey")
    STATISTICS = "statistics", _("Official statistics")
    ESTIMATE = "estimate", _("Estimate")


def _check_codes(values: object, allowed: tuple[str, ...]) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return ["…"]
    return [v for v in values if v not in allowed]


class ConditionsMixin(models.Model):
    """Where a catalogue entry applies; an empty list means "everywhere"."""

    needs = models.JSONField(_("needs"), default=list, blank=True)
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, help_text=_("NACE section letters.")
    )
    size_classes = models.JSONField(_("size classes"), default=list, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors = {}
        for name, allowed in (
            ("needs", vocabulary.CATALOGUE_NEEDS),
            ("sectors", vocabulary.SECTIONS),
            ("size_classes", vocabulary.SIZE_CLASSES),
        ):
            unknown = _check_codes(getattr(self, name), allowed)
            if unknown:
                errors[name] = ValidationError(
                    UNKNOWN_CODES, code="unknown", params={"codes": ", ".join(unknown)}
                )
        if errors:
            raise ValidationError(errors)


class Measure(ConditionsMixin):
    """A family-friendly measure a company can take, with the conditions it fits."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="measures", verbose_name=_("team")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_de = models.TextField(_("description (German)"))
    description_en = models.TextField(_("description (English)"))
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    cost_band = models.CharField(_("running cost"), max_length=10, choices=CostBand.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["name_de"]
        constraints = [
            models.UniqueConstraint(fields=["team", "code"], name="measure_unique_team_code")
        ]

    def __str__(self) -> str:
        return self.name_de


class BenefitArgument(ConditionsMixin):
    """A claim for family-friendliness with its evidence and where it applies."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="arguments", verbose_name=_("team")
    )
    code = models.SlugField(_("code"), max_length=60)
    claim_de = models.TextField(_("claim (German)"))
    claim_en = models.TextField(_("claim (English)"))
    evidence_de = models.TextField(
        _("evidence (German)"), help_text=_("The figure, in a sentence.")
    )
    evidence_en = models.TextField(_("evidence (English)"))
    figure = models.CharField(_("figure"), max_length=40)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Short citation, as printed: “KfW Research”.")
    )
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    evidence_kind = models.CharField(
        _("kind of evidence"), max_length=12, choices=EvidenceKind.choices
    )
    region = models.CharField(
        _("region"), max_length=5, choices=Region.choices, blank=True, help_text=_("Empty: all.")
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="arguments", verbose_name=_("measures it argues for")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("benefit argument")
        verbose_name_plural = _("benefit arguments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["team", "code"], name="argument_unique_team_code"),
            # A figure without its source is what this catalogue must never print.
            models.CheckConstraint(
                condition=~models.Q(source="") & models.Q(year__gte=FIRST_YEAR),
                name="argument_has_source_and_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_de} ({self.source}, {self.year})"

    def clean(self) -> None:
        super().clean()
        if not (self.source or "").strip() or not self.year:
            raise ValidationError({"source": SOURCE_REQUIRED}, code="source_required")


class RegionalFact(models.Model):
    """A short, sourced fact about a district the team works in."""

    class Topic(models.TextChoices):
        CHILDCARE = "childcare", _("Childcare coverage")
        SKILLED_SHORTAGE = "skilled_shortage", _("Skilled-staff shortage")
        EMPLOYERS = "employers", _("Big employers nearby")
        COMMUTING = "commuting", _("Commuting")
        ALLIANCE = "alliance", _("Local alliance offers")
        OTHER = "other", _("Other")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="regional_facts", verbose_name=_("team")
    )
    district = models.CharField(
        _("district"), max_length=100, blank=True, help_text=_("Empty: the team's whole area.")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    text_de = models.TextField(_("fact (German)"))
    text_en = models.TextField(_("fact (English)"), blank=True)
    needs = models.JSONField(_("needs it speaks to"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=200)
    as_of = models.DateField(_("as of"))
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
        verbose_name = _("regional fact")
        verbose_name_plural = _("regional facts")
        ordering = ["district", "-as_of", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=""), name="fact_has_source")
        ]

    def __str__(self) -> str:
        return self.text_de

    def get_absolute_url(self) -> str:
        return reverse("benefits:fact_list")


class NeedsProfile(models.Model):
    """What a company faces now and already offers; capturing it makes a case "prepared"."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="needs_profiles", verbose_name=_("team")
    )
    company = models.OneToOneField(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="needs_profile",
        verbose_name=_("company"),
    )
    challenges = models.JSONField(_("current challenges"), default=list, blank=True)
    no_challenges = models.BooleanField(_("no current challenges known"), default=False)
    other_challenge = models.CharField(_("other challenge"), max_length=200, blank=True)
    measures_offered = models.ManyToManyField(
        Measure, blank=True, related_name="+", verbose_name=_("measures already offered")
    )
    offers_other = models.CharField(_("other offers"), max_length=300, blank=True)
    share_women = models.PositiveSmallIntegerField(
        _("share of women (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, PERCENT_MESSAGE)],
    )
    share_part_time = models.PositiveSmallIntegerField(
        _("share of part-time staff (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, PERCENT_MESSAGE)],
    )
    local_situation = models.TextField(_("local situation"), blank=True)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("captured by"),
    )
    captured_at = models.DateTimeField(_("captured"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("needs profile")
        verbose_name_plural = _("needs profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_women__lte=100) | models.Q(share_women__isnull=True),
                name="profile_share_women_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(share_part_time__lte=100)
                | models.Q(share_part_time__isnull=True),
                name="profile_share_part_time_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Needs profile of %(company)s") % {"company": self.company})

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", args=[self.company_id])


class BenefitSettings(models.Model):
    """How a team works with benefit statements."""

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="benefit_settings",
        verbose_name=_("team"),
    )
    require_second_person_approval = models.BooleanField(
        _("a team lead other than the author approves"),
        default=True,
        help_text=_("Otherwise the author may approve their own statement."),
    )
    region = models.CharField(
        _("region"),
        max_length=5,
        choices=Region.choices,
        blank=True,
        help_text=_("Empty: derived from each company's postal code."),
    )

    class Meta:
        verbose_name = _("benefit settings")
        verbose_name_plural = _("benefit settings")

    def __str__(self) -> str:
        return str(self.team)


class BenefitStatement(models.Model):
    """A tailored statement for one company, versioned, approved and sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="statements", verbose_name=_("team")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="benefit_statements",
        verbose_name=_("company"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.GERMAN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("text"))
    version = models.PositiveIntegerField(_("version"), default=1)
    # Which arguments, measures and facts the draft was built from, with the
    # reasons and scores of the moment (catalogue entries may change later).
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("tailoring score"), default=0)
    score_details = models.JSONField(_("score details"), default=dict, blank=True)
    copy_warning = models.BooleanField(_("reads like another statement"), default=False)
    most_similar = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("most similar statement"),
    )
    # Names, addresses and numbers masked, and a MinHash fingerprint of that:
    # what the tailoring score compares with the team's other statements.
    masked_text = models.TextField(editable=False, blank=True)
    fingerprint = models.CharField(max_length=128, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("benefit statement")
        verbose_name_plural = _("benefit statements")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["team", "company"], name="statement_team_company_idx"),
            models.Index(fields=["team", "status"], name="statement_team_status_idx"),
            # Covers the fingerprint scan of the tailoring score, which then never
            # reads the long texts of thousands of rows.
            models.Index(
                fields=["team", "company", "fingerprint"], name="statement_fingerprint_idx"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Benefit statement for %(company)s (version %(version)s)")
            % {"company": self.company, "version": self.version}
        )

    def get_absolute_url(self) -> str:
        return reverse("benefits:statement_detail", args=[self.pk])


class StatementVersion(models.Model):
    """One saved text of a statement; the newest equals the statement's text."""

    statement = models.ForeignKey(
        BenefitStatement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("statement"),
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("tailoring score"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement version")
        verbose_name_plural = _("statement versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="statement_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} v{self.number}"


class StatementEvent(models.Model):
    """The audit trail of a statement: drafted, edited, approved, reopened, sent."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        EDITED = "edited", _("Edited")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Back to draft after an edit")
        SENT = "sent", _("Marked as sent")

    statement = models.ForeignKey(
        BenefitStatement,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("statement"),
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement event")
        verbose_name_plural = _("statement events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"
