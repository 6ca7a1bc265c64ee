"""`manage.py rebuild_agreement_summary`: recount the agreement summary from the judgement rows."""

import time

from django.core.management.base import BaseCommand

from assessments.services.agreement import agreement_summary_rebuild


class Command(BaseCommand):
    help = (
        "Recounts the agreement statistics' summary (assessments_agreementsummary) from the submitted independent "
        "judgements of every double-blind case, by one INSERT … SELECT in one transaction. The summary is kept "
        "up to date when judgements are submitted; run this after bulk loads (seed_scale does) or to check it."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = agreement_summary_rebuild()
        self.stdout.write(f"Enighedsoversigten er genberegnet: {rows:,} rækker på {time.monotonic() - started:.1f} s.")
