"""What each role's dashboard shows. Kept small now; the case issues add the task lists."""

from accounts.models import Role
from suppliers.selectors import suppliers_visible_to
from targetgroups.selectors import target_groups_with_current_versions


def dashboard_context(user) -> dict:
    context: dict = {"role": user.role}
    if user.role in (Role.SUPPLIER, Role.CONSULTANT, Role.LEADER):
        suppliers = suppliers_visible_to(user)
        context["suppliers"] = suppliers[:10]
        context["supplier_count"] = suppliers.count()
    if user.role in (Role.FAGADMIN, Role.MYNDIGHED, Role.CONSULTANT, Role.LEADER):
        context["target_groups"] = target_groups_with_current_versions()
    return context
