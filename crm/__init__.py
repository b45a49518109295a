"""Tandem project package: settings, URLs, the Celery app, teams and the pipeline."""

from crm.celery import app as celery_app

__all__ = ["celery_app"]
