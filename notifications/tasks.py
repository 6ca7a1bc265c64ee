from celery import shared_task

from .services import notification_send, unsent_ids


@shared_task(bind=True, acks_late=True, max_retries=5, autoretry_for=(OSError,), retry_backoff=True)
def send_notification(self, pk: int) -> bool:
    return notification_send(pk=pk)


@shared_task
def send_pending_notifications() -> int:
    """Outbox sweep: send what was written but never sent (broker down, worker killed)."""
    ids = unsent_ids()
    for pk in ids:
        notification_send(pk=pk)
    return len(ids)
