"""Due-date arithmetic for reminders. Pure: no Django imports."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DueReminder:
    kind: str
    due: datetime.date
    offset_days: int = 0


def reminders_due(
    *,
    deadline: datetime.date,
    started: datetime.date,
    today: datetime.date,
    offsets_days: Iterable[int],
    kind_prefix: str,
) -> list[DueReminder]:
    """Reminders `offset` days before `deadline` whose day has come, as of `today`.

    A reminder whose day fell before `started` (the deadline was set closer than the offset) is skipped:
    the person was told the deadline when it was set. A reminder whose day has passed while the sweep
    did not run is still due, so an outage delays a reminder but never loses it. Once the deadline has
    passed, no more 'before' reminders are due.
    """
    if today > deadline:
        return []
    due = []
    for offset in sorted(set(offsets_days), reverse=True):
        day = deadline - datetime.timedelta(days=offset)
        if started <= day <= today:
            due.append(DueReminder(kind=f"{kind_prefix}_{offset}d", due=day, offset_days=offset))
    # Only the nearest one matters when several are overdue at once (e.g. after an outage).
    return due[-1:]


def reminder_tone(*, offset_days: int, offsets_days: Iterable[int]) -> str:
    """Which of a series of reminders this is: "early" (the first), "final" (the last) or "midway".

    Lets one template read differently at 120, 60 and 30 days before a deadline without tying the text to
    those numbers, which are a setting.
    """
    ordered = sorted(set(offsets_days), reverse=True)
    if offset_days == ordered[-1]:
        return "final"
    if offset_days == ordered[0]:
        return "early"
    return "midway"


def overdue(*, deadline: datetime.date, today: datetime.date) -> bool:
    return today > deadline


def retry_delay_seconds(*, attempts: int, base_seconds: int, max_seconds: int) -> int:
    """How long a message waits after its `attempts`-th failed attempt: base, 2 × base, 4 × base … capped."""
    if attempts < 1:
        return 0
    # The exponent is bounded so a large attempt count cannot build a huge integer before the cap applies.
    return min(base_seconds * 2 ** min(attempts - 1, 32), max_seconds)
