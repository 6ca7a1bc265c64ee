"""Exit non-zero when no worker heartbeat is recent: used by the compose health check of beat."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Tjekker, at Celery beat og worker har kørt heartbeat-opgaven for nylig."

    def add_arguments(self, parser):
        parser.add_argument("--max-age-minutes", type=int, default=15)

    def handle(self, *args, max_age_minutes: int, **options):
        since = timezone.now() - timedelta(minutes=max_age_minutes)
        if not WorkerHeartbeat.objects.filter(created_at__gte=since).exists():
            raise CommandError(f"Ingen heartbeat de seneste {max_age_minutes} minutter.")
        self.stdout.write("ok")
