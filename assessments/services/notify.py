"""Who hears about what happens on a case. Each function queues notifications with a once-only key."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import (
    Appeal,
    Case,
    Decision,
    Hearing,
    HearingComment,
    InformationForm,
    SignOff,
    Submission,
    SupplementRequest,
)
from notifications.domain import overdue, reminders_due
from notifications.services import Message, Pending, model_ref, notification_queue, notifications_queue_new

FORM_REMINDER_OFFSETS = (7, 1)


def _supplier_users(case: Case) -> QuerySet[User]:
    return case.supplier.users.filter(is_active=True)


def _consultants(case: Case) -> list[User]:
    return [u for u in (case.primary_consultant, case.second_consultant) if u is not None]


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


_PK_SLOT = 9_876_543_210


def case_link_maker(url_name: str) -> Callable[[int], str]:
    """The link of `url_name` (a URL with the case's pk as its only argument) for any case: reversed once,
    as the sweeps write thousands of links at a time."""
    pattern = reverse(url_name, args=[_PK_SLOT])
    return lambda pk: pattern.replace(str(_PK_SLOT), str(pk))


def supplier_user_ids_by_supplier(supplier_ids: Iterable[int]) -> dict[int, list[int]]:
    """The ids of the active users of each supplier, in one query (the sweeps' recipients on the supplier's side)."""
    users: dict[int, list[int]] = defaultdict(list)
    # Thousands of ids on a busy day: one array parameter, not one parameter per id (which the ORM's `__in`
    # builds and checks one by one, a measurable part of the sweep).
    ids = sorted(set(supplier_ids))
    if not ids:
        return users
    wanted = RawSQL("SELECT unnest(%s::bigint[])", [ids])
    links = (
        User.suppliers.through.objects.filter(supplier_id__in=wanted, user__is_active=True)
        .order_by("user__username", "user_id")
        .values_list("supplier_id", "user_id")
    )
    for supplier_id, user_id in links:
        users[supplier_id].append(user_id)
    return users


def form_deadline_sweep(*, today: datetime.date | None = None) -> int:
    """Queue due deadline reminders (supplier) and overdue notices (consultants). Safe to run any number of times.

    Returns the number of notifications newly queued. A fixed handful of queries: only the open forms within
    reach of a reminder (or overdue) are read, as plain values; what was not sent already is written in one
    INSERT and rendered when it is sent.
    """
    today = today or timezone.localdate()
    open_forms = (
        InformationForm.objects.filter(
            status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT],
            deadline__lte=today + datetime.timedelta(days=max(FORM_REMINDER_OFFSETS)),
        )
        .order_by("pk")
        .values(
            "pk",
            "case_id",
            "deadline",
            "requested_at",
            "case__supplier_id",
            "case__primary_consultant_id",
            "case__primary_consultant__is_active",
        )
    )
    forms = list(open_forms)
    supplier_users = supplier_user_ids_by_supplier(form["case__supplier_id"] for form in forms)
    tz = timezone.get_current_timezone()  # once: each lookup of the context-local costs ~0.1 ms
    form_link, case_link = case_link_maker("assessments:form_fill"), case_link_maker("assessments:case_detail")
    pending: list[Pending] = []
    for form in forms:
        case_id, deadline = form["case_id"], form["deadline"]
        refs = {
            "case": model_ref(Case, case_id),
            "form": model_ref(InformationForm, form["pk"]),
        }
        started = form["requested_at"].astimezone(tz).date()
        for due in reminders_due(
            deadline=deadline,
            started=started,
            today=today,
            offsets_days=FORM_REMINDER_OFFSETS,
            kind_prefix="form_deadline",
        ):
            message = Message(
                "form_deadline",
                {**refs, "days_left": (deadline - today).days},
                link=form_link(case_id),
            )
            key = f"{due.kind}:form={form['pk']}:due={due.due.isoformat()}"
            pending.append(Pending(supplier_users.get(form["case__supplier_id"], []), message, key, case_id))
        if overdue(deadline=deadline, today=today) and form["case__primary_consultant__is_active"]:
            message = Message("form_overdue", refs, link=case_link(case_id))
            key = f"form_overdue:form={form['pk']}:deadline={deadline.isoformat()}"
            pending.append(Pending([form["case__primary_consultant_id"]], message, key, case_id))
    return notifications_queue_new(pending)


def _case_link(case: Case) -> str:
    return reverse("assessments:case_detail", args=[case.pk])


def _queue(
    recipients: Iterable[User | None], *, kind: str, case: Case, key: str, link: str = "", **context: Any
) -> None:
    """Queue the message of `kind` about `case` (linking to the case unless told otherwise) to those present."""
    notification_queue(
        recipients=[r for r in recipients if r is not None],
        message=Message(kind, {"case": case, **context}, link=link or _case_link(case)),
        key=key,
        case=case,
    )


def notify_assigned(*, case: Case) -> None:
    _queue(
        [case.primary_consultant, case.second_consultant, case.leader],
        kind="case_assigned",
        case=case,
        key=f"case_assigned:case={case.pk}",
    )


def notify_judgements_complete(*, case: Case) -> None:
    _queue(_consultants(case), kind="judgements_complete", case=case, key=f"judgements_complete:case={case.pk}")


def notify_signoff_requested(*, case: Case) -> None:
    _queue(
        [case.leader],
        kind="signoff_requested",
        case=case,
        key=f"signoff_requested:case={case.pk}:round={case.reconciliation_round}",
    )


def notify_returned(*, case: Case, signoff: SignOff) -> None:
    _queue(
        _consultants(case), kind="case_returned", case=case, key=f"case_returned:signoff={signoff.pk}", signoff=signoff
    )


def notify_hearing_started(*, case: Case, hearing: Hearing) -> None:
    _queue(
        _supplier_users(case),
        kind="hearing_started",
        case=case,
        key=f"hearing_started:hearing={hearing.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        hearing=hearing,
    )


def notify_hearing_comment(*, case: Case, comment: HearingComment) -> None:
    _queue(
        _consultants(case),
        kind="hearing_comment",
        case=case,
        key=f"hearing_comment:comment={comment.pk}",
        comment=comment,
    )


def notify_decision_made(*, case: Case, decision: Decision) -> None:
    _queue(
        _supplier_users(case),
        kind="decision_made",
        case=case,
        key=f"decision_made:decision={decision.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        decision=decision,
    )
    _queue(
        [*_consultants(case), case.leader],
        kind="decision_made_staff",
        case=case,
        key=f"decision_made_staff:decision={decision.pk}",
        decision=decision,
    )


def notify_appeal_submitted(*, case: Case, appeal: Appeal) -> None:
    _queue(
        [*_consultants(case), case.leader],
        kind="appeal_submitted",
        case=case,
        key=f"appeal_submitted:appeal={appeal.pk}",
        appeal=appeal,
    )


def notify_appeal_upheld(*, case: Case, appeal: Appeal) -> None:
    _queue(
        _supplier_users(case),
        kind="appeal_upheld",
        case=case,
        key=f"appeal_upheld:appeal={appeal.pk}",
        link=reverse("assessments:supplier_case", args=[case.pk]),
        appeal=appeal,
    )
