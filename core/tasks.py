import socket
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task
def record_heartbeat(token: str = "") -> int:
    """Store that a worker ran a task just now; return the row id so a caller can find it."""
    # Only recent beats matter to the health check; keep the table small.
    WorkerHeartbeat.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), token=token).pk
