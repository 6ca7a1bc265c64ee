"""A task queued by the app runs in a real Celery worker over Redis and writes to the test database."""

import uuid

import pytest

from core.models import WorkerHeartbeat
from core.tasks import record_heartbeat

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_heartbeat_task_runs_in_real_worker_and_writes_row(celery_worker):
    token = uuid.uuid4().hex

    result = record_heartbeat.delay(token)
    row_id = result.get(timeout=30)

    heartbeat = WorkerHeartbeat.objects.get(token=token)
    assert heartbeat.pk == row_id
    assert heartbeat.hostname
