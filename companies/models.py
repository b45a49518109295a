"""Who the companies are: target companies, their contacts, and network partners."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies import search, sectors
from companies.validators import validate_phone, validate_postal_code
from crm.choice_labels import ChoiceLabels
from crm.collation import GERMAN
from crm.files import PrivateUpload
from crm.languages import german_active


def section_choices() -> list[tuple[str, str]]:
    """NACE sections titled in the active language (evaluated per request)."""
    german = german_active()
    return [
        (s.code, f"{s.code} – {s.title_de if german else s.title_en}") for s in sectors.SECTIONS
    ]


def division_choices() -> list[tuple[str, str]]:
    """NACE divisions titled in the active language (evaluated per request)."""
    german = german_active()
    return [
        (d.code, f"{d.code} – {d.title_de if german else d.title_en}") for d in sectors.DIVISIONS
    ]


class LegalForm(models.TextChoices):
    """German legal forms, as written in the register."""

    SOLE_TRADER = "einzelunternehmen", _("Sole proprietorship")
    EK = "e.K.", "e.K."
    GBR = "GbR", "GbR"
    OHG = "OHG", "OHG"
    KG = "KG", "KG"
    GMBH_CO_KG = "GmbH & Co. KG", "GmbH & Co. KG"
    UG_CO_KG = "UG (haftungsbeschränkt) & Co. KG", "UG (haftungsbeschränkt) & Co. KG"
    GMBH = "GmbH", "GmbH"
    GGMBH = "gGmbH", "gGmbH"
    UG = "UG (haftungsbeschränkt)", "UG (haftungsbeschränkt)"
    AG = "AG", "AG"
    KGAA = "KGaA", "KGaA"
    SE = "SE", "SE"
    EG = "eG", "eG"
    EV = "e.V.", "e.V."
    PARTG = "PartG", "PartG"
    PARTG_MBB = "PartG mbB", "PartG mbB"
    STIFTUNG = "Stiftung", _("Foundation")
    PUBLIC_BODY = "öffentlich-rechtlich", _("Public-law body")
    FREELANCE = "freiberuflich", _("Freelance practice")
    OTHER = "sonstige", _("Other")


class SizeClass(models.TextChoices):
    """EU SME definition by headcount."""

    MICRO = "micro", _("Micro (< 10 employees)")
    SMALL = "small", _("Small (10–49 employees)")
    MEDIUM = "medium", _("Medium (50–249 employees)")
    LARGE = "large", _("Large (250+ employees)")

    @classmethod
    def short_label(cls, value: str) -> str:
        """One word for tables: Kleinst, Klein, Mittel, Groß."""
        labels = {
            cls.MICRO: _("micro"),
            cls.SMALL: _("small"),
            cls.MEDIUM: _("medium"),
            cls.LARGE: _("large"),
        }
        return str(labels.get(value, "—"))  # type: ignore[call-overload]

    @classmethod
    def for_headcount(cls, employees: int) -> "SizeClass":
        if employees < 10:
            return cls.MICRO
        if employees < 50:
            return cls.SMALL
        if employees < 250:
            return cls.MEDIUM
        return cls.LARGE


class CompanyGroup(models.Model):
    """Companies that belong together as different legal entities.

    A holding and its operating company, "Müller GmbH" and "Müller KG" of one
    family: each a company of its own (never merged), linked so that each page
    shows the others.
    """

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
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
        verbose_name = _("group of related companies")
        verbose_name_plural = _("groups of related companies")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Company(ChoiceLabels, models.Model):
    """A target or partner SME of one team."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="companies", verbose_name=_("team")
    )
    # German collation: lists and their index run "Bäckerei" before "Busreisen".
    legal_name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The company name without its legal form."),
        db_collation=GERMAN,
    )
    legal_form = models.CharField(
        _("legal form"), max_length=40, choices=LegalForm.choices, blank=True
    )
    name_normalized = models.CharField(_("normalised name"), max_length=200, editable=False)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(
        _("district"), max_length=100, blank=True, help_text=_("Landkreis or kreisfreie Stadt.")
    )
    sector_section = models.CharField(
        _("sector (section)"), max_length=1, choices=section_choices, blank=True
    )
    sector_division = models.CharField(
        _("sector (division)"), max_length=2, choices=division_choices, blank=True
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    presumed_consent_reason = models.CharField(
        _("reason for a call"),
        max_length=300,
        blank=True,
        help_text=_(
            "A concrete reason from the company's own sphere that lets us call "
            "(presumed consent, § 7 UWG), e.g. it asked for information at a fair."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    group = models.ForeignKey(
        CompanyGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("related companies"),
        editable=False,  # changed only by company_relate / company_unrelate
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The name and town folded as the pickers search them (companies.search), kept
    # by the database on every write, COPY and import included; on PostgreSQL a
    # trigram index over each (companies 0011) finds "baeckerei" among 20,000.
    search_name = models.GeneratedField(
        expression=search.folded("legal_name"),
        output_field=models.CharField(max_length=400),
        db_persist=True,
    )
    search_city = models.GeneratedField(
        expression=search.folded("city"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["legal_name", "id"]
        indexes = [
            models.Index(fields=["team", "legal_name"], name="company_team_name_idx"),
            models.Index(fields=["team", "name_normalized"], name="company_team_norm_idx"),
            models.Index(fields=["team", "district"], name="company_team_district_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        """Name and legal form as the register writes them ("Müller Metallbau GmbH")."""
        if self.legal_form in {
            "",
            LegalForm.SOLE_TRADER,
            LegalForm.OTHER,
            LegalForm.PUBLIC_BODY,
            LegalForm.FREELANCE,
        }:
            return self.legal_name
        return f"{self.legal_name} {self.legal_form}"


class Contact(ChoiceLabels, models.Model):
    """A person at a company, with what the law lets us do with their data."""

    class Salutation(models.TextChoices):
        FRAU = "frau", _("Ms (Frau)")
        HERR = "herr", _("Mr (Herr)")
        NEUTRAL = "neutral", _("Neutral (first and last name)")

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner / managing director")
        HR = "hr", _("Human resources")
        WORKS_COUNCIL = "works_council", _("Works council")
        EQUALITY = "equality", _("Equal opportunities officer")
        ASSISTANT = "assistant", _("Office / assistant")
        OTHER = "other", _("Other")

    class LegalBasis(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet assessed")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (Art. 6(1)(f) GDPR)")
        CONSENT = "consent", _("Consent (Art. 6(1)(a) GDPR)")
        CONTRACT = "contract", _("Contract or membership (Art. 6(1)(b) GDPR)")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, default=Salutation.NEUTRAL
    )
    title = models.CharField(_("title"), max_length=40, blank=True, help_text=_("e.g. Dr."))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OTHER)
    position = models.CharField(_("position"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.UNKNOWN
    )
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    objected_at = models.DateField(
        _("objection received"),
        null=True,
        blank=True,
        help_text=_("Date of an objection to direct marketing (Art. 21 GDPR)."),
    )
    email_consent_on = models.DateField(
        _("consent to advertising email"),
        null=True,
        blank=True,
        help_text=_("Date of the prior express consent to advertising email (§ 7 UWG)."),
    )
    presumed_consent_reason = models.CharField(
        _("reason for a call"),
        max_length=300,
        blank=True,
        help_text=_(
            "A concrete reason from the person's own interest that lets us call "
            "(presumed consent, § 7 UWG)."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("companies:contact_update", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    @property
    def may_be_contacted(self) -> bool:
        """False once the person objected or asked not to be contacted."""
        return not (self.do_not_contact or self.objected_at)


class NetworkPartner(ChoiceLabels, models.Model):
    """An organisation (or a person at one) that can refer or introduce companies."""

    class Kind(models.TextChoices):
        IHK = "ihk", _("Chamber of commerce (IHK)")
        HWK = "hwk", _("Chamber of crafts (HWK)")
        ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development agency")
        LOCAL_ALLIANCE = "local_alliance", _("Local alliance for families")
        ASSOCIATION = "association", _("Association")
        PARTNER_COMPANY = "partner_company", _("Partner company")
        MUNICIPALITY = "municipality", _("Municipality")
        EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency / job centre")
        OTHER = "other", _("Other")

    team = models.ForeignKey(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="network_partners",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("organisation"), max_length=200, db_collation=GERMAN)
    person_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("The person at the organisation who refers or introduces, if any."),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_records",
        verbose_name=_("company record"),
        help_text=_("For partner companies: their record among the companies."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["name", "person_name", "id"]
        indexes = [models.Index(fields=["team", "name"], name="partner_team_name_idx")]

    def __str__(self) -> str:
        if self.person_name:
            return f"{self.person_name} ({self.name})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:partner_detail", args=[self.pk])


class MatchKey(models.Model):
    """A blocking key of a company (companies.matching.blocking_keys), indexed.

    Derived data: written by the services whenever a company's name or address
    changes, so that one new company is checked against the few that share a key
    instead of against the whole team.
    """

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="match_keys", verbose_name=_("company")
    )
    key = models.CharField(_("key"), max_length=100)

    class Meta:
        verbose_name = _("matching key")
        verbose_name_plural = _("matching keys")
        # Covering: a duplicate check reads the companies of its keys from the index alone.
        indexes = [models.Index(fields=["team", "key", "company"], name="matchkey_team_key_idx")]
        constraints = [
            models.UniqueConstraint(fields=["company", "key"], name="matchkey_unique_company_key")
        ]

    def __str__(self) -> str:
        return self.key


class DistinctCompanies(models.Model):
    """Two companies a person confirmed as different: never suggested as duplicates again.

    Stored once per pair, the lower id first.
    """

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    company_a = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="distinct_as_a", verbose_name=_("company")
    )
    company_b = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="distinct_as_b",
        verbose_name=_("other company"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed different companies")
        verbose_name_plural = _("confirmed different companies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company_a__lt=models.F("company_b")),
                name="distinct_companies_ordered",
            ),
            models.UniqueConstraint(
                fields=["company_a", "company_b"], name="distinct_companies_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_a_id} ≠ {self.company_b_id}"


class CompanyMerge(models.Model):
    """The audit record of one merge: who merged what into which company, and how."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    survivor = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merges",
        verbose_name=_("kept company"),
    )
    merged_company_id = models.PositiveBigIntegerField(_("id of the merged company"))
    merged_name = models.CharField(_("merged company"), max_length=250)
    merged_snapshot = models.JSONField(
        _("merged company as it was"), help_text=_("Every field of the merged company.")
    )
    field_choices = models.JSONField(
        _("field choices"), help_text=_("For each field: which value was kept, before and after.")
    )
    relinked = models.JSONField(_("re-linked records"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)

    class Meta:
        verbose_name = _("company merge")
        verbose_name_plural = _("company merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor_id}"


class ImportJob(models.Model):
    """One uploaded CSV or XLSX file of companies, from column mapping to import."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Columns to assign")
        ANALYSING = "analysing", _("Checking")
        ANALYSED = "analysed", _("Checked, ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to=PrivateUpload("imports"), blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("separator"), max_length=1, blank=True)
    columns = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    import_duplicates = models.BooleanField(
        _("import duplicates of existing companies"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    report = models.JSONField(_("rows to look at"), default=list)
    preview = models.JSONField(_("new rows (first ones)"), default=list)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("companies:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.ANALYSING, self.Status.IMPORTING}


class Tie(models.Model):
    """What links a network partner to a company: the warm paths into it."""

    class Kind(models.TextChoices):
        KNOWS_OWNER = "knows_owner", _("Knows the owner personally")
        SAME_ASSOCIATION = "same_association", _("Same association or committee")
        SUPPLIER_CUSTOMER = "supplier_customer", _("Supplier or customer")
        MENTOR_COMPANY = "mentor_company", _("Mentor company")
        LOCAL_ALLIANCE = "local_alliance", _("Same local alliance")
        FORMER_COLLEAGUE = "former_colleague", _("Former colleague")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        NetworkPartner, on_delete=models.CASCADE, related_name="ties", verbose_name=_("partner")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="ties", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = loose acquaintance, 5 = close and trusted."),
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("How we know about this tie.")
    )
    last_interaction = models.DateField(_("last interaction"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["-strength", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "company"], name="tie_unique_partner_company"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5), name="tie_strength_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("companies:partner_detail", args=[self.partner_id])
