from celery import shared_task

from .services import notification_send, notifications_send_due


@shared_task(acks_late=True)
def send_notification(pk: int) -> bool:
    """Send one row right after its transaction committed. A failure is recorded on the row (never raised),
    and the sweep retries it when its backoff has passed."""
    return notification_send(pk=pk)


@shared_task
def send_pending_notifications(older_than_seconds: int = 60) -> int:
    """Outbox sweep: send what is due (broker down, worker killed, a failed attempt whose wait is over, or the
    rows a sweep wrote in bulk, which queue this task with `older_than_seconds=0`).

    One row never stops the others: a row that fails is recorded with its backoff on its own and the sweep
    goes on (`notifications_send_due`). Returns how many were sent now.
    """
    return notifications_send_due(older_than_seconds=older_than_seconds)
