"""Reads of the front pages: what each role's dashboard shows, and the public statement in force."""

from typing import Any

from django.db.models import Count, Prefetch, Q, Subquery, Value, Window
from django.utils import timezone

from accounts.models import Role, User
from assessments.domain.answers import progress
from assessments.domain.workflow import IN_PROGRESS_STATES
from assessments.models import Answer, InformationForm
from assessments.selectors.access import cases_visible_to
from assessments.selectors.cases import case_rows, case_table_cases, supplier_result_cases
from assessments.selectors.information_form import spec_for
from assessments.selectors.tasks import task_panel
from core.models import StatementKind, StatementVersion
from suppliers.selectors import supplier_table_rows, suppliers_visible_to
from targetgroups.selectors import target_groups_with_current_versions

from . import statement_defaults

STATEMENT_DEFAULTS = {
    StatementKind.ACCESSIBILITY: (statement_defaults.ACCESSIBILITY_TITLE, statement_defaults.ACCESSIBILITY_BODY),
    StatementKind.PRIVACY: (statement_defaults.PRIVACY_TITLE, statement_defaults.PRIVACY_BODY),
}


def dashboard_context(user: User) -> dict[str, Any]:
    panel = task_panel(user)
    # tasks_more: the tasks not listed (a leader's older expired decisions), for a "see all" line.
    context: dict[str, Any] = {"role": user.role, "tasks": panel.tasks, "tasks_more": panel.more}
    if user.role in (Role.SUPPLIER, Role.CONSULTANT, Role.LEADER):
        # The first ten and the number of all in one query. The number is an uncorrelated subquery, computed once:
        # a window count would make PostgreSQL compute every visible supplier's department count (1,200 in a
        # socialtilsyn at national scale) before the first ten are sorted out.
        visible = suppliers_visible_to(user)
        number = visible.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
        suppliers = list(supplier_table_rows(visible).annotate(total=Subquery(number))[:10])
        context["suppliers"] = suppliers
        context["supplier_count"] = suppliers[0].total if suppliers else 0  # type: ignore[attr-defined]
    if user.role in (Role.CONSULTANT, Role.LEADER):
        # "Mine sager": the cases the user still works on (open, or under appeal); a leader's as the one who signs off.
        mine = case_table_cases(cases_visible_to(user)).in_states(IN_PROGRESS_STATES)
        if user.role == Role.LEADER:
            mine = mine.filter(leader=user)
        newest = list(mine.annotate(total=Window(Count("pk"))).order_by("-opened_at", "-pk")[:10])
        context["my_cases"] = case_rows(user, newest)
        context["my_case_count"] = newest[0].total if newest else 0  # type: ignore[attr-defined]
    if user.role in (Role.FAGADMIN, Role.MYNDIGHED, Role.CONSULTANT, Role.LEADER):
        context["target_groups"] = target_groups_with_current_versions()
    if user.role == Role.SUPPLIER:
        context["open_forms"] = open_forms_for_supplier_user(user)
        context["result_cases"] = supplier_result_cases(user)
    return context


def open_forms_for_supplier_user(user: User) -> list[dict[str, Any]]:
    """The oplysningsskemaer the user's suppliers still have to fill in, nearest deadline first (two queries)."""
    answers = Answer.objects.select_related("question").annotate(
        live_attachments=Count("attachments", filter=Q(attachments__removed_at__isnull=True))
    )
    forms = (
        InformationForm.objects.filter(
            case__supplier__users=user,
            status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT],
        )
        .select_related("case__supplier", "case__department__supplier", "case__target_group")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("deadline", "pk")
    )
    today = timezone.localdate()
    return [
        {
            "form": form,
            "case": form.case,
            "progress": progress(
                [(spec_for(a.question), a.value, a.live_attachments) for a in form.answers.all()]  # type: ignore[attr-defined]
            ),
            "days_left": (form.deadline - today).days,
        }
        for form in forms
    ]


def statement_current(kind: str) -> StatementVersion:
    """The newest version of a public statement; the built-in first version if none is stored (never fails)."""
    current = StatementVersion.objects.filter(kind=kind).order_by("-version").first()
    if current is not None:
        return current
    title, body = STATEMENT_DEFAULTS[StatementKind(kind)]
    return StatementVersion(kind=kind, version=0, title=title, body=body)
