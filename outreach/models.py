"""What goes out to companies: introductions, touchpoints, campaigns, flags and letters."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.choice_labels import ChoiceLabels
from crm.exports import download_name
from crm.files import PrivateUpload


class Introduction(ChoiceLabels, models.Model):
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


class Channel(models.TextChoices):
    """How a touchpoint reached the company (the values of `outreach.quality.Channel`)."""

    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class OutreachSettings(models.Model):
    """A team's thresholds for the targeting rules (see `outreach.quality.Thresholds`).

    The field names are the dataclass's, so that one maps onto the other; the
    defaults are the dataclass's too.
    """

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="outreach_settings",
        verbose_name=_("team"),
    )
    needs_profile_max_age_days = models.IntegerField(
        _("needs profile counts for (days)"),
        default=365,
        help_text=_("An older needs profile no longer counts as preparation."),
    )
    strong_tie_min_strength = models.IntegerField(
        _("strong tie from strength"),
        default=4,
        help_text=_("Tie strength (1–5) from which a partner could introduce."),
    )
    strong_tie_max_age_days = models.IntegerField(_("strong tie recent within (days)"), default=365)
    generic_similarity = models.FloatField(
        _("generic text from similarity (%)"),
        default=90.0,
        help_text=_("Texts at least this similar after masking names and addresses are generic."),
    )
    generic_window_days = models.IntegerField(_("compare texts of the last (days)"), default=90)
    generic_min_words = models.IntegerField(
        _("compare texts from (words)"),
        default=40,
        help_text=_("Shorter texts count only where they are the same."),
    )
    campaign_generic_max_percent = models.FloatField(
        _("generic letters allowed per campaign (%)"), default=30.0
    )
    campaign_generic_min_letters = models.IntegerField(
        _("judge a campaign's texts from (letters)"), default=5
    )
    burst_max_cold_first = models.IntegerField(
        _("cold first contacts allowed"),
        default=10,
        help_text=_("Per person and per campaign, within the period below."),
    )
    burst_days = models.IntegerField(_("period for cold first contacts (days)"), default=7)
    template_max_companies = models.IntegerField(_("companies per template allowed"), default=20)
    template_window_days = models.IntegerField(_("period for templates (days)"), default=30)
    repeat_contact_days = models.IntegerField(
        _("days between two letters to one company"),
        default=14,
        help_text=_(
            "A letter or email sooner than this after the last one to the same company "
            "is a finding."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("outreach settings")
        verbose_name_plural = _("outreach settings")

    def __str__(self) -> str:
        return str(self.team)


class LetterTemplate(models.Model):
    """A team's DOCX letter template with merge placeholders, uploaded by an admin."""

    team = models.ForeignKey(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="letter_templates",
        verbose_name=_("team"),
    )
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=PrivateUpload("letter-templates"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The placeholders the template uses, found when it was checked on upload.
    placeholders = models.JSONField(_("placeholders"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["team", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="lettertemplate_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A named batch of outreach (typically letters) to chosen cases, approved by a lead."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("Why these companies, why now.")
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.LETTER
    )
    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("letter template"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # The common text; an item without a benefit statement of its own goes out with it.
    text = models.TextField(
        _("common text"),
        blank=True,
        help_text=_(
            "Used for companies without a benefit statement. Placeholders: "
            "{company}, {contact}, {city}."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
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
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    # The campaign's targeting score at its last check (None: no first contacts).
    score = models.FloatField(_("targeting score"), null=True, blank=True)
    score_details = models.JSONField(_("score details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="campaign_unique_team_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:campaign_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class CampaignItem(models.Model):
    """One case of a campaign, with the person and the text it goes out with."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="items", verbose_name=_("campaign")
    )
    case = models.ForeignKey(
        "crm.AcquisitionCase",
        on_delete=models.CASCADE,
        related_name="campaign_items",
        verbose_name=_("case"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_items",
        verbose_name=_("addressed to"),
    )
    statement = models.ForeignKey(
        "benefits.BenefitStatement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_items",
        verbose_name=_("benefit statement"),
    )
    text = models.TextField(_("text"), blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="campaignitem_unique_case"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.case.company}"


class Touchpoint(ChoiceLabels, models.Model):
    """One contact with a company: a letter, an email, a call, a meeting, an event.

    Rows change only through `outreach.services`, which also keeps
    `is_first_outbound` (the earliest outbound contact per company) and the text
    fingerprint that the generic-text rule compares.
    """

    class Direction(models.TextChoices):
        OUT = "out", _("Outbound (we contacted them)")
        IN = "in", _("Inbound (they contacted us)")

    class Outcome(models.TextChoices):
        NONE = "", _("Not known yet")
        NO_ANSWER = "no_answer", _("No answer")
        POSITIVE = "positive", _("Positive reply")
        MEETING_AGREED = "meeting_agreed", _("Meeting agreed")
        DECLINED = "declined", _("Declined")
        OBJECTION = "objection", _("Objection to further contact")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="touchpoints", verbose_name=_("team")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="touchpoints",
        verbose_name=_("company"),
    )
    case = models.ForeignKey(
        "crm.AcquisitionCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("case"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.OUT
    )
    occurred_on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("by"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("contact person"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("template"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("campaign"),
    )
    # The campaign item this touchpoint sent: one touchpoint per item, however
    # often the batch runs.
    campaign_item = models.OneToOneField(
        CampaignItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoint",
        verbose_name=_("campaign item"),
    )
    introduction = models.ForeignKey(
        Introduction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("introduction"),
    )
    warm = models.BooleanField(
        _("warm"), default=False, help_text=_("Made through an introduction.")
    )
    solicited = models.BooleanField(
        _("requested by the company"),
        default=False,
        help_text=_("An answer to the company's own enquiry: needs no consent."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NONE, blank=True
    )
    is_first_outbound = models.BooleanField(_("first outbound contact"), default=False)
    # `outreach.quality.text_fingerprint` of the text with its merge values masked.
    fingerprint = models.TextField(editable=False, blank=True)
    merge_values = models.JSONField(editable=False, default=list, blank=True)
    override_reason = models.TextField(_("reason for going ahead despite warnings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # A touchpoint carries a day only; when it was recorded places it within that
    # day on the case timeline (`crm.timeline.Entry.dated`). Set by `touchpoint_log`.
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["company", "direction", "occurred_on"], name="tp_company_idx"),
            models.Index(fields=["team", "occurred_on"], name="tp_team_date_idx"),
            # The review figures' stamp: a team's latest touchpoint, read from the index.
            models.Index(fields=["team", "id"], name="tp_team_id_idx"),
            models.Index(fields=["case", "occurred_on"], name="tp_case_idx"),
            models.Index(
                fields=["team", "by", "occurred_on"],
                condition=models.Q(is_first_outbound=True, warm=False, direction="out"),
                name="tp_cold_first_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} – {self.company} ({self.occurred_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        if self.case_id:
            return reverse("cases:detail", args=[self.case_id])
        return reverse("companies:detail", args=[self.company_id])

    @property
    def outbound(self) -> bool:
        return self.direction == self.Direction.OUT


class OutreachFlag(ChoiceLabels, models.Model):
    """A stored finding of a targeting rule, and what a lead made of it.

    `key` names what the finding is about (rule, touchpoint or campaign, scope),
    so that re-evaluating the rules updates a flag rather than adding a second one.
    """

    class Severity(models.TextChoices):
        WARNING = "warning", _("Warning")
        BLOCK = "block", _("Block")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        DISMISSED = "dismissed", _("Dismissed")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="outreach_flags", verbose_name=_("team")
    )
    key = models.CharField(max_length=120, editable=False)
    rule = models.CharField(_("rule"), max_length=40)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("touchpoint"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("campaign"),
    )
    campaign_item = models.ForeignKey(
        CampaignItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("campaign item"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outreach_flags",
        verbose_name=_("company"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_flags",
        verbose_name=_("person"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    # Why the person went ahead anyway (a warning overridden when logging).
    override_reason = models.TextField(_("reason given when going ahead"), blank=True)
    note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("outreach flag")
        verbose_name_plural = _("outreach flags")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "key"], name="outreachflag_unique_key"),
        ]
        indexes = [
            # The review queue's order, with and without a rule: a page is read from
            # the index instead of sorting all of a team's flags (tens of thousands).
            models.Index(
                fields=["team", "state", "-severity", "-created_at", "-id"],
                name="flag_review_idx",
            ),
            models.Index(
                fields=["team", "state", "rule", "-severity", "-created_at", "-id"],
                name="flag_review_rule_idx",
            ),
            # The review figures' stamp: the latest change of a team's flags.
            models.Index(fields=["team", "updated_at"], name="flag_team_updated_idx"),
            models.Index(fields=["campaign", "state"], name="flag_campaign_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} ({self.get_state_display()})"

    @property
    def blocks(self) -> bool:
        return self.severity == self.Severity.BLOCK


# ------------------------------------------------------------------------------
# Letters
# ------------------------------------------------------------------------------
DEFAULT_PRIVACY_NOTICE = (
    "Woher wir Ihre Daten haben: Ihren Namen und die Anschrift Ihres Unternehmens haben "
    "wir öffentlich zugänglichen Quellen (Handelsregister, Ihrer Website) oder der "
    "Empfehlung eines Netzwerkpartners entnommen. Wir verarbeiten sie, um Ihnen unser "
    "Angebot vorzustellen (berechtigtes Interesse, Art. 6 Abs. 1 lit. f DSGVO); "
    "Einzelheiten nach Art. 14 DSGVO senden wir Ihnen auf Wunsch gern zu.\n"
    "Ihr Widerspruchsrecht: Sie können der Verwendung Ihrer Daten für solche Schreiben "
    "jederzeit ohne Angabe von Gründen widersprechen (Art. 21 Abs. 2 und 4 DSGVO), "
    "formlos per Post, E-Mail oder Telefon. Wir schreiben Ihnen dann nicht mehr."
)
DEFAULT_SUBJECT = "Fachkräfte gewinnen und halten: familienfreundlich arbeiten"


class LetterSettings(models.Model):
    """A team's letterhead and the notices its first letters carry, set up by a lead."""

    class Form(models.TextChoices):
        B = "B", _("DIN 5008 Form B (address field 45 mm from the top)")
        A = "A", _("DIN 5008 Form A (address field 27 mm from the top)")

    team = models.OneToOneField(
        "crm.Team",
        on_delete=models.CASCADE,
        related_name="letter_settings",
        verbose_name=_("team"),
    )
    sender_name = models.CharField(_("sender"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    return_address = models.CharField(
        _("return address line"),
        max_length=200,
        blank=True,
        help_text=_("Above the recipient's address; built from the address when empty."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to=PrivateUpload("letterheads"),
        blank=True,
        help_text=_("PNG or JPEG, shown top right on the first page."),
    )
    logo_width_mm = models.PositiveSmallIntegerField(_("logo width (mm)"), default=40)
    footer = models.TextField(
        _("footer"),
        blank=True,
        help_text=_("One line each: bank details, register, board. On every page."),
    )
    form = models.CharField(_("layout"), max_length=1, choices=Form.choices, default=Form.B)
    subject = models.CharField(
        _("default subject"),
        max_length=200,
        default=DEFAULT_SUBJECT,
        help_text=_("Proposed for each letter; it can be changed before generating."),
    )
    privacy_notice = models.TextField(
        _("notice in first letters"),
        default=DEFAULT_PRIVACY_NOTICE,
        help_text=_(
            "Where the company's data came from (Art. 14 GDPR) and the right to object "
            "(Art. 21(4) GDPR). Printed, set apart, in the first letter to a company."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.sender_name


class LetterBatch(models.Model):
    """The letters of one campaign, generated in the background and offered as a ZIP.

    A batch that stopped half-way (a worker killed) is picked up again: the letters
    already produced stay, the rest are made.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="letter_batches", verbose_name=_("team")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="letter_batches",
        verbose_name=_("campaign"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("letters to make"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    produced = models.PositiveIntegerField(_("produced"), default=0)
    # [{"item": id, "name": "Müller GmbH", "reason": "..."}]: who got no letter, and why.
    skipped = models.JSONField(_("skipped"), default=list, blank=True)
    archive = models.FileField(
        _("ZIP file"), upload_to=PrivateUpload("letters/batches"), blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    # Touched with every letter: a running batch whose heartbeat stopped has lost its worker.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class Letter(models.Model):
    """One generated DOCX letter of a case; regenerating adds a version, old ones stay."""

    team = models.ForeignKey(
        "crm.Team", on_delete=models.CASCADE, related_name="letters", verbose_name=_("team")
    )
    case = models.ForeignKey(
        "crm.AcquisitionCase",
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("case"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("company"),
    )
    contact = models.ForeignKey(
        "companies.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("addressed to"),
    )
    statement = models.ForeignKey(
        "benefits.BenefitStatement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("benefit statement"),
    )
    version = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # The printed text from the subject on, as the outreach checks read it.
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=PrivateUpload("letters"))
    first_letter = models.BooleanField(_("first letter (with privacy notice)"), default=False)
    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("template"),
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("touchpoint"),
    )
    campaign_item = models.ForeignKey(
        CampaignItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("campaign item"),
    )
    batch = models.ForeignKey(
        LetterBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("batch"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    created_at = models.DateTimeField(_("generated"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="letter_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.company} – v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:letter_download", args=[self.pk])

    @property
    def filename(self) -> str:
        return download_name(
            "Brief",
            self.company.legal_name[:60] or self.company_id,
            f"v{self.version}",
            extension="docx",
        )
