"""Who may see and act on a case. Case roles come from the assignment, not from the account alone."""

import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from assessments.domain.workflow import CONSULTANTS, CaseRole
from assessments.models import Case

AnyUser = User | AnonymousUser


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
    elif user.role == Role.SUPPLIER and user.suppliers.filter(pk=case.supplier_id).exists():
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
