"""The decision report: an outbox row written with the decision, rendered to PDF/A by a Celery task.

Durability: the row is committed in the decision's transaction. Queuing the task happens after commit
and may fail (Redis down) without failing the user's request; `requeue_decision_reports` (assessments.tasks) picks up
every row still pending or failed. Idempotency: a report is rendered once per decision version; a
second run finds it done and changes nothing. Files are content-addressed and never overwritten.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Decision, DecisionReport, report_path
from assessments.selectors.exports import REPORT_MAX_ATTEMPTS
from core.queueing import registered_task, task_enqueue
from notifications.services import Message, notification_queue
from reports import decision_pdf

log = logging.getLogger(__name__)
RENDER_TASK = "assessments.tasks.render_decision_report"


def decision_report_request(*, decision: Decision) -> DecisionReport:
    """Write the outbox row (call inside the decision's transaction) and queue the task after commit."""
    report, _created = DecisionReport.objects.get_or_create(decision=decision)
    transaction.on_commit(lambda: enqueue_report(report.pk))
    return report


def enqueue_report(pk: int) -> bool:
    """Queue the rendering task; on any broker trouble give up at once (the sweep queues it later)."""
    return task_enqueue(registered_task(RENDER_TASK), pk)


def decision_report_render(*, pk: int) -> DecisionReport | None:
    """Render and store the report if it is not done yet. Returns the row, or None when another worker
    holds it right now. Raises on rendering errors after recording them (the task retries with backoff)."""
    with transaction.atomic():
        report = (
            DecisionReport.objects.select_for_update(skip_locked=True)
            .select_related("decision__case__supplier")
            .filter(pk=pk)
            .first()
        )
        if report is None or report.status == DecisionReport.Status.DONE:
            return report
        report.attempts += 1
        raise_after: Exception | None = None
        try:
            pdf = decision_pdf.decision_pdf_bytes(report.decision)
        except Exception as exc:
            render_failure_record(report, exc, max_attempts=REPORT_MAX_ATTEMPTS, alert=_alert_gave_up)
            raise_after = exc  # raised after the block, so the failure record is committed
        else:
            report.sha256 = hashlib.sha256(pdf).hexdigest()
            report.size = len(pdf)
            _store(report, pdf)
            report.status = DecisionReport.Status.DONE
            report.rendered_at = timezone.now()
            report.last_error = ""
            report.save()
            _announce(report)
    if raise_after is not None:
        raise raise_after
    return report


def render_failure_record(row: Any, exc: Exception, *, max_attempts: int, alert: Callable[[Any], None]) -> None:
    """Record a failed render on an outbox row (a decision report, an export) inside its locked transaction:
    status "failed" and the error; on the last allowed attempt, `alert(row)` tells someone once."""
    row.status = "failed"
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    row.save(update_fields=["status", "attempts", "last_error"])
    if row.attempts >= max_attempts:
        alert(row)


def _store(report: DecisionReport, pdf: bytes) -> None:
    """Write the file under its content address, or point at the copy already there; never overwrite.

    A run that wrote the file but lost its commit (worker killed) leaves the same bytes at the same path:
    Django's storage would save a second copy under a random suffix, so an existing path is reused.
    """
    name = report_path(report, "")
    if report.file.storage.exists(name):
        report.file.name = name
    else:
        report.file.save(name, ContentFile(pdf), save=False)


def _alert_gave_up(report: DecisionReport) -> None:
    """After the last attempt nobody retries: tell the primary consultant (once) and log for operations."""
    case = report.decision.case
    log.error("decision report %s gave up after %s attempts: %s", report.pk, report.attempts, report.last_error)
    notification_queue(
        recipients=[case.primary_consultant],
        message=Message(
            "decision_report_failed",
            {"case": case, "decision": report.decision},
            link=reverse("assessments:case_detail", args=[case.pk]),
        ),
        key=f"decision_report_failed:report={report.pk}",
        case=case,
    )


def _announce(report: DecisionReport) -> None:
    """Email the supplier's users a link (never the file) once the report exists."""
    decision = report.decision
    case = decision.case
    notification_queue(
        recipients=case.supplier.users.filter(is_active=True),
        message=Message(
            "decision_report_ready",
            {"case": case, "decision": decision},
            link=reverse("assessments:decision_pdf", args=[case.pk, decision.version]),
        ),
        key=f"decision_report_ready:decision={decision.pk}",
        case=case,
    )
