"""Genvurdering: reminders before a decision expires, escalation when it lapses, re-assessment cases,
change notices from suppliers and the end of a remedy period. Every notice is sent once (unique keys)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.domain.workflow import DECIDED_STATES, STAFF_ROLES, CaseRole, State
from assessments.models import Case, ChangeNotice, Decision
from assessments.permissions import case_roles
from assessments.selectors.reassessment import current_decisions
from assessments.services.cases import case_lock, case_open
from assessments.services.notify import case_link_maker, supplier_user_ids_by_supplier
from audit.services import audit_record
from notifications.domain import reminder_tone, reminders_due
from notifications.services import Message, Pending, model_ref, notification_queue, notifications_queue_new
from privacy.text import cpr_check

# The remedy period's reminders: 30 days before it ends and on the day.
REMEDY_OFFSETS = (30, 0)


def _open_case_on_same_subject() -> Q:
    """The decision's supplier/department and target group already has an open case: that case is the
    re-assessment (opened from the decision or on its own), so reminders and lapse notices would mislead."""
    open_cases = Case.objects.open().filter(
        supplier=OuterRef("case__supplier"), target_group=OuterRef("case__target_group")
    )
    same_department = Q(Exists(open_cases.filter(department=OuterRef("case__department"))))
    # department = NULL never matches in SQL: a case on the whole supplier is compared separately.
    both_whole_supplier = Q(case__department__isnull=True) & Q(Exists(open_cases.filter(department__isnull=True)))
    return same_department | both_whole_supplier


def reassessment_sweep(*, today: datetime.date | None = None) -> int:
    """Queue due reminders and escalations. Safe to run twice, or in two processes at once.

    Before a decision expires both consultants and the supplier's users are reminded at each of
    settings.REASSESSMENT_REMINDER_DAYS; the supplier's text says how many days are left and reads
    differently for the first, middle and last reminder. No reminders while the case is under appeal
    (klage), and nothing at all about a decision whose subject already has an open case. When a decision
    lapses without a new one, the leader and the supplier's users are told once.

    A fixed handful of queries whatever the number of decisions and notices: the decisions within reach of a
    reminder (or expired) are read as plain values, the supplier users in one query, the keys already sent in
    one (per 5,000) and the new rows written in one INSERT (per 2,000). Nothing is rendered here: each row
    keeps the decision and case by reference and is rendered when it is sent (`notifications_send_due`).
    """
    today = today or timezone.localdate()
    offsets = settings.REASSESSMENT_REMINDER_DAYS
    # A reminder is due only from `max(offsets)` days before expiry; the remedy reminders from 30 days before.
    within_reach = Q(valid_until__lte=today + datetime.timedelta(days=max(offsets))) | Q(
        remedy_until__gte=today, remedy_until__lte=today + datetime.timedelta(days=max(REMEDY_OFFSETS))
    )
    rows = list(
        current_decisions()
        .filter(within_reach)
        .exclude(_open_case_on_same_subject())
        .order_by("pk")
        .values(*_ROW_FIELDS)
    )
    supplier_users = supplier_user_ids_by_supplier(row["case__supplier_id"] for row in rows)
    # Read once: the current time zone lives in a context-local whose every lookup costs ~0.1 ms.
    tz = timezone.get_current_timezone()
    links = {True: case_link_maker("assessments:supplier_case"), False: case_link_maker("assessments:case_detail")}
    pending = []
    for row in rows:
        for event in _events(row, supplier_users.get(row["case__supplier_id"], []), today, tz):
            case_id = row["case_id"]
            link = links[event.supplier_link](case_id)
            context = {
                "case": model_ref(Case, case_id),
                "decision": model_ref(Decision, event.decision_id),
                **event.context,
            }
            pending.append(Pending(event.recipient_ids, Message(event.kind, context, link=link), event.key, case_id))
    return notifications_queue_new(pending)


_ROW_FIELDS = (
    "pk",
    "valid_until",
    "remedy_until",
    "decided_at",
    "case_id",
    "case__state",
    "case__supplier_id",
    "case__primary_consultant_id",
    "case__primary_consultant__is_active",
    "case__second_consultant_id",
    "case__second_consultant__is_active",
    "case__leader_id",
    "case__leader__is_active",
)


@dataclass(frozen=True)
class _Event:
    """One notice about one decision: its kind, once-only key and the ids of its (active) recipients."""

    decision_id: int
    kind: str
    key: str
    recipient_ids: list[int]
    supplier_link: bool = False
    context: dict[str, Any] = field(default_factory=dict)


def _events(
    row: dict[str, Any], supplier_user_ids: list[int], today: datetime.date, tz: datetime.tzinfo
) -> list[_Event]:
    """What the sweep would tell about one decision today (before checking what was told already)."""
    offsets = settings.REASSESSMENT_REMINDER_DAYS
    pk = row["pk"]
    valid_until: datetime.date = row["valid_until"]
    remedy_until: datetime.date | None = row["remedy_until"]
    decided_on = row["decided_at"].astimezone(tz).date()

    def active(role: str) -> list[int]:
        return [row[f"case__{role}_id"]] if row[f"case__{role}__is_active"] else []

    events = []
    # Under appeal the decision may still change: no reminder now. If one is still due when the appeal
    # is decided, the next sweep sends it (same key, so never twice).
    under_appeal = row["case__state"] == State.KLAGE.value
    due_reminders = (
        []
        if under_appeal
        else reminders_due(
            deadline=valid_until, started=decided_on, today=today, offsets_days=offsets, kind_prefix="reassessment"
        )
    )
    for due in due_reminders:
        context = {
            "days_left": (valid_until - today).days,
            "tone": reminder_tone(offset_days=due.offset_days, offsets_days=offsets),
        }
        key = f"{due.kind}:decision={pk}:due={due.due.isoformat()}"
        consultants = active("primary_consultant") + active("second_consultant")
        events.append(_Event(pk, "reassessment_due", key, consultants, context=context))
        events.append(_Event(pk, "reassessment_due_supplier", key, supplier_user_ids, True, context))
    if today > valid_until:
        until = valid_until.isoformat()
        events.append(
            _Event(pk, "reassessment_expired", f"reassessment_expired:decision={pk}:until={until}", active("leader"))
        )
        events.append(
            _Event(
                pk,
                "reassessment_lapsed_supplier",
                f"reassessment_lapsed:decision={pk}:until={until}",
                supplier_user_ids,
                supplier_link=True,
            )
        )
    if remedy_until:
        for due in reminders_due(
            deadline=remedy_until,
            started=decided_on,
            today=today,
            offsets_days=REMEDY_OFFSETS,
            kind_prefix="remedy_end",
        ):
            key = f"{due.kind}:decision={pk}:due={due.due.isoformat()}"
            recipients = active("primary_consultant") + supplier_user_ids
            events.append(_Event(pk, "remedy_end", key, recipients, context={"days_left": (remedy_until - today).days}))
    return events


def _still_valid(user: User, role: str, tilsyn_id: int) -> User | None:
    return user if user.is_active and user.role == role and user.socialtilsyn_id == tilsyn_id else None


@transaction.atomic
def reassessment_open(
    *,
    previous: Case,
    user: User,
    kind: str = Case.Kind.SCHEDULED,
    primary: User | None = None,
    second: User | None = None,
    leader: User | None = None,
) -> Case:
    """Open the re-assessment of a decided case in one action: same supplier, department and target group,
    the same people where they still fit, linked to the previous case so the form reuses its answers.

    Locks the previous case first, so two people opening its re-assessment at once get one follow-up (the
    other is refused with a ValidationError)."""
    case_lock(previous)
    if State(previous.state) not in DECIDED_STATES:
        raise ValidationError(_("Kun en afgjort sag kan genvurderes."))
    if Case.objects.follow_ups_of(previous).exists():
        raise ValidationError(_("Der er allerede åbnet en genvurdering af denne sag."))
    tilsyn = previous.supplier.socialtilsyn_id
    primary = primary or _still_valid(previous.primary_consultant, Role.CONSULTANT, tilsyn)
    second = second or _still_valid(previous.second_consultant, Role.CONSULTANT, tilsyn)
    leader = leader or _still_valid(previous.leader, Role.LEADER, tilsyn)
    if (
        user.role == Role.CONSULTANT
        and user.socialtilsyn_id == tilsyn
        and user.pk not in (getattr(second, "pk", None),)
    ):
        primary = primary if primary is not None and primary.pk == user.pk else (user if primary is None else primary)
    if primary is None or second is None or leader is None:
        raise ValidationError(_("Vælg konsulenter og leder: nogen fra den forrige sag er ikke længere tilknyttet."))
    return case_open(
        user=user,
        supplier=previous.supplier,
        department=previous.department,
        target_group=previous.target_group,
        primary_consultant=primary,
        second_consultant=second,
        leader=leader,
        mode=previous.mode,
        kind=kind,
        previous_case=previous,
    )


@transaction.atomic
def change_notice_submit(*, case: Case, user: User, text: str) -> ChangeNotice:
    """The supplier reports a material change (e.g. key staff have left) on a decided case (case locked)."""
    if CaseRole.SUPPLIER not in case_roles(user, case):
        raise PermissionDenied(_("Kun leverandøren kan anmelde ændringer."))
    case_lock(case)
    if State(case.state) not in DECIDED_STATES:
        raise ValidationError(_("Ændringer kan anmeldes, når der er truffet afgørelse."))
    if not text.strip():
        raise ValidationError({"text": _("Beskriv ændringen.")})
    if refusal := cpr_check(text):
        raise ValidationError({"text": refusal})
    notice = ChangeNotice.objects.create(case=case, text=text.strip(), submitted_by=user)
    audit_record(
        actor=user,
        case=case,
        obj=notice,
        action="change_notice",
        summary=_("Ændringsanmeldelse modtaget"),
        after={"text": notice.text},
    )
    notification_queue(
        recipients=[case.primary_consultant, case.leader],
        message=Message(
            "change_notice", {"case": case, "notice": notice}, link=reverse("assessments:case_detail", args=[case.pk])
        ),
        key=f"change_notice:notice={notice.pk}",
        case=case,
    )
    return notice


@transaction.atomic
def change_notice_handle(*, notice: ChangeNotice, user: User, reassess: bool, reasons: str) -> ChangeNotice:
    """A consultant of the case decides: open a triggered re-assessment, or record why not.

    Locks the case, then the notice, and reads the notice's outcome under the lock: handled twice at the
    same moment, the notice opens one re-assessment and the second call is refused (ValidationError).
    """
    case = notice.case
    if not case_roles(user, case) & STAFF_ROLES:
        raise PermissionDenied(_("Kun sagens konsulenter og leder kan tage stilling til anmeldelsen."))
    case_lock(case)
    notice.refresh_from_db(from_queryset=ChangeNotice.objects.select_for_update())
    if notice.outcome != ChangeNotice.Outcome.PENDING:
        raise ValidationError(_("Anmeldelsen er allerede behandlet."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Begrund beslutningen.")})
    if refusal := cpr_check(reasons):
        raise ValidationError({"reasons": refusal})
    if reassess:
        notice.follow_up_case = reassessment_open(previous=case, user=user, kind=Case.Kind.TRIGGERED)
    outcome = ChangeNotice.Outcome.REASSESS if reassess else ChangeNotice.Outcome.NO_ACTION
    notice.mark_handled(outcome=outcome, reasons=reasons, user=user)
    notice.save()
    audit_record(
        actor=user,
        case=case,
        obj=notice,
        action="change_notice_handle",
        summary=notice.get_outcome_display(),
        after={"reasons": notice.outcome_reasons},
    )
    return notice
