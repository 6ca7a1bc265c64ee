"""`manage.py demo_logins`: print where to log in and the demo users, in Danish."""

from django.core.management.base import BaseCommand

from accounts.models import Role, User
from demo.users import DEMO_PASSWORD, DEMO_URL, USERS


class Command(BaseCommand):
    help = "Viser adressen og demobrugernes logins."

    def handle(self, *args, **options):
        usernames = [spec.username for spec in USERS]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=usernames)
            .select_related("socialtilsyn")
            .prefetch_related("suppliers")
        }
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Åbn {DEMO_URL} og log ind med en af demobrugerne:"))
        self.stdout.write("")
        rows = [("Brugernavn", "Rolle", "Navn", "Socialtilsyn / leverandør")]
        for name in usernames:
            user = users.get(name)
            if user is None:
                continue
            if user.socialtilsyn:
                where = user.socialtilsyn.name
            elif user.role == Role.SUPPLIER:
                where = ", ".join(s.name for s in user.suppliers.all())
            else:
                where = user.organisation
            rows.append((user.username, user.get_role_display(), user.get_full_name(), where))
        if len(rows) == 1:
            self.stdout.write(
                self.style.WARNING("Der er ingen demobrugere endnu. Kør først: python manage.py seed_demo")
            )
            return
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(f"Adgangskode for alle demobrugere: {self.style.SUCCESS(DEMO_PASSWORD)}")
        self.stdout.write("")
