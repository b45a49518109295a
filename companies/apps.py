from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies and partners")

    def ready(self) -> None:
        from companies import tasks

        del tasks  # imported so that services can start the tasks by name (crm.jobs)
