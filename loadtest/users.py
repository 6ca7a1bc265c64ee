"""Print the usernames the load test should log in as, comma-separated, from the database the server uses.

    .venv/bin/python loadtest/users.py suppliers [--limit 300]    # supplier users with a form they may fill
    .venv/bin/python loadtest/users.py consultants [--limit 40]   # consultants (and leaders) of every socialtilsyn

Used as `make loadtest LOADTEST_SUPPLIER_USERS=$(.venv/bin/python loadtest/users.py suppliers)`, so that no
virtual user logs in as a supplier with nothing to fill in. Reads only; runs with the project's settings
(DJANGO_SETTINGS_MODULE, DATABASE_URL).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("who", choices=["suppliers", "consultants"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    import django

    django.setup()
    from accounts.models import Role, User
    from assessments.models import InformationForm

    if args.who == "suppliers":
        editable = InformationForm.objects.filter(
            status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT]
        ).values("case__supplier")
        users = User.objects.filter(is_active=True, suppliers__in=editable).distinct()
        limit = args.limit or 300
    else:
        users = User.objects.filter(is_active=True, socialtilsyn__isnull=False, role__in=[Role.CONSULTANT, Role.LEADER])
        limit = args.limit or 40
    # Spread over the socialtilsyn and suppliers rather than the first in the alphabet.
    names = list(users.order_by("?").values_list("username", flat=True)[:limit])
    print(",".join(sorted(names)))


if __name__ == "__main__":
    main()
