"""Who may see and act on a case. Case roles come from the assignment, not from the account alone."""

from collections.abc import Iterable
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from accounts.models import Role, User
from assessments.domain.workflow import CONSULTANTS, CaseRole
from assessments.models import Case

AnyUser = User | AnonymousUser

# Whether a supplier user belongs to a supplier, kept on the user object (one request's) once asked, so the
# view's check and the service's check of the same case cost one query. Forgotten when the user's suppliers
# change through that object.
_MEMBERSHIP = "_supplier_membership"


def _known_membership(user: User) -> dict[int, bool]:
    # getattr/setattr (not __dict__): request.user is a lazy object that passes these on to the user.
    known: dict[int, bool] | None = getattr(user, _MEMBERSHIP, None)
    if known is None:
        known = {}
        setattr(user, _MEMBERSHIP, known)
    return known


def is_user_of_supplier(user: User, supplier_id: int) -> bool:
    known = _known_membership(user)
    if supplier_id not in known:
        known[supplier_id] = user.suppliers.filter(pk=supplier_id).exists()
    return known[supplier_id]


def remember_supplier_membership(users: Iterable[User], supplier_id: int) -> None:
    """Read for many supplier users at once whether they belong to the supplier (one query, e.g. a history)."""
    asking = {u.pk: u for u in users if u.role == Role.SUPPLIER and supplier_id not in _known_membership(u)}
    if not asking:
        return
    members = set(
        User.suppliers.through.objects.filter(user_id__in=asking, supplier_id=supplier_id).values_list(
            "user_id", flat=True
        )
    )
    for pk, user in asking.items():
        _known_membership(user)[supplier_id] = pk in members


@receiver(m2m_changed, sender=User.suppliers.through)
def _forget_membership(sender: Any, instance: Any, **kwargs: Any) -> None:
    if hasattr(instance, _MEMBERSHIP):
        delattr(instance, _MEMBERSHIP)


def case_roles(user: AnyUser | None, case: Case | None) -> set[CaseRole]:
    """The parts this user plays in this case (empty when none)."""
    if not isinstance(user, User) or not user.is_authenticated or case is None:
        return set()
    roles: set[CaseRole] = set()
    if user.role == Role.CONSULTANT:
        if case.primary_consultant_id == user.pk:
            roles.add(CaseRole.PRIMARY)
        if case.second_consultant_id == user.pk:
            roles.add(CaseRole.SECOND)
    elif user.role == Role.LEADER and case.leader_id == user.pk:
        roles.add(CaseRole.LEADER)
    elif user.role == Role.SUPPLIER and is_user_of_supplier(user, case.supplier_id):
        roles.add(CaseRole.SUPPLIER)
    return roles


@rules.predicate
def is_case_consultant(user: AnyUser, case: Case) -> bool:
    return bool(case_roles(user, case) & CONSULTANTS)


@rules.predicate
def is_case_supplier(user: AnyUser, case: Case) -> bool:
    return CaseRole.SUPPLIER in case_roles(user, case)


@rules.predicate
def is_leader_of_case_tilsyn(user: AnyUser, case: Case) -> bool:
    """Leaders oversee every case of their own socialtilsyn (to assign, follow up and sign off)."""
    return user.is_authenticated and user.role == Role.LEADER and case.socialtilsyn_id == user.socialtilsyn_id


can_view_case = is_case_consultant | is_leader_of_case_tilsyn | is_case_supplier

rules.add_perm("assessments.view_case", can_view_case)
rules.add_perm("assessments.view_case_internals", is_case_consultant | is_leader_of_case_tilsyn)
rules.add_perm("assessments.fill_form", is_case_supplier)


@rules.predicate
def works_with_placements(user: AnyUser) -> bool:
    """Municipal case workers and the socialtilsyn's staff; suppliers see their own decisions elsewhere."""
    return user.is_authenticated and user.role in (Role.MYNDIGHED, Role.CONSULTANT, Role.LEADER, Role.FAGADMIN)


rules.add_perm("assessments.view_register", works_with_placements)


@rules.predicate
def sees_process_figures(user: AnyUser) -> bool:
    """Leaders (their socialtilsyn's figures) and the fagadministrator (every socialtilsyn's)."""
    if not user.is_authenticated:
        return False
    return user.role == Role.FAGADMIN or (user.role == Role.LEADER and user.socialtilsyn_id is not None)


rules.add_perm("assessments.view_process_figures", sees_process_figures)
