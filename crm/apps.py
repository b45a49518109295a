from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Teams and pipeline")

    def ready(self) -> None:
        from crm import receivers, selectors, timeline

        del receivers  # imported to connect them
        timeline.register("stage_changes", selectors.stage_change_entries)
