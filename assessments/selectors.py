"""Reads of cases, always scoped to the asking user."""

from django.db.models import Q, QuerySet

from accounts.models import Role

from .models import Case


def cases_visible_to(user) -> QuerySet[Case]:
    """Consultants see cases assigned to them; leaders those of their socialtilsyn; suppliers their own."""
    qs = Case.objects.select_related(
        "supplier", "department", "target_group", "primary_consultant", "second_consultant", "leader"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.CONSULTANT:
        return qs.filter(Q(primary_consultant=user) | Q(second_consultant=user))
    if user.role == Role.LEADER:
        return qs.filter(socialtilsyn_id=user.socialtilsyn_id)
    if user.role == Role.SUPPLIER:
        return qs.filter(supplier__users=user)
    return qs.none()


def case_for(user, pk: int) -> Case | None:
    """One case the user may see, or None (views answer 404 for both 'absent' and 'not yours')."""
    return cases_visible_to(user).select_related("socialtilsyn", "description", "guide", "rule").filter(pk=pk).first()
