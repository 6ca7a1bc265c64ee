"""Who hears about what happens on a case. Each function queues notifications with a once-only key."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assessments.models import InformationForm, Submission, SupplementRequest
from notifications.domain import overdue, reminders_due
from notifications.services import Message, notification_queue

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


def _case_link(case) -> str:
    return reverse("assessments:case_detail", args=[case.pk])


def _queue(recipients, kind: str, case, key: str, link: str = "", **context) -> None:
    notification_queue(
        recipients=[r for r in recipients if r is not None],
        message=Message(kind, {"case": case, **context}, link=link or _case_link(case)),
        key=key,
        case=case,
    )


def notify_assigned(*, case) -> None:
    _queue(
        [case.primary_consultant, case.second_consultant, case.leader],
        "case_assigned",
        case,
        f"case_assigned:case={case.pk}",
    )


def notify_judgements_complete(*, case) -> None:
    _queue(_consultants(case), "judgements_complete", case, f"judgements_complete:case={case.pk}")


def notify_signoff_requested(*, case) -> None:
    _queue(
        [case.leader], "signoff_requested", case, f"signoff_requested:case={case.pk}:round={case.reconciliation_round}"
    )


def notify_returned(*, case, signoff) -> None:
    _queue(_consultants(case), "case_returned", case, f"case_returned:signoff={signoff.pk}", signoff=signoff)


def notify_hearing_started(*, case, hearing) -> None:
    _queue(
        _supplier_users(case),
        "hearing_started",
        case,
        f"hearing_started:hearing={hearing.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        hearing=hearing,
    )


def notify_hearing_comment(*, case, comment) -> None:
    _queue(_consultants(case), "hearing_comment", case, f"hearing_comment:comment={comment.pk}", comment=comment)


def notify_decision_made(*, case, decision) -> None:
    _queue(
        _supplier_users(case),
        "decision_made",
        case,
        f"decision_made:decision={decision.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        decision=decision,
    )
    _queue(
        [*_consultants(case), case.leader],
        "decision_made_staff",
        case,
        f"decision_made_staff:decision={decision.pk}",
        decision=decision,
    )


def notify_appeal_submitted(*, case, appeal) -> None:
    _queue(
        [*_consultants(case), case.leader],
        "appeal_submitted",
        case,
        f"appeal_submitted:appeal={appeal.pk}",
        appeal=appeal,
    )


def notify_appeal_upheld(*, case, appeal) -> None:
    _queue(
        _supplier_users(case),
        "appeal_upheld",
        case,
        f"appeal_upheld:appeal={appeal.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        appeal=appeal,
    )
