"""The arithmetic of the process figures (sagsforløb). Pure: no Django imports.

PostgreSQL computes the figures (assessments.selectors.process); these functions are their reference and the
calendar they are laid out on: the percentile the database uses, the months ahead, the period chosen.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence

SECONDS_PER_DAY = 86400

# The periods a user can look back over (months), and the one shown first.
PERIOD_MONTHS = (3, 6, 12, 24)
DEFAULT_PERIOD_MONTHS = 12
# The genvurderinger falling due are counted for this many months: the current month and the ones after it.
DUE_MONTHS = 12


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The percentile of `values` by linear interpolation between the nearest ranks: PostgreSQL's
    `percentile_cont(fraction) WITHIN GROUP (ORDER BY value)`. None for no values."""
    if not 0 <= fraction <= 1:
        raise ValueError("fraction is between 0 and 1")
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the end of a shorter month (31 January + 1 → 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def period_start(today: datetime.date, months: int) -> datetime.date:
    """The first day of a look-back period of `months` ending today (today included)."""
    return add_months(today, -months) + datetime.timedelta(days=1)


def months_ahead(today: datetime.date, count: int = DUE_MONTHS) -> list[datetime.date]:
    """The first days of `count` months from today's month on: today's month is the first."""
    first = today.replace(day=1)
    return [add_months(first, n) for n in range(count)]


def due_end(today: datetime.date, count: int = DUE_MONTHS) -> datetime.date:
    """The first day after the last of the `count` months from today's month."""
    return add_months(today.replace(day=1), count)


def month_grid(
    counts: Mapping[tuple[int, datetime.date], int], keys: Iterable[int], months: Sequence[datetime.date]
) -> dict[int, list[int]]:
    """Per key (a socialtilsyn), its count in each month, with zero where the database had no row."""
    return {key: [counts.get((key, month), 0) for month in months] for key in keys}


def days(seconds: float | None) -> float | None:
    """A duration in seconds as days (None stays None)."""
    return None if seconds is None else seconds / SECONDS_PER_DAY
