"""Pure reminder and retry arithmetic (notifications/domain.py)."""

import datetime

import pytest

from notifications.domain import reminder_tone, reminders_due, retry_delay_seconds


@pytest.mark.parametrize(("attempts", "expected"), [(1, 60), (2, 120), (3, 240), (7, 3600), (30, 3600), (10**6, 3600)])
def test_retry_delay_doubles_per_attempt_up_to_the_cap(attempts, expected):
    assert retry_delay_seconds(attempts=attempts, base_seconds=60, max_seconds=3600) == expected


@pytest.mark.parametrize(
    ("offset", "offsets", "tone"),
    [
        (120, (120, 60, 30), "early"),
        (60, (120, 60, 30), "midway"),
        (30, (120, 60, 30), "final"),
        (30, (30, 120, 60), "final"),  # the setting's order does not matter
        (90, (180, 120, 90, 60), "midway"),
        (14, (14,), "final"),  # a single reminder is the last one
        (60, (60, 30), "early"),
    ],
)
def test_reminder_tone_names_the_first_middle_and_last_reminder(offset, offsets, tone):
    assert reminder_tone(offset_days=offset, offsets_days=offsets) == tone


def test_a_due_reminder_carries_its_offset():
    deadline = datetime.date(2027, 6, 30)
    (due,) = reminders_due(
        deadline=deadline,
        started=datetime.date(2026, 1, 1),
        today=deadline - datetime.timedelta(days=45),
        offsets_days=(120, 60, 30),
        kind_prefix="reassessment",
    )
    assert (due.kind, due.offset_days) == ("reassessment_60d", 60)
