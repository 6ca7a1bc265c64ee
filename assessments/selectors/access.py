"""Which cases a user may see: the one scope every other selector starts from (404 for the rest)."""

from django.db.models import Q
from django.http import Http404

from accounts.models import Role, User
from assessments.models import Case
from assessments.models.cases import CaseQuerySet


def cases_visible_to(user: User) -> CaseQuerySet:
    """Consultants see cases assigned to them; leaders those of their socialtilsyn; suppliers their own."""
    # department__supplier: the case's subject_name (Department.__str__) names the department's supplier.
    qs = Case.objects.select_related(
        "supplier", "department__supplier", "target_group", "primary_consultant", "second_consultant", "leader"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.CONSULTANT:
        return qs.filter(Q(primary_consultant=user) | Q(second_consultant=user))
    if user.role == Role.LEADER:
        tilsyn = user.socialtilsyn_id
        return qs.none() if tilsyn is None else qs.filter(socialtilsyn_id=tilsyn)
    if user.role == Role.SUPPLIER:
        return qs.filter(supplier__users=user)
    return qs.none()


def case_for(user: User, pk: int, *related: str) -> Case | None:
    """One case the user may see, or None (views answer 404 for both 'absent' and 'not yours').

    `related`: more relations a page shows, joined in the same query."""
    cases = cases_visible_to(user).select_related("socialtilsyn", "description", "guide", "rule", *related)
    return cases.filter(pk=pk).first()


def staff_case_or_404(user: User, pk: int, *related: str) -> Case:
    """A case the user may see with its internals (its consultants, the leaders of its socialtilsyn).

    Http404 for 'absent', 'not yours' and suppliers alike, so the answer never tells that a case exists.
    """
    case = case_for(user, pk, *related)
    if case is None or not user.has_perm("assessments.view_case_internals", case):
        raise Http404
    return case
