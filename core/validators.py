"""Bounds that keep typed-in values sane before they reach date arithmetic or the database."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
# Integers people type (limits, counts): far beyond any real value, well inside PostgreSQL's integer.
INTEGER_LIMIT = 1_000_000_000


def sane_date(value: datetime.date) -> None:
    """Refuse dates such as 01-01-0001 or 31-12-9999: typing errors that would overflow deadline arithmetic."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(_("Datoen skal ligge mellem år 1900 og 2100."), code="date_range")
