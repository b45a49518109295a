from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from api import receivers, tasks

        # Imported to connect the receivers, and so that services can start the
        # delivery task by name (crm.jobs).
        del receivers, tasks
