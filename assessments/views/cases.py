"""The consultants' and leaders' case pages: the list, opening a case, one case's overview and cancelling it.

Suppliers see their own cases in the list (linking to their own case page) but never the case overview.
Thin views: the reads are assessments.selectors.cases, the writes assessments.services.cases; refusals take
the one path of core.errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role, User
from assessments.domain.workflow import Action
from assessments.forms.cases import CaseCreateForm, CaseFilterForm
from assessments.forms.reassessment import ReasonForm, cancel_form, notice_handle_form
from assessments.selectors.case_choices import case_create_choices
from assessments.selectors.cases import (
    case_cancel_or_refuse,
    case_list_page,
    case_list_target_groups,
    case_overview,
)
from assessments.services.cases import case_open, case_transition
from core.errors import errors_onto


def login_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required, typed as accounts.models.User."""
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = login_user(request)
    if user.role not in (Role.CONSULTANT, Role.LEADER, Role.SUPPLIER):
        raise PermissionDenied
    filters = CaseFilterForm(request.GET or None, target_groups=case_list_target_groups(user))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    listing = case_list_page(
        user,
        status=chosen.get("status") or "",
        target_group=chosen.get("maalgruppe"),
        page_number=request.GET.get("side"),
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "page": listing.page,
        "rows": listing.rows,
        "filters": filters,
        "filtered": any(request.GET.get(k) for k in ("status", "maalgruppe")),
        "query": query.urlencode(),
        "can_create": user.role in (Role.CONSULTANT, Role.LEADER),
    }
    return render(request, "assessments/case/case_list.html", context)


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    user = login_user(request)
    if user.role not in (Role.CONSULTANT, Role.LEADER) or user.socialtilsyn_id is None:
        raise PermissionDenied
    initial = {}
    if request.method == "GET" and request.GET.get("leverandoer", "").isdigit():
        initial["supplier"] = int(request.GET["leverandoer"])
    form = CaseCreateForm(request.POST or None, user=user, choices=case_create_choices(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_onto(form):
            case = case_open(user=user, **form.cleaned_data)
        if not form.errors:
            messages.success(
                request, _("Sagen %(ref)s er oprettet. Næste skridt er at anmode om oplysninger.") % {"ref": case}
            )
            return redirect("assessments:case_detail", pk=case.pk)
    return render(request, "assessments/case/case_create.html", {"form": form})


def render_case_detail(
    request: HttpRequest, pk: int, *, notice_forms: dict[int, ReasonForm] | None = None
) -> HttpResponse:
    """The overview; the change-notice view re-renders it with a form's errors next to its field."""
    overview = case_overview(login_user(request), pk)
    notice_forms = notice_forms or {}
    notices = [
        {
            "notice": notice,
            "form": (notice_forms.get(notice.pk) or notice_handle_form(notice.pk))
            if overview.can_handle_notices
            else None,
        }
        for notice in overview.pending_notices
    ]
    refusals = [str(error) for form in notice_forms.values() for error in form.non_field_errors()]
    context = {**overview.context(), "notices": notices, "refusals": refusals}
    return render(request, "assessments/case/case_detail.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case_detail(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm cancelling an open case, with a required reason (the primary consultant or the case's leader)."""
    user = login_user(request)
    case = case_cancel_or_refuse(user, pk)
    form = cancel_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with errors_onto(form):
            case_transition(case=case, action=Action.CANCEL, user=user, note=form.cleaned_data["reason"])
        if not form.errors:
            messages.success(request, _("Sagen %(ref)s er annulleret.") % {"ref": case.reference})
            return redirect("assessments:case_detail", pk=case.pk)
    return render(request, "assessments/case/case_cancel.html", {"case": case, "form": form})
