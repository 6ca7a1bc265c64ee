"""`manage.py seed_scale`: the national dataset for measuring, reproducible from a seed number."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale.generate import PROCESS_ROWS, Sizes, generate
from demo.scale.reset import foreign_cases, reset
from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Builds the national dataset for measuring into the configured database: at --scale 1 6,000 suppliers, "
        "15,000 departments, 30,000 decided cases (two submitted independent judgements, the reconciled result, "
        "sign-off, hearing and decision each; 15 pct. re-assess an earlier decision, some with a remedy period), "
        "3,000 open cases spread over every open state, with their forms, answers, audit rows and notifications, "
        "written by COPY in one transaction. The demo seed runs first (it changes nothing when present), so the "
        "target groups, versions, rules and demo users are the demo's; the bulk users (skala.*) share the demo "
        "password. Same --seed and day → same data. Refuses when the database holds cases other than the demo's. "
        "--reset first truncates ALL case data (cases, audit trail — its append-only trigger is set aside for "
        "that statement —, notifications) and deletes the suppliers and users of an earlier run; demo users and "
        "their passwords are kept. Only for a database made for measuring. Decision PDFs are marked rendered and "
        "all point at one placeholder PDF (written once through the storage API) saying the data are synthetic; "
        "file questions are left unanswered. Runs as the tables' owner (it sets foreign keys "
        "and indexes aside during COPY and rebuilds them, which checks every row)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = national size; 0.1 = ten times smaller.")
        parser.add_argument("--seed", type=int, default=42, help="Seed number of every random choice.")
        parser.add_argument("--reset", action="store_true", help="Truncate the case data and earlier bulk rows first.")

    def handle(self, *args, **options):
        scale, seed = options["scale"], options["seed"]
        if scale <= 0:
            raise CommandError("--scale skal være større end 0.")
        started = time.monotonic()
        if options["reset"]:
            reset()
            self.stdout.write("Sagsdata og tidligere skaleringsdata er slettet.")
        elif foreign_cases():
            raise CommandError(
                "Databasen har allerede sager ud over demosagerne. Brug --reset for at slette sagsdata først."
            )
        seed_demo()
        self.stdout.write(f"Demodata klar: {time.monotonic() - started:.1f} s")
        self.stdout.write(f"Skaleringsdata (scale {scale}, seed {seed}): {Sizes.at(scale)}")
        counts = generate(scale=scale, seed=seed, log=self.stdout.write)
        # the process figures read nightly summaries: generate computed them, so the page shows the new data at once
        process_rows = counts.pop(PROCESS_ROWS)
        for table, count in counts.items():
            self.stdout.write(f"  {table}: {count:,}")
        self.stdout.write(f"Sagsforløb: {process_rows:,} rækker i opgørelserne")
        self.stdout.write(self.style.SUCCESS(f"Færdig på {time.monotonic() - started:.1f} s."))
