"""The decision report through a real Celery worker on Redis: end to end, a broker outage, concurrent sweeps.

The decision is made with the services; decision_make writes the outbox row in its transaction and queues
the task after commit. The worker (tests/conftest.py `celery_worker`) renders the PDF into the test
database and the test media folder.
"""

import datetime
import hashlib
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import DecisionReport
from assessments.services import decisions as d
from assessments.services.reports import decision_report_render
from assessments.tasks import requeue_decision_reports
from core.tasks import record_heartbeat
from notifications.models import Notification
from notifications.tasks import send_pending_notifications
from tests.brokers import broker_silent, broker_unreachable

from .helpers import fill, to_judging
from .test_decision_report import decide

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _wait_for(report_pk: int, status: str = DecisionReport.Status.DONE, timeout: float = 60) -> DecisionReport:
    deadline = time.monotonic() + timeout
    while True:
        report = DecisionReport.objects.get(pk=report_pk)
        if report.status == status:
            return report
        if time.monotonic() > deadline:
            raise AssertionError(f"report still {report.status} after {timeout} s: {report.last_error}")
        time.sleep(0.25)


def _ready_notifications(case) -> list[Notification]:
    return list(Notification.objects.filter(kind="decision_report_ready", case=case))


def _stored_files(report: DecisionReport, since: float) -> list[Path]:
    """Report files of this decision version written since `since` (the media folder outlives test databases)."""
    folder = Path(report.file.storage.path(f"decisions/{report.decision.case_id}"))
    return [
        p
        for p in folder.glob(f"v{report.decision.version}-*.pdf")
        if p.stat().st_mtime >= since - 1  # file systems with coarse timestamps
    ]


@pytest.fixture
def ready_case(requested_form, supplier_user, consultant):
    """A case whose supplier has submitted the form and the consultant has accepted it (state vurdering)."""
    return to_judging(requested_form, supplier_user, consultant)


@pytest.fixture
def decide_now(ready_case, consultant, second_consultant, leader, supplier_user):
    """Brings the case to the point of decision at once; the returned function makes the decision."""
    decide(
        ready_case,
        consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
        supplier_user=supplier_user,
        make=False,
    )
    return lambda: d.decision_make(case=ready_case, user=consultant)


def _drain(worker: str) -> None:
    """Wait until the worker has run everything queued so far: a sentinel task queued last comes back last
    (one solo worker, prefetch 1, one FIFO queue)."""
    token = uuid.uuid4().hex
    record_heartbeat.delay(token).get(timeout=60)


def test_decision_report_is_rendered_by_the_worker_and_the_supplier_gets_a_link(
    celery_worker, decide_now, supplier_user
):
    started = time.time()
    decision = decide_now()  # decision_make queues the task when its transaction commits

    report = _wait_for(decision.report.pk, timeout=60)

    with report.file.open("rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert report.size == len(content)
    assert report.attempts == 1
    assert report.last_error == ""
    assert [p.name for p in _stored_files(report, started)] == [Path(report.file.name).name]
    (notification,) = _ready_notifications(decision.case)
    assert notification.recipient == supplier_user
    link = reverse("assessments:decision_pdf", args=[decision.case_id, decision.version])
    assert notification.link == link
    assert link in notification.body_text
    # A link, never the file: nothing of the PDF travels in the message.
    assert report.sha256 not in notification.body_text + notification.body_html
    assert "%PDF" not in notification.body_text + notification.body_html


def test_broker_outage_when_deciding_loses_nothing_the_sweep_renders_it_later(celery_worker, decide_now, supplier_user):
    with broker_unreachable():
        t0 = time.monotonic()
        decision = decide_now()  # no error for the user although the task could not be queued
        elapsed = time.monotonic() - t0
    report = DecisionReport.objects.get(decision=decision)
    assert report.status == DecisionReport.Status.PENDING
    assert decision.case.decisions.count() == 1
    # Fails fast (connection refused, no publish or connection retries), so the user is not kept waiting.
    assert elapsed < 2, elapsed

    # Nothing is coming: after a while the row is still pending.
    time.sleep(1.5)
    assert DecisionReport.objects.get(pk=report.pk).status == DecisionReport.Status.PENDING
    assert _ready_notifications(decision.case) == []

    # The sweep only picks up rows older than two minutes (a fresh row has its own task on the way).
    assert requeue_decision_reports() == 0
    DecisionReport.objects.filter(pk=report.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    with broker_unreachable():
        assert requeue_decision_reports() == 0  # still down: the row keeps waiting, no error
    assert requeue_decision_reports() == 1  # broker back: queued to the worker

    report = _wait_for(report.pk, timeout=60)
    assert report.sha256
    assert report.file
    assert len(_ready_notifications(decision.case)) == 1


@pytest.mark.parametrize("outage", [broker_unreachable, broker_silent], ids=["refused", "never-answers"])
def test_broker_outage_a_decision_request_answers_at_once_and_the_sweeps_deliver_everything_later(
    outage, celery_worker, decide_now, ready_case, client, consultant, supplier_user
):
    client.force_login(consultant)
    url = reverse("assessments:decision_make", args=[ready_case.pk])
    with outage():
        t0 = time.monotonic()
        response = client.post(url, {"valid_from": timezone.localdate().isoformat()})
        elapsed = time.monotonic() - t0
    assert response.status_code == 302, response.content.decode()[:500]
    # Behind gunicorn's 30 s timeout a slow answer is a 500 although the decision was saved; a generous
    # bound that still fails when every queued task waits for connection retries.
    assert elapsed < 2, elapsed

    decision = ready_case.decisions.get()
    report = DecisionReport.objects.get(decision=decision)
    assert report.status == DecisionReport.Status.PENDING
    waiting = Notification.objects.filter(case=ready_case, kind__startswith="decision_made")
    assert waiting.count() >= 2
    assert not waiting.filter(sent_at__isnull=False).exists()

    # The broker is back; the next sweeps send the e-mails and queue the report to the worker.
    old = timezone.now() - datetime.timedelta(minutes=5)
    Notification.objects.filter(case=ready_case).update(created_at=old)
    DecisionReport.objects.filter(pk=report.pk).update(created_at=old)
    assert send_pending_notifications() >= waiting.count()
    assert not waiting.filter(sent_at__isnull=True).exists()
    assert requeue_decision_reports() == 1
    _wait_for(report.pk, timeout=60)


@pytest.mark.parametrize("outage", [broker_unreachable, broker_silent], ids=["refused", "never-answers"])
def test_broker_outage_a_supplier_submitting_the_form_answers_at_once_and_the_sweep_sends_the_emails_later(
    outage, requested_form, supplier_user, client
):
    fill(requested_form, supplier_user)
    client.force_login(supplier_user)
    with outage():
        t0 = time.monotonic()
        response = client.post(reverse("assessments:form_submit", args=[requested_form.case_id]))
        elapsed = time.monotonic() - t0
    assert response.status_code == 302
    assert elapsed < 2, elapsed
    requested_form.refresh_from_db()
    assert requested_form.submissions.count() == 1
    waiting = Notification.objects.filter(kind="form_submitted", sent_at__isnull=True)
    assert waiting.count() == 2  # both consultants

    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    send_pending_notifications()
    assert not waiting.exists()


def test_concurrent_sweeps_and_renders_store_one_file_and_send_one_notification(
    celery_worker, decide_now, supplier_user
):
    started = time.time()
    with broker_unreachable():
        decision = decide_now()
    pk = decision.report.pk
    DecisionReport.objects.filter(pk=pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    barrier = threading.Barrier(4)
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(name, fn):
        try:
            barrier.wait(timeout=10)
            results[name] = fn()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("sweep-1", requeue_decision_reports)),
        threading.Thread(target=run, args=("sweep-2", requeue_decision_reports)),
        threading.Thread(target=run, args=("render-1", lambda: decision_report_render(pk=pk))),
        threading.Thread(target=run, args=("render-2", lambda: decision_report_render(pk=pk))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # A render that found the row locked by the other one returns None; neither may fail or render twice.
    assert all(results[name] is None or results[name].status == "done" for name in ("render-1", "render-2"))

    report = _wait_for(pk, timeout=60)
    # Let the worker run the tasks the sweeps queued: they must find the report done and change nothing.
    _drain(celery_worker)

    final = DecisionReport.objects.get(pk=pk)
    assert (final.status, final.file.name, final.sha256) == ("done", report.file.name, report.sha256)
    assert final.attempts == 1
    assert [p.name for p in _stored_files(final, started)] == [Path(final.file.name).name]
    assert len(_ready_notifications(decision.case)) == 1
