from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The reports read every app; they plug in through signals, no app imports them."""

    name = "crm.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from crm.reports import receivers

        del receivers  # imported to connect them
