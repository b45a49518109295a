"""The REST API's endpoints: thin views over the same selectors and services as the pages."""

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors as api_selectors
from api import serializers as s
from api import services as api_services
from api.permissions import LeadForWrites, TeamMember, TokenScope
from benefits import selectors as benefit_selectors
from benefits import services as benefit_services
from benefits.models import Measure, NeedsProfile
from companies import selectors as company_selectors
from companies import services as company_services
from companies.filters import CompanyFilter, NetworkPartnerFilter
from companies.models import Company, Contact, NetworkPartner, Tie
from crm import selectors as crm_selectors
from crm import services as crm_services
from crm.filters import CaseListFilter
from crm.models import LostReason, Membership, Stage, Team
from outreach import selectors as outreach_selectors
from outreach import services as outreach_services
from outreach.models import Introduction, OutreachFlag, Touchpoint

MAX_ID = 2**63 - 1
FILTER_BLANK = _("Leave out a filter you do not use; it cannot be empty.")
PAGE_SIZE_INVALID = _("Give a whole number from 1 to 200.")
NOT_FOUND_IN_TEAM = _("No such record in your team.")
VERSION_REQUIRED = _("Send the version you read, in the body or the If-Match header.")
VERSION_INVALID = _('The If-Match header must be the case\'s version, e.g. "3".')
RECORD_CHANGED = _(
    "Someone changed this record after you read it. Read it again and send your change "
    "with its new ETag."
)
ETAG_INVALID = _('The If-Match header must be the ETag you read, e.g. "5f0c2a9e".')
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=str(
        _(
            "The ETag you read; when the record changed since, the answer is 409 and "
            "nothing is saved."
        )
    ),
)
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=str(_("Send the same key again to get the first answer instead of a copy.")),
)


class Pages(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        """The pages' size; an invalid one is refused, not silently replaced."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if len(values) > 1 or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_INVALID]})
        return int(value)


class TeamFilterBackend(DjangoFilterBackend):
    """The pages' filter sets, which take the active team; invalid filters answer 400."""

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet, view: Any) -> dict:
        return {**super().get_filterset_kwargs(request, queryset, view), "team": view.team}

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        # The pages' forms send empty fields for "any"; in the API a filter sent empty
        # is a mistake (an empty date is no date), so it is refused, not ignored.
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            blank = sorted(
                name
                for name in filterset_class.base_filters
                if name in request.query_params and not request.query_params.get(name, "").strip()
            )
            if blank:
                raise ValidationError({name: [FILTER_BLANK] for name in blank})
        return super().filter_queryset(request, queryset, view)


class TeamViewSet(viewsets.GenericViewSet):
    """Members of the active team (the token's team); `self.team` scopes every query."""

    permission_classes = [TeamMember, TokenScope]
    pagination_class = Pages
    filter_backends = [TeamFilterBackend, OrderingFilter]
    ordering_fields = ["id"]
    # Any text reaches the view (not Django's HTML 404): ids that are no number, or
    # too large for the database, answer the API's own 404.
    lookup_value_converter = "str"
    team: Team
    membership: Membership

    def get_object(self) -> Any:
        pk = str(self.kwargs.get("pk", ""))
        if not pk.isdigit() or int(pk) > MAX_ID:
            raise NotFound()
        return super().get_object()

    def own(self, pk: Any, field: str, queryset: QuerySet) -> Any:
        """A record of the own team named by id in the body, or a 400 on that field."""
        found = queryset.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise ValidationError({field: [NOT_FOUND_IN_TEAM]})
        return found


def etag(data: Any) -> str:
    """A representation's version for If-Match: a digest of what the reader was shown."""
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


class VersionedMixin:
    """Records without a version number carry an ETag (a digest of their representation);
    a change sent with `If-Match` is refused with 409 when the record changed since."""

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(self.get_object()).data  # type: ignore[attr-defined]
        return self.tagged(Response(data))

    def current(self) -> Response:
        """The record as it is now, read as a GET reads it, with its new ETag."""
        return self.tagged(Response(self.get_serializer(self.get_object()).data))  # type: ignore[attr-defined]

    @staticmethod
    def tagged(response: Response) -> Response:
        response["ETag"] = etag(response.data)
        return response

    @contextmanager
    def unchanged(self, request: Request) -> Iterator[Any]:
        """The record to change, locked until the change is saved; 409 when it is stale."""
        header = request.headers.get("If-Match", "").strip()
        with transaction.atomic():
            record = self.get_object()  # type: ignore[attr-defined]
            if header and header != "*":
                found = re.fullmatch(r'(?:W/)?"?([0-9a-f]{1,64})"?', header)
                if found is None:
                    raise ValidationError({"version": [ETAG_INVALID]})
                # Locked, then read again: nobody changes it between the check and the save.
                list(type(record).objects.select_for_update().filter(pk=record.pk).values("pk"))
                record = self.get_object()  # type: ignore[attr-defined]
                current = etag(self.get_serializer(record).data)  # type: ignore[attr-defined]
                if found.group(1) != current.strip('"'):
                    raise DjangoValidationError(
                        {"version": [DjangoValidationError(RECORD_CHANGED, code="stale")]}
                    )
            yield record


class IdempotentCreateMixin:
    """`Idempotency-Key` on a creating request: a retry gets the first answer back."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get("Idempotency-Key", "").strip()
        if key:
            kept = api_selectors.idempotent_answer(user=request.user, key=key, path=request.path)
            if kept is not None:
                return Response(kept.body, status=kept.status)
        response = self.perform_create_request(request)
        if key and response.status_code < 500:
            api_services.idempotent_answer_keep(
                user=request.user,
                key=key,
                path=request.path,
                status=response.status_code,
                body=response.data,
            )
        return response

    def perform_create_request(self, request: Request) -> Response:
        raise NotImplementedError


@extend_schema(tags=["companies"])
class CompanyViewSet(
    VersionedMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TeamViewSet,
):
    serializer_class = s.CompanySerializer
    filterset_class = CompanyFilter
    ordering_fields = ["id", "legal_name", "city", "created_at"]

    def get_queryset(self) -> QuerySet[Company]:
        if getattr(self, "swagger_fake_view", False):
            return Company.objects.none()
        return company_selectors.companies_for_team(team=self.team)

    @extend_schema(
        request=s.CompanyInputSerializer,
        responses={201: s.CompanySerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        data = self._input(request)
        company = company_services.company_create(
            team=self.team, by=request.user, recheck_duplicates=True, **data
        )
        return Response(s.CompanySerializer(company).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CompanyInputSerializer,
        responses={200: s.CompanySerializer},
        parameters=[IF_MATCH_HEADER],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.unchanged(request) as company:
            data = self._input(request, partial=True)
            company_services.company_update(company=company, by=request.user, **data)
        return self.current()

    def _input(self, request: Request, partial: bool = False) -> dict[str, Any]:
        serializer = s.CompanyInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = data.pop("distinct_from", [])
        others = list(Company.objects.filter(team=self.team, pk__in=ids))
        if len(others) != len(set(ids)):
            raise ValidationError({"distinct_from": [NOT_FOUND_IN_TEAM]})
        data["distinct_from"] = others
        return data


@extend_schema(tags=["companies"])
class ContactViewSet(
    VersionedMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TeamViewSet,
):
    """Contact persons of the team's companies; staff add and change them, as on the pages."""

    serializer_class = s.ContactSerializer
    ordering_fields = ["id", "last_name"]

    def get_queryset(self) -> QuerySet[Contact]:
        if getattr(self, "swagger_fake_view", False):
            return Contact.objects.none()
        return Contact.objects.filter(company__team=self.team)

    @extend_schema(
        request=s.ContactCreateSerializer,
        responses={201: s.ContactSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        serializer = s.ContactCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        company = self.own(
            data.pop("company"), "company", company_selectors.companies_for_team(team=self.team)
        )
        contact = company_services.contact_create(company=company, by=request.user, **data)
        return Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ContactInputSerializer,
        responses={200: s.ContactSerializer},
        parameters=[IF_MATCH_HEADER],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.unchanged(request) as contact:
            serializer = s.ContactInputSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            company_services.contact_update(
                contact=contact, by=request.user, **serializer.validated_data
            )
        return self.current()


@extend_schema(tags=["partners"])
class PartnerViewSet(
    VersionedMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TeamViewSet,
):
    """The team's network partners."""

    serializer_class = s.PartnerSerializer
    filterset_class = NetworkPartnerFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return s.PartnerSerializer.Meta.model.objects.none()
        return company_selectors.partners_for_team(team=self.team)

    @extend_schema(
        request=s.PartnerInputSerializer,
        responses={201: s.PartnerSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        data = self._input(request)
        partner = company_services.partner_create(team=self.team, by=request.user, **data)
        return Response(s.PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PartnerInputSerializer,
        responses={200: s.PartnerSerializer},
        parameters=[IF_MATCH_HEADER],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.unchanged(request) as partner:
            data = self._input(request, partial=True)
            company_services.partner_update(partner=partner, by=request.user, **data)
        return self.current()

    def _input(self, request: Request, partial: bool = False) -> dict[str, Any]:
        serializer = s.PartnerInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("company") is not None:
            data["company"] = self.own(
                data["company"], "company", company_selectors.companies_for_team(team=self.team)
            )
        return data


@extend_schema(tags=["partners"])
class TieViewSet(
    VersionedMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TeamViewSet,
):
    """What links a partner to a company (one tie per pair)."""

    serializer_class = s.TieSerializer

    def get_queryset(self) -> QuerySet[Tie]:
        if getattr(self, "swagger_fake_view", False):
            return Tie.objects.none()
        return Tie.objects.filter(partner__team=self.team)

    @extend_schema(
        request=s.TieInputSerializer,
        responses={201: s.TieSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        data = self._input(request)
        tie = company_services.tie_create(by=request.user, **data)
        return Response(s.TieSerializer(tie).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.TieInputSerializer, responses={200: s.TieSerializer}, parameters=[IF_MATCH_HEADER]
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.unchanged(request) as tie:
            data = self._input(request, partial=True)
            company_services.tie_update(tie=tie, by=request.user, **data)
        return self.current()

    def _input(self, request: Request, partial: bool = False) -> dict[str, Any]:
        serializer = s.TieInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "partner" in data:
            data["partner"] = self.own(
                data["partner"], "partner", NetworkPartner.objects.filter(team=self.team)
            )
        if "company" in data:
            data["company"] = self.own(
                data["company"], "company", company_selectors.companies_for_team(team=self.team)
            )
        return data


def _if_match(request: Request) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    found = re.fullmatch(r'(?:W/)?"?(\d{1,9})"?', header)
    if found is None:
        raise ValidationError({"version": [VERSION_INVALID]})
    return int(found.group(1))


@extend_schema(tags=["cases"])
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet):
    filterset_class = CaseListFilter
    ordering_fields = ["id", "opened_at", "stage_entered_at", "next_step_due"]

    def get_serializer_class(self) -> type:
        return s.CaseDetailSerializer if self.action == "retrieve" else s.CaseSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return s.CaseSerializer.Meta.model.objects.none()
        cases = crm_selectors.cases_for_team(team=self.team)
        if self.action == "retrieve":
            cases = cases.prefetch_related("stage_changes")
        return cases

    @extend_schema(
        request=s.CaseMoveSerializer,
        responses={200: s.CaseDetailSerializer},
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)],
        description=str(
            _(
                "Move the case to a stage of its pipeline, like the board. 409 when a stage "
                "requirement is unmet or the version is stale."
            )
        ),
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        serializer = s.CaseMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = _if_match(request) or data.get("version")
        if version is None:
            raise ValidationError({"version": [VERSION_REQUIRED]})
        to = self.own(data["to"], "to", crm_selectors.stages_for_team(team=self.team))
        reason = None
        if data.get("lost_reason"):
            reason = self.own(
                data["lost_reason"],
                "lost_reason",
                LostReason.objects.filter(team=self.team),
            )
        details = crm_services.MoveDetails(
            note=data.get("note", ""),
            lost_reason=reason,
            reapproach_on=data.get("reapproach_on"),
            paused_until=data.get("paused_until"),
            partnership_kind=data.get("partnership_kind", ""),
            started_on=data.get("started_on"),
            commitments=data.get("commitments", ""),
        )
        moved = crm_services.case_move(
            case=case, to=to, by=request.user, version=version, details=details
        )
        moved = self.get_queryset().prefetch_related("stage_changes").get(pk=moved.pk)
        return Response(s.CaseDetailSerializer(moved).data)


@extend_schema(tags=["cases"])
class StageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet):
    serializer_class = s.StageSerializer

    def get_queryset(self) -> QuerySet[Stage]:
        if getattr(self, "swagger_fake_view", False):
            return Stage.objects.none()
        return crm_selectors.stages_for_team(team=self.team)


@extend_schema(tags=["outreach"])
class IntroductionViewSet(
    IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet
):
    """Introductions by partners to the companies of the team's cases."""

    serializer_class = s.IntroductionSerializer

    def get_queryset(self) -> QuerySet[Introduction]:
        if getattr(self, "swagger_fake_view", False):
            return Introduction.objects.none()
        return Introduction.objects.filter(case__team=self.team)

    @extend_schema(
        request=s.IntroductionInputSerializer,
        responses={201: s.IntroductionSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description=str(_("Record that a partner introduced you to the case's company.")),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        serializer = s.IntroductionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = self.own(data.pop("case"), "case", crm_selectors.cases_for_team(team=self.team))
        introducer = self.own(
            data.pop("introducer"), "introducer", NetworkPartner.objects.filter(team=self.team)
        )
        contact_id = data.pop("contact", None)
        contact = None
        if contact_id is not None:
            contact = self.own(
                contact_id, "contact", Contact.objects.filter(company_id=case.company_id)
            )
        introduction = outreach_services.introduction_record(
            case=case, introducer=introducer, contact=contact, by=request.user, **data
        )
        return Response(s.IntroductionSerializer(introduction).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outreach"])
class TouchpointViewSet(
    IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet
):
    serializer_class = s.TouchpointSerializer
    ordering_fields = ["id", "occurred_on"]

    def get_queryset(self) -> QuerySet[Touchpoint]:
        if getattr(self, "swagger_fake_view", False):
            return Touchpoint.objects.none()
        return Touchpoint.objects.filter(team=self.team)

    @extend_schema(
        request=s.TouchpointInputSerializer,
        responses={201: s.TouchpointSerializer, 422: s.RefusalSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description=str(_("Log a contact; 422 with the findings when a targeting rule refuses.")),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        serializer = s.TouchpointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = self.own(data.pop("case"), "case", crm_selectors.cases_for_team(team=self.team))
        contact_id = data.pop("contact", None)
        contact = None
        if contact_id is not None:
            contact = self.own(
                contact_id, "contact", Contact.objects.filter(company_id=case.company_id)
            )
        touchpoint = outreach_services.touchpoint_log(
            team=self.team,
            company=case.company,
            case=case,
            contact=contact,
            by=request.user,
            **data,
        )
        return Response(s.TouchpointSerializer(touchpoint).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["outreach"])
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet):
    serializer_class = s.CampaignSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return s.CampaignSerializer.Meta.model.objects.none()
        return outreach_selectors.campaigns_for_team(team=self.team)


@extend_schema(tags=["outreach"])
class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet):
    serializer_class = s.FlagSerializer

    def get_queryset(self) -> QuerySet[OutreachFlag]:
        if getattr(self, "swagger_fake_view", False):
            return OutreachFlag.objects.none()
        return OutreachFlag.objects.filter(team=self.team)

    @extend_schema(request=s.FlagAcknowledgeSerializer, responses={200: s.FlagSerializer})
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[TeamMember, TokenScope, LeadForWrites],
    )
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        serializer = s.FlagAcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = outreach_services.flag_acknowledge(
            flag=flag, by=request.user, note=serializer.validated_data["note"]
        )
        return Response(s.FlagSerializer(flag).data)


@extend_schema(tags=["benefits"])
class NeedsProfileViewSet(
    VersionedMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    TeamViewSet,
):
    """One needs profile per company, signed and dated by who captured it."""

    serializer_class = s.NeedsProfileSerializer

    def get_queryset(self) -> QuerySet[NeedsProfile]:
        if getattr(self, "swagger_fake_view", False):
            return NeedsProfile.objects.none()
        return NeedsProfile.objects.filter(team=self.team)

    @extend_schema(
        request=s.NeedsProfileCreateSerializer,
        responses={201: s.NeedsProfileSerializer, 200: s.NeedsProfileSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description=str(
            _(
                "Capture the company's needs profile, signed by you; when it has one "
                "already, that one is updated (200)."
            )
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        serializer = s.NeedsProfileCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        company = self.own(
            data.pop("company"), "company", company_selectors.companies_for_team(team=self.team)
        )
        existed = NeedsProfile.objects.filter(company=company).exists()
        profile = self._save(company, data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(s.NeedsProfileSerializer(profile).data, status=code)

    @extend_schema(
        request=s.NeedsProfileInputSerializer,
        responses={200: s.NeedsProfileSerializer},
        parameters=[IF_MATCH_HEADER],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.unchanged(request) as profile:
            serializer = s.NeedsProfileInputSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            self._save(profile.company, dict(serializer.validated_data))
        return self.current()

    def _save(self, company: Company, data: dict[str, Any]) -> NeedsProfile:
        if "measures_offered" in data:
            ids = set(data["measures_offered"])
            measures = list(Measure.objects.filter(team=self.team, is_active=True, pk__in=ids))
            if len(measures) != len(ids):
                raise ValidationError({"measures_offered": [NOT_FOUND_IN_TEAM]})
            data["measures_offered"] = measures
        return benefit_services.profile_save(company=company, by=self.request.user, **data)


@extend_schema(tags=["benefits"])
class StatementViewSet(
    IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, TeamViewSet
):
    """Benefit statements; new ones are drafted by the drafting service."""

    serializer_class = s.StatementSerializer

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return s.StatementSerializer.Meta.model.objects.none()
        return benefit_selectors.statements_for_team(team=self.team)

    @extend_schema(
        request=s.StatementDraftSerializer,
        responses={201: s.StatementSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        description=str(
            _("Draft a statement for the company from its needs profile and the catalogue.")
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create_request(self, request: Request) -> Response:
        serializer = s.StatementDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        company = self.own(
            data["company"], "company", company_selectors.companies_for_team(team=self.team)
        )
        statement = benefit_services.statement_draft(
            company=company, by=request.user, language=data["language"]
        )
        return Response(s.StatementSerializer(statement).data, status=status.HTTP_201_CREATED)
