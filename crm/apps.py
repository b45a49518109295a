from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from crm.collation import german_collation_register

# Connected at import, before any app's ready() could open a connection.
connection_created.connect(german_collation_register, dispatch_uid="crm_german_collation")


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Teams and pipeline")

    def ready(self) -> None:
        from crm import receivers, selectors, timeline
        from crm.accounts import receivers as account_receivers

        del receivers, account_receivers  # imported to connect them
        timeline.register("stage_changes", selectors.stage_change_entries)
