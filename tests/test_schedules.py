"""Default beat schedules are installed in the database and point at tasks that exist."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from config.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _migrated_schedules():
    """The schedules are data written by migrations (each defines SCHEDULES and install()). A transactional test
    that ran earlier in the same worker flushed them, so run those migrations' install() again: it adds only what
    is missing, which is what the migration did on a fresh database."""
    from django.apps import apps

    for path in sorted(Path(settings.BASE_DIR).glob("*/migrations/0*.py")):
        module = importlib.import_module(f"{path.parent.parent.name}.migrations.{path.stem}")
        if hasattr(module, "SCHEDULES") and hasattr(module, "install"):
            module.install(apps, None)


EXPECTED = {
    "core.tasks.record_heartbeat",
    "notifications.tasks.send_pending_notifications",
    "assessments.tasks.sweep_form_deadlines",
    "assessments.tasks.sweep_reassessments",
    "assessments.tasks.requeue_decision_reports",
    "assessments.tasks.requeue_case_exports",
}


def test_default_schedules_are_installed_and_enabled():
    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    assert set(tasks) >= EXPECTED
    assert all(tasks[t] for t in EXPECTED)


def test_every_scheduled_task_is_registered_with_celery():
    app.loader.import_default_modules()
    for task in PeriodicTask.objects.values_list("task", flat=True):
        assert task in app.tasks, task


def test_daily_sweeps_run_in_copenhagen_time():
    sweep = PeriodicTask.objects.get(task="assessments.tasks.sweep_reassessments")
    assert str(sweep.crontab.timezone) == "Europe/Copenhagen"
    assert (sweep.crontab.hour, sweep.crontab.minute) == ("6", "15")
