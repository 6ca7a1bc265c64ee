from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by a Celery task; lets the health page show that worker and beat are alive."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    hostname = models.CharField(max_length=200)
    token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.hostname} {self.created_at:%Y-%m-%d %H:%M:%S}"
