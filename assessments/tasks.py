from celery import shared_task

from .services.notify import form_deadline_sweep


@shared_task
def sweep_form_deadlines() -> int:
    """Daily: reminders before the form deadline and an overdue notice after it (each sent once)."""
    return form_deadline_sweep()
