"""The API's representations. Input serializers check types and shapes only: every
rule lives in the services they hand their data to."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from benefits.models import BenefitStatement, NeedsProfile
from companies.models import Company, Contact, NetworkPartner, Tie
from crm.models import AcquisitionCase, Stage, StageChange
from outreach.models import Campaign, Introduction, OutreachFlag, Touchpoint

UNKNOWN_FIELD = _("Unknown field.")
# Ids beyond the database's bigint are no id at all.
MAX_ID = 2**63 - 1


class Strict:
    """Refuse fields the serializer does not know (a typo must not pass silently)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                raise serializers.ValidationError({key: [UNKNOWN_FIELD] for key in unknown})
            # JSON's types as the schema says: DRF would turn 0 into "0" or False, "5" into 5.
            mistyped = {
                name: [message]
                for name, field in self.fields.items()  # type: ignore[attr-defined]
                if data.get(name) is not None
                and (message := _json_type_error(field, data[name])) is not None
            }
            if mistyped:
                raise serializers.ValidationError(mistyped)
        return super().to_internal_value(data)  # type: ignore[misc]


def _json_type_error(field: serializers.Field, value: Any) -> str | None:
    """The field's own message when `value` is not the JSON type the schema gives it."""
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return None  # the field's own check says so
        return next(
            (m for v in value if v is not None and (m := _json_type_error(field.child, v))),
            None,
        )
    fits = True
    if isinstance(field, serializers.CharField):
        fits = isinstance(value, str)
    elif isinstance(field, serializers.BooleanField):
        fits = isinstance(value, bool)
    elif isinstance(field, serializers.IntegerField):
        fits = isinstance(value, int) and not isinstance(value, bool)
    return None if fits else str(field.error_messages["invalid"])


COMPANY_FIELDS = [
    "legal_name",
    "legal_form",
    "street",
    "postal_code",
    "city",
    "district",
    "sector_division",
    "sector_section",
    "employees",
    "size_class",
    "website",
    "phone",
    "email",
    "notes",
    "presumed_consent_reason",
]


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", *COMPANY_FIELDS, "group", "created_at", "updated_at"]
        read_only_fields = ["group", "created_at", "updated_at"]


class CompanyInputSerializer(Strict, serializers.ModelSerializer):
    distinct_from = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=50,
        help_text=_("Ids of likely duplicates that you confirmed to be other companies."),
    )

    class Meta:
        model = Company
        fields = [*COMPANY_FIELDS, "distinct_from"]
        # The service checks uniqueness and duplicates (with its own messages).
        validators: list[Any] = []


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = "__all__"


CONTACT_FIELDS = [
    "salutation",
    "title",
    "first_name",
    "last_name",
    "role",
    "position",
    "email",
    "phone",
    "legal_basis",
    "do_not_contact",
    "objected_at",
    "email_consent_on",
    "presumed_consent_reason",
    "notes",
]


class ContactInputSerializer(Strict, serializers.ModelSerializer):
    """A contact person's fields as on the page (the company stays as it is)."""

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        validators: list[Any] = []


class ContactCreateSerializer(ContactInputSerializer):
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    class Meta(ContactInputSerializer.Meta):
        fields = ["company", *CONTACT_FIELDS]


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = NetworkPartner
        exclude = ["team"]


class TieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tie
        fields = "__all__"


PARTNER_FIELDS = [
    "kind",
    "name",
    "person_name",
    "position",
    "company",
    "email",
    "phone",
    "website",
    "street",
    "postal_code",
    "city",
    "district",
    "notes",
]


class PartnerInputSerializer(Strict, serializers.ModelSerializer):
    company = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("The id of the partner's own company record, if it has one."),
    )

    class Meta:
        model = NetworkPartner
        fields = PARTNER_FIELDS
        validators: list[Any] = []


class TieInputSerializer(Strict, serializers.ModelSerializer):
    partner = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    class Meta:
        model = Tie
        fields = ["partner", "company", "kind", "strength", "source", "last_interaction"]
        # The service refuses a second tie between the same two (with its message).
        validators: list[Any] = []


class StageChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageChange
        fields = [
            "id",
            "from_stage",
            "to_stage",
            "changed_at",
            "changed_by",
            "time_in_from_stage",
            "lost_reason",
            "note",
        ]


class CaseSerializer(serializers.ModelSerializer):
    stage_name = serializers.CharField(source="stage.name", read_only=True)

    class Meta:
        model = AcquisitionCase
        exclude = ["team", "created_by"]


class CaseDetailSerializer(CaseSerializer):
    stage_history = StageChangeSerializer(many=True, read_only=True, source="stage_changes")

    class Meta(CaseSerializer.Meta):
        pass


class CaseMoveSerializer(Strict, serializers.Serializer):
    to = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The id of the target stage.")
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The case's version as read (or send it in the If-Match header)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    lost_reason = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    reapproach_on = serializers.DateField(required=False, allow_null=True)
    paused_until = serializers.DateField(required=False, allow_null=True)
    partnership_kind = serializers.CharField(required=False, allow_blank=True, max_length=30)
    started_on = serializers.DateField(required=False, allow_null=True)
    commitments = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class IntroductionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Introduction
        fields = "__all__"


class IntroductionInputSerializer(Strict, serializers.ModelSerializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    introducer = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The id of the introducing partner.")
    )
    contact = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )

    class Meta:
        model = Introduction
        fields = [
            "case",
            "introducer",
            "contact",
            "date",
            "channel",
            "introducer_agreed_to_be_named",
            "company_agreed_to_contact",
            "outcome",
            "note",
        ]
        validators: list[Any] = []


class TouchpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Touchpoint
        exclude = ["team", "merge_values", "fingerprint"]


class TouchpointInputSerializer(Strict, serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    channel = serializers.ChoiceField(choices=Touchpoint._meta.get_field("channel").choices)
    direction = serializers.ChoiceField(
        choices=Touchpoint.Direction.choices, default=Touchpoint.Direction.OUT
    )
    occurred_on = serializers.DateField()
    contact = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    outcome = serializers.ChoiceField(
        choices=Touchpoint.Outcome.choices, required=False, allow_blank=True, default=""
    )
    solicited = serializers.BooleanField(required=False, default=False)
    override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default=""
    )


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    blocks = serializers.BooleanField()
    title = serializers.CharField()
    explanation = serializers.CharField()
    detail = serializers.CharField()
    evidence = serializers.DictField()


class RefusalSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        exclude = ["team"]


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutreachFlag
        exclude = ["team"]


class FlagAcknowledgeSerializer(Strict, serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class NeedsProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedsProfile
        exclude = ["team"]


PROFILE_FIELDS = [
    "challenges",
    "no_challenges",
    "other_challenge",
    "offers_other",
    "share_women",
    "share_part_time",
    "local_situation",
]


class NeedsProfileInputSerializer(Strict, serializers.ModelSerializer):
    """The page's fields; the service checks the challenges against the vocabulary."""

    challenges = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=50
    )
    measures_offered = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=200,
        help_text=_("Ids of the team's active measures the company already offers."),
    )

    class Meta:
        model = NeedsProfile
        fields = [*PROFILE_FIELDS, "measures_offered"]
        validators: list[Any] = []


class NeedsProfileCreateSerializer(NeedsProfileInputSerializer):
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    class Meta(NeedsProfileInputSerializer.Meta):
        fields = ["company", *PROFILE_FIELDS, "measures_offered"]


class StatementDraftSerializer(Strict, serializers.Serializer):
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    language = serializers.ChoiceField(
        choices=BenefitStatement.Language.choices, default=BenefitStatement.Language.GERMAN
    )


class StatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitStatement
        exclude = ["team"]


class StageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Stage
        fields = ["id", "pipeline", "name", "kind", "position", "requirements"]


class ErrorSerializer(serializers.Serializer):
    """{field: [messages]}; `non_field_errors` for what concerns the whole request."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)
