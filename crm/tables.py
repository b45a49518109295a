"""The case list (django-tables2)."""

from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.models import AcquisitionCase, Team
from crm.navigation import url_by_id
from crm.selectors import cases_by_company_name

EMPTY = "—"  # django-tables2's default for an empty cell


def source_badge(case: AcquisitionCase) -> SafeString:
    """The source with a warm/cold colour: the targeted way should be visible at a glance."""
    css = "text-bg-success" if case.is_warm else "text-bg-secondary"
    label = _("warm") if case.is_warm else _("cold")
    return format_html(
        '<span class="badge {}" title="{}">{}</span>', css, case.get_source_display(), label
    )


class CaseTable(tables.Table):
    # Ticks for the bulk actions above the list (static/js/case_bulk.js).
    cases = tables.CheckBoxColumn(
        accessor="pk",
        orderable=False,
        attrs={
            "th__input": {"data-bulk-all": "", "aria-label": _("Select all cases on this page")},
            "td__input": {"data-bulk-case": "", "form": "case-bulk", "aria-label": _("Select")},
        },
    )
    company = tables.Column(
        verbose_name=_("Company"),
        accessor="company__legal_name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("company__legal_name", "id"),
    )
    stage = tables.Column(verbose_name=_("Stage"), order_by=("stage__position", "id"))
    stage_entered_at = tables.Column(
        verbose_name=_("In stage"), order_by=("-stage_entered_at", "id")
    )
    owner = tables.Column(
        verbose_name=_("Owner"), order_by=("owner__first_name", "owner__last_name")
    )
    source = tables.Column(verbose_name=_("Source"))
    next_step = tables.Column(verbose_name=_("Next step"), orderable=False)
    next_step_due = tables.Column(verbose_name=_("Due"), order_by=("next_step_due", "id"))
    district = tables.Column(verbose_name=_("District"), accessor="company__district")

    class Meta:
        model = AcquisitionCase
        fields = (
            "cases",
            "company",
            "stage",
            "stage_entered_at",
            "owner",
            "source",
            "next_step",
            "next_step_due",
            "district",
        )
        order_by = ("company",)
        empty_text = _("No cases match.")
        # The rows are written by `body()`; headers, sorting and pages stay django-tables2's.
        template_name = "includes/written_rows_table.html"
        attrs = {"class": "table table-hover align-middle mb-0 case-table"}

    def __init__(self, *args: Any, team: Team | None = None, **kwargs: Any) -> None:
        self.team = team  # before the base class orders the data
        super().__init__(*args, **kwargs)

    def order_company(
        self, queryset: QuerySet[AcquisitionCase], is_descending: bool
    ) -> tuple[QuerySet[AcquisitionCase], bool]:
        if self.team is None:
            return queryset, False  # the plain order of the column
        return cases_by_company_name(queryset, team=self.team, descending=is_descending), True

    def body(self) -> list[SafeString]:
        """The page's rows, written out directly: django-tables2's generic cells (attribute
        lookups, signature inspection, a template node per cell) cost about 2 ms a row.
        Each row reads as the generic one would (tests/crm/test_tables.py compares them)."""
        label = _("Select")
        detail_url = url_by_id("cases:detail")
        rows = []
        for row in self.paginated_rows:
            case = row.record
            due = case.next_step_due
            rows.append(
                format_html(
                    '<tr class="{}"><td><input type="checkbox" name="cases" value="{}" '
                    'data-bulk-case="" form="case-bulk" aria-label="{}" /></td>'
                    '<td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    row.get_even_odd_css_class(),
                    case.pk,
                    label,
                    detail_url(case.pk),
                    self.render_company(case),
                    self.render_stage(case),
                    self.render_stage_entered_at(case.stage_entered_at),
                    self.render_owner(case),
                    self.render_source(case),
                    case.next_step or EMPTY,
                    self.render_next_step_due(due, case) if due else EMPTY,
                    case.company.district or EMPTY,
                )
            )
        return rows

    def render_company(self, record: AcquisitionCase) -> str:
        return record.company.full_name

    def render_stage(self, record: AcquisitionCase) -> str:
        return record.stage.name

    def render_stage_entered_at(self, value: Any) -> str:
        days = (timezone.now() - value).days
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}

    def render_owner(self, record: AcquisitionCase) -> str:
        return record.owner.get_full_name() or record.owner.get_username()

    def render_source(self, record: AcquisitionCase) -> SafeString:
        return format_html("{} {}", source_badge(record), record.get_source_display())

    def render_next_step_due(self, value: Any, record: AcquisitionCase) -> SafeString:
        overdue = record.closed_at is None and value < timezone.localdate()
        return format_html(
            '<span class="{}">{}</span>',
            "text-danger fw-semibold" if overdue else "",
            date_format(value, "SHORT_DATE_FORMAT"),
        )
