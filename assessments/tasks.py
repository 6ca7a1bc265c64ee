"""Celery tasks: each loads ids and calls a service (or a selector for the ids). Imports point one way: this
module imports services; services queue these tasks by name (core.queueing.registered_task)
and never import this module. Beat schedules live in the database (django-celery-beat),
installed once by data migrations in core/migrations and edited in the admin."""

from celery import shared_task

from assessments.selectors.exports import exports_to_requeue, reports_to_requeue
from assessments.services.exports import case_export_render, enqueue_export
from assessments.services.notify import form_deadline_sweep
from assessments.services.process import process_summary_refresh
from assessments.services.reassessment import reassessment_sweep
from assessments.services.reports import decision_report_render, enqueue_report

# Rendering an outbox row (a PDF, a ZIP): delivered again if the worker dies, retried with backoff on errors.
# The service records each failure on the row before raising, and gives up with one alert after its own limit.
render_task = shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=5,
)


@shared_task
def sweep_form_deadlines() -> int:
    """Daily: reminders before the form deadline and an overdue notice after it (each sent once)."""
    return form_deadline_sweep()


@shared_task
def sweep_reassessments() -> int:
    """Daily: genvurdering reminders, escalation of lapsed decisions, end of remedy periods (each sent once)."""
    return reassessment_sweep()


@render_task
def render_decision_report(pk: int) -> str:
    report = decision_report_render(pk=pk)
    return report.status if report is not None else "locked"


@shared_task
def requeue_decision_reports() -> int:
    """Every 5 minutes: queue reports still pending or failed (a Redis outage or a killed worker loses nothing)."""
    ids = reports_to_requeue()
    return sum(1 for pk in ids if enqueue_report(pk))


@render_task
def render_case_export(pk: int) -> str:
    """Render a case file ZIP or a submission PDF (assessments.services.exports)."""
    export = case_export_render(pk=pk)
    return export.status if export is not None else "locked"


@shared_task
def requeue_case_exports() -> int:
    """Every 5 minutes: queue exports still pending or failed (a Redis outage or a killed worker loses nothing)."""
    return sum(1 for pk in exports_to_requeue() if enqueue_export(pk))


@shared_task
def refresh_process_summaries() -> int:
    """Nightly: recompute the summaries of the process figures (Sagsforløb); returns the rows written."""
    return process_summary_refresh()
