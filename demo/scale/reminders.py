"""The reminders the daily sweeps have written up to today: decisions nearing expiry and form deadlines.

Same due-date arithmetic (`notifications.domain`), kinds, once-only keys and recipients as
`reassessment_sweep` and `form_deadline_sweep`, so a sweep run today finds them and writes nothing twice.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings

from assessments.services.notify import FORM_REMINDER_OFFSETS
from notifications.domain import DueReminder, reminders_due

from .steps import DAY, long_date

if TYPE_CHECKING:
    from .cases import Decided
    from .flow import Flow

SWEEP_TIME = datetime.time(6)  # when beat runs the sweeps


def _sweep_at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(day, SWEEP_TIME, tzinfo=now.tzinfo)


def _due(
    deadline: datetime.date, started: datetime.date, today: datetime.date, offsets: tuple[int, ...], kind: str
) -> list[DueReminder]:
    """Every reminder a daily sweep has sent by today (the domain answers the nearest one for one day)."""
    sent: dict[str, DueReminder] = {}
    for offset in sorted(set(offsets), reverse=True):
        day = deadline - datetime.timedelta(days=offset)
        if day > today:
            break
        for due in reminders_due(deadline=deadline, started=started, today=day, offsets_days=offsets, kind_prefix=kind):
            sent[due.kind] = due
    return list(sent.values())


def write_reminders(flow: "Flow", current: "list[Decided]", now: datetime.datetime) -> None:
    """`current`: the decisions in force without an open case on their subject and not under appeal."""
    today = now.date()
    offsets = tuple(settings.REASSESSMENT_REMINDER_DAYS)
    for d in current:
        case = d.case
        for due in _due(d.valid_until, d.decided_on, today, offsets, "reassessment"):
            key = f"{due.kind}:decision={d.decision}:due={due.due.isoformat()}"
            at = _sweep_at(due.due, now)
            subject = f"Genvurdering: afgørelsen i {case.reference} udløber {long_date(at + due.offset_days * DAY)}"
            flow.t.notify(
                at, [case.primary, case.second], case.id, "reassessment_due", key, subject, f"/sager/{case.id}/"
            )
            flow.t.notify(
                at,
                [case.supplier_user],
                case.id,
                "reassessment_due_supplier",
                key,
                subject,
                f"/sager/{case.id}/leverandoer/",
            )
        flow.t.flush_if_big()
    for case, form in flow.open_forms:
        requested = (case.opened_at + DAY).date()
        deadline = requested + datetime.timedelta(days=21)
        for due in _due(deadline, requested, today, FORM_REMINDER_OFFSETS, "form_deadline"):
            flow.t.notify(
                _sweep_at(due.due, now),
                [case.supplier_user],
                case.id,
                "form_deadline",
                f"{due.kind}:form={form}:due={due.due.isoformat()}",
                f"Påmindelse: oplysningsskemaet skal indsendes senest {long_date(_sweep_at(deadline, now))}"
                f" ({case.reference})",
                f"/sager/{case.id}/skema/",
            )
        if today > deadline:
            flow.t.notify(
                _sweep_at(deadline + datetime.timedelta(days=1), now),
                [case.primary],
                case.id,
                "form_overdue",
                f"form_overdue:form={form}:deadline={deadline.isoformat()}",
                f"Fristen for oplysningsskemaet er overskredet ({case.reference})",
                f"/sager/{case.id}/",
            )
