"""Check that the configured database and Celery broker answer, with a clear message."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from crm.celery import app


class Command(BaseCommand):
    help = "Check that the database and, when configured, the Celery broker are reachable."

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        where = f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}:{db.get('PORT') or ''}"
        try:
            connection.ensure_connection()
        except Exception as exc:
            raise CommandError(
                f"The database ({where.strip()}) is not reachable: {exc}. "
                "Start it or fix DATABASE_URL."
            ) from exc
        self.stdout.write(f"database ok: {where.strip()}")

        if not settings.CELERY_BROKER_URL:
            self.stdout.write("celery: eager mode (no CELERY_BROKER_URL)")
            return
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=3)
        except Exception as exc:
            raise CommandError(
                f"The Celery broker ({settings.CELERY_BROKER_URL}) is not reachable: {exc}. "
                "Start Redis or fix CELERY_BROKER_URL."
            ) from exc
        self.stdout.write(f"broker ok: {settings.CELERY_BROKER_URL}")
