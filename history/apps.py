from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("History and data protection records")

    def ready(self) -> None:
        from history import registration

        # Every domain model is registered here, by app label, so the history
        # app imports no domain module and the services may import its decorator.
        registration.register_domain_models()
