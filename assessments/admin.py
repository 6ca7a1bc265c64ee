"""A read-only admin list of cases for the fagadministrator (and superusers): reference, subject, target group,
state, socialtilsyn and when it was opened, filtered on indexed columns and searched by reference.

Nothing is added, changed or deleted here: every change to a case goes through the services (the workflow,
the audit trail, the locks). The case pages themselves stay the consultants' and leaders' (scoped by
assessments.selectors.access); this list shows no judgements, answers or documents.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import Role

from .models import Case


def _may_view(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.role == Role.FAGADMIN))


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "supplier", "target_group", "state", "socialtilsyn", "opened_at")
    list_select_related = ("supplier", "target_group", "socialtilsyn")
    # state, socialtilsyn and target group are indexed (Case.Meta.indexes and the foreign keys' indexes)
    list_filter = ("state", "socialtilsyn", "target_group")
    search_fields = ("reference",)
    ordering = ("-opened_at", "-id")
    list_per_page = 25
    show_full_result_count = False
    # the change page only shows the row; its relations are not offered as choices of every user or supplier
    raw_id_fields = (
        "supplier",
        "department",
        "primary_consultant",
        "second_consultant",
        "leader",
        "previous_case",
        "opened_by",
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_view(request)

    def has_view_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return _may_view(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False
