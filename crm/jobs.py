"""Starting background jobs from services, without importing the task modules.

A task module imports its service (ids in, one service call); a service that
starts a task must not import it back, or the two would form a circle. So
services start tasks by their registered name, after their transaction commits,
and each app imports its own `tasks` module in `AppConfig.ready()`, so that the
web process knows the tasks as well as the worker does. With no broker
configured the task runs eagerly, in-process, as every other call would.
"""

from typing import Any

from django.db import transaction

from crm.celery import app


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Start the Celery task registered as `task_name` once the current transaction commits."""
    transaction.on_commit(lambda: app.tasks[task_name].delay(*args))
