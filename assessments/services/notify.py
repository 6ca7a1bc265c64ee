"""Who hears about what happens on a case. Each function queues notifications with a once-only key."""

import datetime

from django.urls import reverse
from django.utils import timezone

from notifications.domain import overdue, reminders_due
from notifications.services import Message, notification_queue

from ..models import InformationForm, Submission, SupplementRequest

FORM_REMINDER_OFFSETS = (7, 1)


def _supplier_users(case):
    return case.supplier.users.filter(is_active=True)


def _consultants(case):
    return [case.primary_consultant, case.second_consultant]


def _form_link(form: InformationForm) -> str:
    return reverse("assessments:form_fill", args=[form.case_id])


def notify_form_requested(*, form: InformationForm) -> None:
    case = form.case
    notification_queue(
        recipients=_supplier_users(case),
        message=Message("form_requested", {"case": case, "form": form}, link=_form_link(form)),
        key=f"form_requested:form={form.pk}",
        case=case,
    )


def notify_form_submitted(*, form: InformationForm, submission: Submission) -> None:
    case = form.case
    notification_queue(
        recipients=_consultants(case),
        message=Message(
            "form_submitted",
            {"case": case, "form": form, "submission": submission},
            link=reverse("assessments:form_review", args=[case.pk]),
        ),
        key=f"form_submitted:form={form.pk}:n={submission.number}",
        case=case,
    )


def notify_supplement_requested(*, form: InformationForm, request: SupplementRequest) -> None:
    case = form.case
    notification_queue(
        recipients=_supplier_users(case),
        message=Message("form_supplement", {"case": case, "form": form, "request": request}, link=_form_link(form)),
        key=f"form_supplement:request={request.pk}",
        case=case,
    )


def form_deadline_sweep(*, today: datetime.date | None = None) -> int:
    """Queue due deadline reminders (supplier) and overdue notices (consultants). Safe to run any number of times.

    Returns the number of notifications newly queued.
    """
    today = today or timezone.localdate()
    queued = 0
    open_forms = InformationForm.objects.filter(
        status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT]
    ).select_related("case__supplier", "case__primary_consultant", "case__second_consultant")
    for form in open_forms:
        case = form.case
        started = timezone.localtime(form.requested_at).date()
        for due in reminders_due(
            deadline=form.deadline,
            started=started,
            today=today,
            offsets_days=FORM_REMINDER_OFFSETS,
            kind_prefix="form_deadline",
        ):
            queued += len(
                notification_queue(
                    recipients=_supplier_users(case),
                    message=Message(
                        "form_deadline",
                        {"case": case, "form": form, "days_left": (form.deadline - today).days},
                        link=_form_link(form),
                    ),
                    key=f"{due.kind}:form={form.pk}:due={due.due.isoformat()}",
                    case=case,
                )
            )
        if overdue(deadline=form.deadline, today=today):
            queued += len(
                notification_queue(
                    recipients=[case.primary_consultant],
                    message=Message(
                        "form_overdue",
                        {"case": case, "form": form},
                        link=reverse("assessments:case_detail", args=[case.pk]),
                    ),
                    key=f"form_overdue:form={form.pk}:deadline={form.deadline.isoformat()}",
                    case=case,
                )
            )
    return queued
