"""What each role's dashboard shows. Kept small now; the case issues add the task lists."""

from accounts.models import Role
from assessments.domain.workflow import State
from assessments.selectors import cases_visible_to
from assessments.views.cases import case_rows
from suppliers.selectors import suppliers_visible_to
from targetgroups.selectors import target_groups_with_current_versions


def dashboard_context(user) -> dict:
    context: dict = {"role": user.role}
    if user.role in (Role.SUPPLIER, Role.CONSULTANT, Role.LEADER):
        suppliers = suppliers_visible_to(user)
        context["suppliers"] = suppliers[:10]
        context["supplier_count"] = suppliers.count()
    if user.role in (Role.CONSULTANT, Role.LEADER):
        # "Mine sager": open cases the user is assigned to (a leader as the one who signs off).
        mine = cases_visible_to(user).select_related("information_form").exclude(
            state__in=[State.AFGJORT, State.ANNULLERET]
        )
        if user.role == Role.LEADER:
            mine = mine.filter(leader=user)
        context["my_cases"] = case_rows(user, mine.order_by("-opened_at", "-pk")[:10])
        context["my_case_count"] = mine.count()
    if user.role in (Role.FAGADMIN, Role.MYNDIGHED, Role.CONSULTANT, Role.LEADER):
        context["target_groups"] = target_groups_with_current_versions()
    return context
