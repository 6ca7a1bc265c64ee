"""Opening a case and moving it through the workflow table."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from audit.services import audit_record
from privacy.domain import explain_refusal, find_cpr_numbers
from suppliers.models import Department, Supplier
from targetgroups.models import TargetGroup
from targetgroups.selectors import description_in_force, form_template_in_force, guide_in_force, rule_in_force

from ..domain.workflow import (
    STATE_LABELS,
    TRANSITIONS,
    Action,
    CaseRole,
    State,
    TransitionNotAllowed,
    check_transition,
)
from ..models import Case
from ..permissions import case_roles
from .notify import notify_assigned

# The user reads these when a target group lacks published content (not the field names).
MISSING_LABELS = {
    "description": gettext_lazy("målgruppebeskrivelse"),
    "guide": gettext_lazy("vejledning"),
    "form_template": gettext_lazy("oplysningsskema"),
    "rule": gettext_lazy("indplaceringsregel"),
}


def _next_reference(case: Case) -> str:
    """ST-HOV-2026-0007: per socialtilsyn and year, gap-free under concurrency (advisory lock)."""
    year = timezone.localdate().year
    prefix = f"ST-{case.socialtilsyn.code[:3].upper()}-{year}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [prefix])
    count = Case.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _check_assignment(*, supplier: Supplier, primary, second, leader) -> None:
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
    user,
    supplier: Supplier,
    target_group: TargetGroup,
    primary_consultant,
    second_consultant,
    leader,
    department: Department | None = None,
    mode: str = Case.Mode.DOUBLE_BLIND,
    kind: str = Case.Kind.FIRST,
    previous_case: Case | None = None,
    on: datetime.date | None = None,
) -> Case:
    """Open a case in state 'oprettet' and bind the content versions in force today.

    Only a consultant or leader of the supplier's socialtilsyn may open it. The assignment must respect
    four eyes (two different consultants of that socialtilsyn and a leader who is neither). Refuses when
    the target group lacks a published description, guide, form template or placement rule.
    """
    if user.role not in (Role.CONSULTANT, Role.LEADER) or user.socialtilsyn_id != supplier.socialtilsyn_id:
        raise PermissionDenied(_("Kun medarbejdere i leverandørens socialtilsyn kan oprette en sag."))
    if department is not None and department.supplier_id != supplier.pk:
        raise ValidationError({"department": _("Afdelingen hører ikke til leverandøren.")})
    _check_assignment(supplier=supplier, primary=primary_consultant, second=second_consultant, leader=leader)
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
    case.save()
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


def case_transition(*, case: Case, action: Action, user=None, system: bool = False, note: str = "") -> Case:
    """Move a case by one row of the workflow table, and record it in the audit trail.

    Locks the case row, so two people pressing the same button cannot both move it. `system=True` is for
    moves the application makes itself (e.g. when both judgements are in). Call inside the transaction
    of the change that justifies the move. A `note` (e.g. why a case is cancelled) goes into the case history
    and is refused (ValidationError on "note") when it holds a CPR number.
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
        locked.state = target.value
        locked.state_changed_at = timezone.now()
        locked.save(update_fields=["state", "state_changed_at"])
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
