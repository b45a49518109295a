"""The reports as JSON: the funnel, the sources and the funnel per person.

The same filter form and the same report functions as the report pages
(crm.reports): only the way out differs. Invalid filters answer 400 with the
form's messages instead of being left out, as the page does with a notice.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.endpoints import FILTER_BLANK, TeamViewSet
from api.exceptions import NON_FIELD
from crm.access import LEADS_ONLY_MESSAGE
from crm.reports import funnel
from crm.reports.forms import ReportFilterForm
from crm.reports.scope import ReportFilters

NO_PIPELINE = _("Your team has no pipeline yet.")


# ------------------------------------------------------------------------------
# Representations (read-only)
# ------------------------------------------------------------------------------
class ReportFiltersSerializer(serializers.Serializer):
    pipeline = serializers.IntegerField(source="pipeline.pk")
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    district = serializers.CharField()
    sector = serializers.CharField()
    source = serializers.CharField()


class ReportStageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()


class FunnelCountsSerializer(serializers.Serializer):
    opened = serializers.IntegerField()
    reached = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Cases that reached each step, in the order of `stages`."),
    )
    won = serializers.IntegerField()
    lost = serializers.IntegerField()
    paused = serializers.IntegerField()
    in_play = serializers.IntegerField()
    won_rate = serializers.FloatField(allow_null=True)


class FunnelStepSerializer(serializers.Serializer):
    stage = ReportStageSerializer()
    reached = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True)
    dropped = serializers.IntegerField()
    share_of_opened = serializers.FloatField(allow_null=True)
    stopped_lost = serializers.IntegerField()
    stopped_paused = serializers.IntegerField()
    stopped_open = serializers.IntegerField()


class FunnelReportSerializer(serializers.Serializer):
    filters = ReportFiltersSerializer()
    counts = FunnelCountsSerializer()
    steps = FunnelStepSerializer(many=True)


class GroupRowSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text=_("The value the case list filters on."))
    label = serializers.CharField()
    counts = FunnelCountsSerializer()


class SourceReportSerializer(serializers.Serializer):
    filters = ReportFiltersSerializer()
    stages = ReportStageSerializer(many=True, source="stages.funnel")
    meeting_index = serializers.IntegerField(
        allow_null=True, help_text=_("Which step of `stages` is the first meeting.")
    )
    by_source = GroupRowSerializer(many=True)
    by_warmth = GroupRowSerializer(many=True)
    by_preparation = GroupRowSerializer(many=True)
    total = FunnelCountsSerializer()


class PeopleReportSerializer(serializers.Serializer):
    filters = ReportFiltersSerializer()
    stages = ReportStageSerializer(many=True, source="stages.funnel")
    rows = GroupRowSerializer(many=True)
    total = FunnelCountsSerializer()


FILTER_PARAMETERS = [
    OpenApiParameter(
        "start", OpenApiTypes.DATE, description="Opened from (default: 12 months ago)."
    ),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Opened until (default: today)."),
    OpenApiParameter(
        "pipeline", OpenApiTypes.INT, description="A pipeline's id (default: the team's)."
    ),
    OpenApiParameter(
        "owner", OpenApiTypes.INT, description="A member's user id (leads only; staff: self)."
    ),
    OpenApiParameter("district", OpenApiTypes.STR),
    OpenApiParameter("sector", OpenApiTypes.STR, description="A sector section, e.g. C."),
    OpenApiParameter("source", OpenApiTypes.STR),
]
FILTER_NAMES = [parameter.name for parameter in FILTER_PARAMETERS]


# ------------------------------------------------------------------------------
# The endpoints
# ------------------------------------------------------------------------------
@extend_schema(tags=["reports"], parameters=FILTER_PARAMETERS)
class ReportViewSet(TeamViewSet):
    """Read-only; who may see which report is decided as on the report pages."""

    pagination_class = None  # type: ignore[assignment]
    filter_backends: list[Any] = []

    def filters(self, request: Request, *, leads_only: bool) -> ReportFilters:
        lead = self.membership.is_lead
        if leads_only and not lead:
            raise PermissionDenied(str(LEADS_ONLY_MESSAGE))
        # As for the lists: a filter sent empty is a mistake, not "any" (leave it out).
        blank = sorted(
            name
            for name in FILTER_NAMES
            if name in request.query_params and not request.query_params.get(name, "").strip()
        )
        if blank:
            raise ValidationError({name: [FILTER_BLANK] for name in blank})
        form = ReportFilterForm(
            request.query_params,
            team=self.team,
            owner_fixed=None if lead else request.user,
            today=timezone.localdate(),
        )
        if not form.is_valid():
            raise ValidationError(
                {
                    (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
                    for field, messages in form.errors.items()
                }
            )
        filters = form.report_filters()
        if filters is None:
            raise ValidationError({"pipeline": [NO_PIPELINE]})
        return filters

    @extend_schema(responses={200: FunnelReportSerializer})
    @action(detail=False, methods=["get"])
    def funnel(self, request: Request) -> Response:
        """The funnel: how many cases reached each stage (staff: their own cases)."""
        filters = self.filters(request, leads_only=False)
        report = funnel.funnel_report(team=self.team, filters=filters)
        return Response(FunnelReportSerializer(report).data)

    @extend_schema(responses={200: SourceReportSerializer})
    @action(detail=False, methods=["get"])
    def sources(self, request: Request) -> Response:
        """Cases, meetings and partnerships per source, warmth and preparation (leads)."""
        filters = self.filters(request, leads_only=True)
        report = funnel.source_report(team=self.team, filters=filters)
        return Response(SourceReportSerializer(report).data)

    @extend_schema(responses={200: PeopleReportSerializer})
    @action(detail=False, methods=["get"])
    def people(self, request: Request) -> Response:
        """The funnel per person owning the cases (leads)."""
        filters = self.filters(request, leads_only=True)
        report = funnel.breakdown_report(team=self.team, filters=filters, dimension="owner")
        return Response(PeopleReportSerializer(report).data)
