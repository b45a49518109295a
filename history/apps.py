from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _content_types_fresh(**kwargs: Any) -> None:
    """A worker process lives long: forget its cached content type ids before a task.

    History entries point at a content type. A worker that cached the ids before
    the database's content types were rebuilt (a restored backup, a test database
    flushed between tests) would write entries with ids that no longer exist; the
    cache refills with one query per model the task records.
    """
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("History and data protection records")

    def ready(self) -> None:
        from celery.signals import task_prerun

        from history import registration

        # Every domain model is registered here, by app label, so the history
        # app imports no domain module and the services may import its decorator.
        registration.register_domain_models()
        task_prerun.connect(_content_types_fresh, dispatch_uid="history_content_types_fresh")
