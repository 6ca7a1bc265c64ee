"""Opening a case and moving it through the workflow table."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from assessments.domain.workflow import (
    DECIDED_STATES,
    OPEN_STATES,
    STATE_LABELS,
    TRANSITIONS,
    Action,
    CaseRole,
    State,
    TransitionNotAllowed,
    check_transition,
)
from assessments.models import Case
from assessments.permissions import case_roles
from assessments.services.notify import notify_assigned
from assessments.services.placements import refresh_placements_of
from audit.services import audit_record
from privacy.domain import explain_refusal, find_cpr_numbers
from suppliers.models import Department, Supplier
from targetgroups.models import TargetGroup
from targetgroups.selectors import description_in_force, form_template_in_force, guide_in_force, rule_in_force

# The user reads these when a target group lacks published content (not the field names).
MISSING_LABELS = {
    "description": gettext_lazy("målgruppebeskrivelse"),
    "guide": gettext_lazy("vejledning"),
    "form_template": gettext_lazy("oplysningsskema"),
    "rule": gettext_lazy("indplaceringsregel"),
}


ONE_OPEN_CASE_CONSTRAINT = "case_one_open_per_subject"


def case_lock(case: Case) -> Case:
    """Lock the case row until the end of the transaction and refresh `case` in place from the database.

    The one lock order of the application: a service that reads a count, a state or an outcome of a case
    and writes from it calls this first (case row first, then its children), so two people pressing at the
    same moment are served one after the other and the second sees what the first did. Needs a transaction.
    """
    case.refresh_from_db(from_queryset=Case.objects.select_for_update())
    return case


def open_case_on_subject(
    *, supplier_id: int, department_id: int | None, target_group_id: int, exclude_pk: int | None = None
) -> Case | None:
    """The open case (if any) about this supplier or department (None: the whole supplier) and target group."""
    cases = Case.objects.open().on_subject(
        supplier_id=supplier_id, department_id=department_id, target_group_id=target_group_id
    )
    if exclude_pk is not None:
        cases = cases.exclude(pk=exclude_pk)
    return cases.first()


def _subject_taken(open_case: Case | None) -> ValidationError:
    # Keyed to the target group: that is the field the case form shows it next to.
    return ValidationError(
        {
            "target_group": _("Der er allerede en åben sag (%(ref)s) om samme leverandør og målgruppe.")
            % {"ref": open_case.reference if open_case else "?"}
        },
        code="subject_taken",
    )


def _is_violation_of(exc: IntegrityError, constraint: str) -> bool:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) == constraint


def _save_holding_subject(case: Case, **save_kwargs: Any) -> None:
    """Save a case that is (or becomes) open; the loser of a race for its subject gets the clear error.

    The unique index `case_one_open_per_subject` is the guarantee; the savepoint keeps the caller's
    transaction usable, so the refusal is a ValidationError and never a 500.
    """
    try:
        with transaction.atomic():
            case.save(**save_kwargs)
    except IntegrityError as exc:
        if not _is_violation_of(exc, ONE_OPEN_CASE_CONSTRAINT):
            raise
        raise _subject_taken(
            open_case_on_subject(
                supplier_id=case.supplier_id,
                department_id=case.department_id,
                target_group_id=case.target_group_id,
                exclude_pk=case.pk,
            )
        ) from exc


def _next_reference(case: Case) -> str:
    """ST-HOV-2026-0007: per socialtilsyn and year, gap-free under concurrency (advisory lock)."""
    year = timezone.localdate().year
    prefix = f"ST-{case.socialtilsyn.code[:3].upper()}-{year}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [prefix])
    count = Case.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _check_assignment(*, supplier: Supplier, primary: User, second: User, leader: User) -> None:
    errors = {}
    for field, user, role in (
        ("primary_consultant", primary, Role.CONSULTANT),
        ("second_consultant", second, Role.CONSULTANT),
        ("leader", leader, Role.LEADER),
    ):
        if user.role != role:
            errors[field] = _("Vælg en bruger med rollen %(role)s.") % {"role": Role(role).label.lower()}
        elif user.socialtilsyn_id != supplier.socialtilsyn_id:
            errors[field] = _("Vælg en medarbejder fra %(tilsyn)s.") % {"tilsyn": supplier.socialtilsyn}
    if primary.pk == second.pk:
        errors["second_consultant"] = _("Den anden konsulent skal være en anden person end den primære.")
    if leader.pk in (primary.pk, second.pk):
        errors["leader"] = _("Lederen, der godkender, må ikke selv være konsulent på sagen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_open(
    *,
    user: User,
    supplier: Supplier,
    target_group: TargetGroup,
    primary_consultant: User,
    second_consultant: User,
    leader: User,
    department: Department | None = None,
    mode: str = Case.Mode.DOUBLE_BLIND,
    kind: str = Case.Kind.FIRST,
    previous_case: Case | None = None,
    on: datetime.date | None = None,
) -> Case:
    """Open a case in state 'oprettet' and bind the content versions in force today.

    Only a consultant or leader of the supplier's socialtilsyn may open it. The assignment must respect
    four eyes (two different consultants of that socialtilsyn and a leader who is neither). Refuses when
    the target group lacks a published description, guide, form template or placement rule, and when the
    supplier (or department) already has an open case on the target group — one assessment at a time per
    subject; a follow-up after a decision is a re-assessment. The last rule is also a unique index, so of
    two people opening at the same moment one gets the case and the other this same ValidationError
    (on `target_group`).
    """
    if user.role not in (Role.CONSULTANT, Role.LEADER) or user.socialtilsyn_id != supplier.socialtilsyn_id:
        raise PermissionDenied(_("Kun medarbejdere i leverandørens socialtilsyn kan oprette en sag."))
    if department is not None and department.supplier_id != supplier.pk:
        raise ValidationError({"department": _("Afdelingen hører ikke til leverandøren.")})
    _check_assignment(supplier=supplier, primary=primary_consultant, second=second_consultant, leader=leader)
    open_case = open_case_on_subject(
        supplier_id=supplier.pk,
        department_id=department.pk if department is not None else None,
        target_group_id=target_group.pk,
    )
    if open_case is not None:
        raise _subject_taken(open_case)
    on = on or timezone.localdate()
    versions = {
        "description": description_in_force(target_group=target_group, on=on),
        "guide": guide_in_force(target_group=target_group, on=on),
        "form_template": form_template_in_force(target_group=target_group, on=on),
        "rule": rule_in_force(target_group=target_group, on=on),
    }
    missing = [MISSING_LABELS[name] for name, version in versions.items() if version is None]
    if missing:
        raise ValidationError(
            _("Målgruppen mangler en offentliggjort version af: %(missing)s.")
            % {"missing": ", ".join(str(label) for label in missing)}
        )
    case = Case(
        supplier=supplier,
        department=department,
        target_group=target_group,
        socialtilsyn=supplier.socialtilsyn,
        primary_consultant=primary_consultant,
        second_consultant=second_consultant,
        leader=leader,
        mode=mode,
        kind=kind,
        previous_case=previous_case,
        opened_by=user,
        **versions,
    )
    case.reference = _next_reference(case)
    _save_holding_subject(case)
    if previous_case is not None:
        # The previous decision is no longer the current one once its re-assessment is open.
        refresh_placements_of(case)
    audit_record(
        actor=user,
        case=case,
        obj=case,
        action="case_open",
        summary=_("Sag oprettet for %(subject)s, %(group)s") % {"subject": case.subject_name, "group": target_group},
        after={
            "primary_consultant": primary_consultant.pk,
            "second_consultant": second_consultant.pk,
            "leader": leader.pk,
            "versions": {name: getattr(version, "pk", None) for name, version in versions.items()},
            "mode": mode,
        },
    )
    notify_assigned(case=case)
    return case


def case_transition(
    *, case: Case, action: Action, user: User | None = None, system: bool = False, note: str = ""
) -> Case:
    """Move a case by one row of the workflow table, and record it in the audit trail.

    Locks the case row, so two people pressing the same button cannot both move it. `system=True` is for
    moves the application makes itself (e.g. when both judgements are in). Call inside the transaction
    of the change that justifies the move. A move that reopens a closed case (an appeal taken up again)
    is refused with a ValidationError while another case on the same subject is open. A `note` (e.g. why a
    case is cancelled) goes into the case history and is refused (ValidationError on "note") when it holds
    a CPR number.
    """
    if note and (hits := find_cpr_numbers(note)):
        raise ValidationError({"note": explain_refusal(hits, translate=_)})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        roles = {CaseRole.SYSTEM} if system else case_roles(user, locked)
        try:
            target = check_transition(action, State(locked.state), roles)
        except TransitionNotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        before = locked.state
        reopens = State(before) not in OPEN_STATES and target in OPEN_STATES
        if reopens and (
            other := open_case_on_subject(
                supplier_id=locked.supplier_id,
                department_id=locked.department_id,
                target_group_id=locked.target_group_id,
                exclude_pk=locked.pk,
            )
        ):
            raise ValidationError(
                _("Sagen kan ikke åbnes igen, fordi %(ref)s om samme leverandør og målgruppe er åben.")
                % {"ref": other.reference}
            )
        locked.state = target.value
        locked.state_changed_at = timezone.now()
        if reopens:
            _save_holding_subject(locked, update_fields=["state", "state_changed_at"])
        else:
            locked.save(update_fields=["state", "state_changed_at"])
        # Into or out of a decided state, or a re-assessment cancelled: which decision is current changes.
        if {State(before), target} & DECIDED_STATES or (target == State.ANNULLERET and locked.previous_case_id):
            refresh_placements_of(locked)
        audit_record(
            actor=user,
            case=locked,
            obj=locked,
            action=f"transition:{action.value}",
            summary=f"{TRANSITIONS[action].label}: {STATE_LABELS[State(before)]} → {STATE_LABELS[target]}"
            + (f" – {note}" if note else ""),
            before={"state": before},
            after={"state": target.value},
        )
    case.state = locked.state
    case.state_changed_at = locked.state_changed_at
    return case
