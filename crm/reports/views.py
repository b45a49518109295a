"""The report pages and their CSV and XLSX exports."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from crm.access import LEADS_ONLY_MESSAGE, TeamRequiredMixin
from crm.exports import download_name, tables_csv, tables_xlsx
from crm.models import Team
from crm.page_cache import CachedPageMixin
from crm.reports import funnel, losses, members, partners, sheets, targeting, timing
from crm.reports.forms import ReportFilterForm
from crm.reports.scope import ReportFilters


@dataclass(frozen=True, slots=True)
class ReportSpec:
    title: Any
    build: Callable[[Team, ReportFilters], list[sheets.Sheet]]
    leads_only: bool = True


def _breakdown(dimension: str) -> Callable[[Team, ReportFilters], list[sheets.Sheet]]:
    def build(team: Team, filters: ReportFilters) -> list[sheets.Sheet]:
        return sheets.breakdown_sheets(
            funnel.breakdown_report(team=team, filters=filters, dimension=dimension)
        )

    return build


REPORTS: dict[str, ReportSpec] = {
    "funnel": ReportSpec(
        gettext_lazy("Funnel"),
        lambda team, f: sheets.funnel_sheets(funnel.funnel_report(team=team, filters=f)),
        leads_only=False,
    ),
    "sources": ReportSpec(
        gettext_lazy("Sources"),
        lambda team, f: sheets.source_sheets(funnel.source_report(team=team, filters=f)),
    ),
    "people": ReportSpec(gettext_lazy("People"), _breakdown("owner")),
    "districts": ReportSpec(gettext_lazy("Districts"), _breakdown("district")),
    "sectors": ReportSpec(gettext_lazy("Sectors"), _breakdown("sector")),
    "sizes": ReportSpec(gettext_lazy("Size classes"), _breakdown("size_class")),
    "time": ReportSpec(
        gettext_lazy("Time"),
        lambda team, f: sheets.time_sheets(timing.time_report(team=team, filters=f)),
    ),
    "lost": ReportSpec(
        gettext_lazy("Lost and on hold"),
        lambda team, f: sheets.loss_sheets(losses.loss_report(team=team, filters=f)),
    ),
    "outreach": ReportSpec(
        gettext_lazy("Outreach quality"),
        lambda team, f: sheets.outreach_sheets(targeting.outreach_report(team=team, filters=f)),
    ),
    "partners": ReportSpec(
        gettext_lazy("Partners"),
        lambda team, f: sheets.partner_sheets(partners.partner_report(team=team, filters=f)),
    ),
    "network": ReportSpec(
        gettext_lazy("Network"),
        lambda team, f: members.member_sheets(team=team, filters=f, today=timezone.localdate()),
    ),
}


class _ReportMixin(TeamRequiredMixin):
    """Finds the report, checks who may see it and reads the filters."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def report_setup(self) -> tuple[str, ReportSpec, ReportFilterForm]:
        slug = self.kwargs.get("report", "funnel")
        spec = REPORTS.get(slug)
        if spec is None:
            raise Http404
        if spec.leads_only and not self.membership.is_lead:
            raise PermissionDenied(LEADS_ONLY_MESSAGE)
        form = ReportFilterForm(
            self.request.GET,
            team=self.team,
            owner_fixed=None if self.membership.is_lead else self.actor,
            today=timezone.localdate(),
        )
        return slug, spec, form


class ReportView(_ReportMixin, CachedPageMixin, TemplateView):
    """One report: the filters, each sheet as a chart with its table, the exports."""

    template_name = "crm/reports/report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug, spec, form = self.report_setup()
        filters = form.report_filters()
        if form.errors:
            messages.error(
                self.request,
                _("Some filters could not be used and were left out: %(fields)s")
                % {"fields": ", ".join(str(form.fields[name].label) for name in form.errors)},
            )
        sheets = spec.build(self.team, filters) if filters else []
        lead = self.membership.is_lead
        query = self.request.GET.urlencode()
        context.update(
            slug=slug,
            spec=spec,
            form=form,
            filters=filters,
            sheets=sheets,
            charts=[
                {"id": f"chart-{sheet.key}", "config": sheet.chart.config()}
                for sheet in sheets
                if sheet.chart and sheet.rows
            ],
            tabs=[(key, s.title) for key, s in REPORTS.items() if lead or not s.leads_only],
            query=f"?{query}" if query else "",
        )
        return context


class ReportExportView(_ReportMixin, View):
    """A report as CSV or XLSX: the same sheets as the page, one table (worksheet) each."""

    def get(self, request: HttpRequest, report: str, fmt: str) -> HttpResponse:
        slug, spec, form = self.report_setup()
        filters = form.report_filters()
        sheets = spec.build(self.team, filters) if filters else []
        tables = [sheet.table() for sheet in sheets]
        name = download_name("tandem", slug, timezone.localdate(), extension=fmt)
        if fmt == "xlsx":
            response = HttpResponse(
                tables_xlsx(tables),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(tables_csv(tables), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
