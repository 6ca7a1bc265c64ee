"""Queue Celery tasks without ever making a user wait on a dead broker.

Every task queued from a request (and from the outbox sweeps) goes through `tasks_enqueue`. The work itself
is always an outbox row committed first (a notification, a decision report), so a task that cannot be
queued is not lost: the row waits and the periodic sweep queues or sends it later. Queueing therefore only
has to be quick, never certain:

- one broker connection per call, with short socket and connect timeouts (settings.TASK_ENQUEUE_TIMEOUT_SECONDS)
  and no connection retries (kombu's default retries until `broker_connection_timeout`, several seconds);
- no publish retries (`retry=False`) and no result-backend round trip (`ignore_result=True`: nobody in a
  request waits for a result);
- after a failure the same broker is not tried again for settings.TASK_ENQUEUE_PAUSE_SECONDS in this process,
  so a request that queues several tasks, and the requests right after it, pay for at most one timeout.

The worker's own connection settings are untouched: it keeps retrying the broker as Celery's defaults say.
"""

import logging
import threading
import time
from collections.abc import Iterable, Sequence

from celery import Task, current_app
from django.conf import settings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_failed_at: dict[str, float] = {}  # broker URL → time.monotonic() of its last failure in this process


def _fast_fail_transport_options() -> dict:
    timeout = settings.TASK_ENQUEUE_TIMEOUT_SECONDS
    return {
        "max_retries": 0,  # kombu: give up on the first failed connection attempt
        "socket_connect_timeout": timeout,  # redis-py: a host that does not answer at all
        "socket_timeout": timeout,  # redis-py: a broker that accepts but does not reply
    }


def _paused(url: str) -> bool:
    with _lock:
        failed = _failed_at.get(url)
    return failed is not None and time.monotonic() - failed < settings.TASK_ENQUEUE_PAUSE_SECONDS


def _remember(url: str, failed: bool) -> None:
    with _lock:
        if failed:
            _failed_at[url] = time.monotonic()
        else:
            _failed_at.pop(url, None)


def tasks_enqueue(task, calls: Iterable[Sequence]) -> int:
    """Queue `task` once per tuple of positional arguments in `calls`, over one broker connection.

    Returns how many were queued. Never raises and never waits longer than about one socket timeout: at the
    first broker error it stops and logs a warning; the rest wait in their outbox for the sweep.
    """
    calls = [tuple(args) for args in calls]
    if not calls:
        return 0
    app = task.app
    url = str(app.conf.broker_write_url or app.conf.broker_url)
    if _paused(url):
        log.warning("broker failed moments ago; %s × %s left to the outbox sweep", len(calls), task.name)
        return 0
    queued = 0
    try:
        with app.connection_for_write(transport_options=_fast_fail_transport_options()) as connection:
            for args in calls:
                task.apply_async(args=args, connection=connection, retry=False, ignore_result=True)
                queued += 1
    except Exception:  # any broker error means "later": the outbox rows are already committed
        _remember(url, failed=True)
        log.warning(
            "could not queue %s (%s of %s queued); the outbox sweep will pick them up",
            task.name,
            queued,
            len(calls),
            exc_info=True,
        )
        return queued
    _remember(url, failed=False)
    return queued


def task_enqueue(task, *args) -> bool:
    """Queue one call of `task` (see `tasks_enqueue`). Returns True when it was queued."""
    return tasks_enqueue(task, [args]) == 1


def registered_task(name: str) -> Task:
    """The Celery task registered under `name`.

    Services queue tasks by name and never import an app's tasks.py, which imports the services: imports
    point one way (tasks → services). A worker has imported every app's tasks.py when it started; a web
    process imports them here the first time (Celery's autodiscovery, as the worker does)."""
    app = current_app
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]
