import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task
def record_heartbeat(token: str = "") -> int:
    """Store that a worker ran a task just now; return the row id so a caller can find it."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), token=token).pk
