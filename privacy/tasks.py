"""Thin Celery tasks: ids in, one service call."""
