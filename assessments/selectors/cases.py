"""Reads of cases, always scoped to the asking user."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Role
from assessments.domain.workflow import CaseRole
from assessments.models import Case
from assessments.permissions import case_roles


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


ROLE_LABELS = {
    CaseRole.PRIMARY: gettext_lazy("Primær konsulent"),
    CaseRole.SECOND: gettext_lazy("Anden konsulent"),
    CaseRole.LEADER: gettext_lazy("Leder, der godkender"),
    CaseRole.SUPPLIER: gettext_lazy("Leverandør"),
}


def role_labels(user, case: Case) -> list[str]:
    roles = case_roles(user, case)
    return [str(label) for role, label in ROLE_LABELS.items() if role in roles]


def case_rows(user, cases) -> list[dict]:
    """What the case table shows per case; no queries beyond the (select_related) case list itself."""
    today = timezone.localdate()
    rows = []
    for case in cases:
        form = getattr(case, "information_form", None)  # select_related: None without a query when absent
        deadline = form.deadline if form is not None and form.is_editable else None
        rows.append(
            {
                "case": case,
                "roles": role_labels(user, case) if user.role != Role.SUPPLIER else [],
                "deadline": deadline,
                "overdue": deadline is not None and deadline < today,
                "form": form,
            }
        )
    return rows
