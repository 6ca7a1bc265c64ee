import logging

from celery import shared_task

from .services import notification_send, unsent_ids

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_notification(pk: int) -> bool:
    """Send one row right after its transaction committed. A failure is recorded on the row (never raised),
    and the sweep retries it when its backoff has passed."""
    return notification_send(pk=pk)


@shared_task
def send_pending_notifications() -> int:
    """Outbox sweep: send what is due (broker down, worker killed, or a failed attempt whose wait is over).

    One row never stops the others: each is sent in its own transaction, and anything unexpected is
    logged and the sweep goes on. Returns how many were sent now.
    """
    sent = 0
    for pk in unsent_ids():
        try:
            sent += notification_send(pk=pk, due_only=True)
        except Exception:
            log.exception("outbox sweep: notification %s could not be processed; going on with the next", pk)
    return sent
