from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from privacy import receivers, tasks

        # Imported so that services can start the tasks by name (crm.jobs), and so
        # that the contact create and import paths consult the do-not-contact list.
        del receivers, tasks
