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


# The relations a case page may show. One query that joins them all costs PostgreSQL far more to plan than to
# run: eleven tables took about 20 ms to plan on the national data (a loaded machine), seven or fewer 1–2 ms
# (the planner's exhaustive search up to join_collapse_limit = 8 tables). So a page may name the relations it
# shows (`only=`) and gets the case, its subject and those in one query of at most seven tables; whatever else
# it touches loads by itself.
SUBJECT = ("supplier", "department", "target_group")
STAFF = ("primary_consultant", "second_consultant", "leader")
CATALOGUE = ("socialtilsyn", "description", "guide", "rule")


def case_for(user: User, pk: int, *related: str, only: tuple[str, ...] | None = None) -> Case | None:
    """One case the user may see, or None (views answer 404 for both 'absent' and 'not yours').

    `related`: more relations a page shows, joined in the same query. `only`: the relations the page shows
    besides its subject (supplier, department, target group) — at most four, so the query stays cheap to plan.
    """
    if only is None:
        cases = cases_visible_to(user).select_related(*CATALOGUE, *related)
    else:
        cases = cases_visible_to(user).select_related(None).select_related(*SUBJECT, *only)
    # Unordered: one row by its key needs no ORDER BY, and an ordered query makes Django hash every selected
    # column (about 0.7 ms of CPU for a case with its people), which `.first()` would add.
    case = next(iter(cases.filter(pk=pk).order_by()[:1]), None)
    if case is not None and only is not None and case.department_id is not None:
        department = case.department
        if department is not None and department.supplier_id == case.supplier_id:
            department.supplier = case.supplier  # its name is the case's subject (Department.__str__)
    return case


def load_related(case: Case, *names: str) -> Case:
    """Read more of a case's relations in one query (at most six, for the same reason as above)."""
    other = Case.objects.select_related(*names).get(pk=case.pk)
    for name in names:
        setattr(case, name, getattr(other, name))
    return case


def staff_case_or_404(user: User, pk: int, *related: str, only: tuple[str, ...] | None = None) -> Case:
    """A case the user may see with its internals (its consultants, the leaders of its socialtilsyn).

    Http404 for 'absent', 'not yours' and suppliers alike, so the answer never tells that a case exists.
    """
    case = case_for(user, pk, *related, only=only)
    if case is None or not user.has_perm("assessments.view_case_internals", case):
        raise Http404
    return case
