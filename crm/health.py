"""Health endpoints for a load balancer or an orchestrator.

``/healthz`` says the process answers (no database, no session); ``/readyz``
says it can serve: the database answers a query and, when a broker is
configured, the broker accepts a connection. Both are plain text, carry no
personal data and are excluded from the login requirement.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 2


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _broker_ready() -> bool | None:
    """True or False for a configured broker; None when tasks run eagerly."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # any transport error means "not ready"
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    checks = {"database": _database_ready(), "broker": _broker_ready()}
    ready = all(value is not False for value in checks.values())
    lines = [
        f"{name}: {'eager' if value is None else ('ok' if value else 'unavailable')}"
        for name, value in checks.items()
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain", status=200 if ready else 503
    )
