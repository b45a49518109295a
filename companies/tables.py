"""Tables for company and partner lists (django-tables2)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from companies.models import Company, NetworkPartner, SizeClass

EMPTY = "—"  # django-tables2's default for an empty cell


class CompanyTable(tables.Table):
    legal_name = tables.Column(verbose_name=_("Company"), linkify=True, order_by=("legal_name",))
    city = tables.Column(order_by=("city", "legal_name"))
    district = tables.Column(order_by=("district", "legal_name"))
    sector_section = tables.Column(verbose_name=_("Sector"))
    size_class = tables.Column()
    contact_count = tables.Column(verbose_name=_("Contacts"), attrs={"td": {"class": "text-end"}})
    updated_at = tables.DateColumn(verbose_name=_("Updated"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = Company
        fields = (
            "legal_name",
            "city",
            "district",
            "sector_section",
            "size_class",
            "contact_count",
            "updated_at",
        )
        order_by = ("legal_name",)
        empty_text = _("No companies match.")
        # The rows are written by `body()`; headers, sorting and pages stay django-tables2's.
        template_name = "includes/written_rows_table.html"

    def body(self) -> list[SafeString]:
        """The page's rows, written out directly (django-tables2's generic cells cost about
        1.5 ms a row); tests/companies/test_tables.py holds them equal to the generic ones."""
        rows = []
        for row in self.paginated_rows:
            company = row.record
            updated = company.updated_at
            rows.append(
                format_html(
                    '<tr class="{}"><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>'
                    '<td>{}</td><td>{}</td><td class="text-end">{}</td><td>{}</td></tr>',
                    row.get_even_odd_css_class(),
                    company.get_absolute_url(),
                    self.render_legal_name(company),
                    company.city or EMPTY,
                    company.district or EMPTY,
                    self.render_sector_section(company.sector_section, company)
                    if company.sector_section
                    else EMPTY,
                    self.render_size_class(company.size_class, company)
                    if company.size_class
                    else EMPTY,
                    EMPTY if company.contact_count is None else company.contact_count,  # type: ignore[attr-defined]
                    date_format(timezone.localtime(updated), "SHORT_DATE_FORMAT")
                    if updated
                    else EMPTY,
                )
            )
        return rows

    def render_legal_name(self, record: Company) -> str:
        return record.full_name

    def render_sector_section(self, value: str, record: Company) -> str:
        # The code keeps the column narrow; the full title is in the tooltip.
        return format_html(
            '<span title="{}">{}</span>', record.get_sector_section_display(), record.sector_section
        )

    def render_size_class(self, value: str, record: Company) -> str:
        return str(SizeClass.short_label(record.size_class))


class NetworkPartnerTable(tables.Table):
    name = tables.Column(verbose_name=_("Partner"), linkify=True)
    kind = tables.Column()
    person_name = tables.Column()
    city = tables.Column()
    district = tables.Column()
    email = tables.EmailColumn()

    class Meta:
        model = NetworkPartner
        fields = ("name", "kind", "person_name", "city", "district", "email")
        order_by = ("name",)
        empty_text = _("No partners match.")
        # The rows are written by `body()`; headers, sorting and pages stay django-tables2's.
        template_name = "includes/written_rows_table.html"

    def body(self) -> list[SafeString]:
        """The page's rows, written out directly, as the company list's."""
        rows = []
        for row in self.paginated_rows:
            partner = row.record
            email = (
                format_html('<a href="mailto:{}">{}</a>', partner.email, partner.email)
                if partner.email
                else EMPTY
            )
            rows.append(
                format_html(
                    '<tr class="{}"><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>'
                    "<td>{}</td><td>{}</td><td>{}</td></tr>",
                    row.get_even_odd_css_class(),
                    partner.get_absolute_url(),
                    partner.name,
                    partner.get_kind_display() or EMPTY,
                    partner.person_name or EMPTY,
                    partner.city or EMPTY,
                    partner.district or EMPTY,
                    email,
                )
            )
        return rows
