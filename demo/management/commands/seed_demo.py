"""`manage.py seed_demo`: load the demo data. Safe to run again; a second run changes nothing."""

from django.core.management.base import BaseCommand

from demo.seed import seed_demo
from demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Opretter demodata: socialtilsyn, målgrupper med beskrivelser og vejledninger, leverandører og brugere."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Sæt demoadgangskoden igen på demobrugere, der allerede findes.",
        )

    def handle(self, *args, **options):
        tally = seed_demo(reset_passwords=options["reset_passwords"])
        self.stdout.write("Demodata:")
        for line in tally.lines():
            self.stdout.write(line)
        if tally.changed():
            self.stdout.write(
                self.style.SUCCESS(f"Demodata er klar. Adgangskode til alle demobrugere: {DEMO_PASSWORD}")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demodata fandtes allerede; intet er ændret."))
        self.stdout.write("Se demologins med: python manage.py demo_logins")
