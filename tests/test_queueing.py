"""Queueing a task never makes the caller wait on a broken broker (core/queueing.py)."""

import time

import pytest

from core import queueing
from core.queueing import registered_task, task_enqueue, tasks_enqueue
from notifications.tasks import send_notification
from tests.brokers import broker_silent, broker_unreachable


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Each test starts with no remembered broker failure."""
    monkeypatch.setattr(queueing, "_failed_at", {})


def test_a_refused_broker_is_given_up_at_once_without_retries(settings):
    with broker_unreachable():
        t0 = time.monotonic()
        queued = tasks_enqueue(send_notification, [(1,), (2,), (3,)])
        elapsed = time.monotonic() - t0
    assert queued == 0
    assert elapsed < 1, elapsed  # kombu's default connection retries take several seconds


def test_a_broker_that_never_answers_is_given_up_after_the_short_socket_timeout(settings):
    settings.TASK_ENQUEUE_TIMEOUT_SECONDS = 0.3
    with broker_silent() as server:
        t0 = time.monotonic()
        queued = task_enqueue(send_notification, 1)
        elapsed = time.monotonic() - t0
    assert queued is False
    assert server.connections  # it really tried
    assert elapsed < 2, elapsed  # without a socket timeout the caller would wait for ever


def test_after_a_failure_the_broker_is_left_alone_for_the_pause_then_tried_again(settings):
    settings.TASK_ENQUEUE_TIMEOUT_SECONDS = 0.2
    settings.TASK_ENQUEUE_PAUSE_SECONDS = 60
    with broker_silent() as server:
        assert tasks_enqueue(send_notification, [(1,)]) == 0
        tried = len(server.connections)
        assert tried >= 1
        # A second call (another task of the same request, the next request) does not touch the broker.
        assert tasks_enqueue(send_notification, [(2,), (3,)]) == 0
        assert len(server.connections) == tried
        settings.TASK_ENQUEUE_PAUSE_SECONDS = 0
        assert tasks_enqueue(send_notification, [(4,)]) == 0
        assert len(server.connections) > tried


def test_a_task_is_found_by_its_name_so_services_need_not_import_the_tasks_module():
    task = registered_task("notifications.tasks.send_notification")
    # shared_task hands out a proxy; the registry holds the task itself, the same one the proxy stands for
    assert task is send_notification._get_current_object()  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        registered_task("notifications.tasks.no_such_task")
