"""The supplier's view of its case: where it stands, the hearing with the draft result, the decision, appeals.

Only users of the case's supplier see these pages; everyone else gets 404. The supplier never sees the
case's internals (judgements, reconciliation): only the draft it is heard over and the decisions. What the
page offers comes from assessments.selectors.decisions.supplier_case_page; a refusal as a whole (the
deadline has passed) is shown at the top of the page, a refusal of a field beside it (core.errors).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from assessments.domain.workflow import CaseRole
from assessments.forms.decisions import HearingCommentForm, appeal_form, with_fields
from assessments.forms.reassessment import change_notice_form
from assessments.models import Case
from assessments.selectors.decisions import (
    case_with_role_or_404,
    change_notice_page,
    newest_decision,
    supplier_case_page,
)
from assessments.services.decisions import appeal_submit, hearing_comment_add
from assessments.services.reassessment import change_notice_submit
from core.errors import ActionNotAllowed, errors_onto

SUPPLIER = {CaseRole.SUPPLIER}


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    comment_form: HearingCommentForm | None = None,
    appeal: BaseForm | None = None,
) -> HttpResponse:
    """The case page; a form that was sent and refused is shown again with its errors. When the page no longer
    offers that form (the deadline has passed), the refusal's reason is shown at the top of the page."""
    page = supplier_case_page(case)
    hidden = [form for form, shown in ((comment_form, page["can_comment"]), (appeal, page["can_appeal"])) if not shown]
    refusals = [error for form in hidden if form is not None for error in form.non_field_errors()]
    comment_form = (comment_form or HearingCommentForm(prefix="bem")) if page["can_comment"] else None
    context = {
        **page,
        "comment_form": comment_form,
        "rows": with_fields(page["rows"], comment_form),
        "appeal_form": (appeal or appeal_form()) if page["can_appeal"] else None,
        "refusals": refusals,
    }
    return render(request, "assessments/supplier_case/case.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_case(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The supplier's case page; a POST sends the supplier's remarks in the partshøring."""
    case, _roles = case_with_role_or_404(request.user, pk, SUPPLIER)
    if request.method == "GET":
        return _render(request, case)
    form = HearingCommentForm(request.POST, prefix="bem")
    if form.is_valid():
        # All remarks in one go: the socialtilsyn may decide as soon as the supplier has answered.
        with errors_onto(form), transaction.atomic():
            for parameter, text in form.comments():
                hearing_comment_add(case=case, user=request.user, text=text, parameter=parameter)
        if not form.errors:
            messages.success(
                request,
                _("Tak. Jeres bemærkninger er sendt til socialtilsynet, som læser dem, før afgørelsen træffes."),
            )
            return redirect(reverse("assessments:supplier_case", args=[case.pk]) + "#bemaerkninger")
    return _render(request, case, comment_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The supplier appeals the newest decision, until the appeal deadline."""
    case, _roles = case_with_role_or_404(request.user, pk, SUPPLIER)
    if request.method == "GET":
        return redirect(reverse("assessments:supplier_case", args=[case.pk]) + "#klage")
    decision = newest_decision(case)
    if decision is None:
        raise ActionNotAllowed(_("Der er ingen afgørelse at klage over."))
    form = appeal_form(request.POST)
    if form.is_valid():
        with errors_onto(form):
            appeal_submit(decision=decision, user=request.user, reasons=form.cleaned_data["reasons"])
        if not form.errors:
            messages.success(
                request,
                _("Jeres klage er modtaget %(date)s. Socialtilsynet ser på afgørelsen igen og giver jer besked.")
                % {"date": date_format(timezone.localdate())},
            )
            return redirect("assessments:supplier_case", pk=case.pk)
    return _render(request, case, appeal=form)


@login_required
@require_http_methods(["GET", "POST"])
def change_notice_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The supplier reports a material change on a decided case (anmeld en ændring); the text is required and
    refused when it holds a CPR number, with the typed text kept."""
    case, _roles = case_with_role_or_404(request.user, pk, SUPPLIER)
    page = change_notice_page(case)
    if not page["may_notice"]:
        raise ActionNotAllowed(_("Ændringer kan anmeldes, når der er truffet afgørelse."))
    form = change_notice_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with errors_onto(form):
            change_notice_submit(case=case, user=request.user, text=form.cleaned_data["reason"])
        if not form.errors:
            messages.success(
                request,
                _("Tak. Socialtilsynet har fået jeres anmeldelse og vurderer, om tilbuddet skal genvurderes."),
            )
            return redirect("assessments:supplier_case", pk=case.pk)
    return render(request, "assessments/supplier_case/change_notice.html", {**page, "form": form})
