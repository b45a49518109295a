"""The statement list (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from benefits.models import BenefitStatement

STATUS_BADGES: dict[str, str] = {
    BenefitStatement.Status.DRAFT: "text-bg-secondary",
    BenefitStatement.Status.APPROVED: "text-bg-primary",
    BenefitStatement.Status.SENT: "text-bg-success",
}


class StatementTable(tables.Table):
    company = tables.Column(verbose_name=_("Company"), order_by=("company__legal_name",))
    status = tables.Column()
    language = tables.Column()
    version = tables.Column(attrs={"td": {"class": "text-end"}})
    score = tables.Column(verbose_name=_("Tailoring"), attrs={"td": {"class": "text-end"}})
    created_by = tables.Column(verbose_name=_("Author"))
    updated_at = tables.DateColumn(verbose_name=_("Updated"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = BenefitStatement
        fields = ("company", "status", "language", "version", "score", "created_by", "updated_at")
        order_by = ("-updated_at",)
        empty_text = _("No statements yet. Draft one from a company's page.")

    def render_company(self, record: BenefitStatement) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', record.get_absolute_url(), record.company.full_name
        )

    def render_status(self, record: BenefitStatement) -> SafeString:
        return format_html(
            '<span class="badge {}">{}</span>',
            STATUS_BADGES.get(record.status, "text-bg-light"),
            record.get_status_display(),
        )

    def render_score(self, record: BenefitStatement) -> SafeString:
        if record.copy_warning:
            return format_html(
                '<span class="text-danger" title="{}"><i class="bi bi-exclamation-triangle"'
                ' aria-hidden="true"></i> {}</span>',
                _("Reads like another statement"),
                record.score,
            )
        return format_html("{}", record.score)

    def render_created_by(self, record: BenefitStatement) -> str:
        user = record.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"
