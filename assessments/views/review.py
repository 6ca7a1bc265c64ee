"""The consultants' judgement pages and the reconciliation that follows: HTTP in, one selector or service, HTML out.

Who may see what, and the blindness rule, are the selectors' (assessments.selectors.review and
.reconciliation): they answer 404 for people outside the case. Writes go through the services; refusals
follow core.errors (ActionNotAllowed → the 403 page; ValidationError → on the form, beside its field or at
the top of the page the button was pressed on).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from assessments.domain.workflow import RECONCILING_STARTED_STATES, SIGNOFF_STARTED_STATES, State
from assessments.forms.review import ParameterJudgementForm, ResolveForm, ReviewSheetForm, judgement_form
from assessments.models import Case
from assessments.selectors.reconciliation import (
    reconciliation_case_or_404,
    reconciliation_context,
    reconciliation_parameter_page,
)
from assessments.selectors.review import (
    JudgementStatus,
    consultant_case_or_404,
    judgement_overview_context,
    judgement_parameter_page,
    judgement_status,
    judgement_status_or_404,
)
from assessments.selectors.review_evidence import label
from assessments.services.decisions import reconciliation_resume
from assessments.services.review import (
    judgement_review_save,
    judgement_submit_own,
    parameter_judgement_record,
    reconciliation_accept_agreed,
    reconciliation_confirm,
    reconciliation_resolve,
)
from core.errors import ActionForm, errors_onto

OVERVIEW = "assessments/judgement/overview.html"
RECONCILIATION = "assessments/judgement/reconciliation.html"


def _post_only(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    # Checked after the case lookup, so that people without access get 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# --- judgements ---------------------------------------------------------------------------------------------


def _render_overview(
    request: AuthenticatedHttpRequest,
    status: JudgementStatus,
    form: ActionForm | ReviewSheetForm,
    *,
    submit_refused: bool = False,
) -> HttpResponse:
    review_fields = form.by_parameter() if isinstance(form, ReviewSheetForm) else None
    context = judgement_overview_context(status, review_fields=review_fields, submit_refused=submit_refused)
    return render(request, OVERVIEW, context | {"action_form": form})


def _submitted(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    if State(case.state) in RECONCILING_STARTED_STATES:
        messages.success(request, _("Din vurdering er afgivet. Begge vurderinger er nu afgivet, så I kan afstemme."))
        return redirect("assessments:reconciliation", pk=case.pk)
    messages.success(
        request, _("Din vurdering er afgivet. Afstemningen kan begynde, når din kollega også har afgivet sin.")
    )
    return redirect("assessments:judgement", pk=case.pk)


@login_required
def judgement_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The consultant's own judgement: status per parameter, what is missing, and submitting it.

    In review mode the second consultant records agree/disagree for all eight parameters here.
    """
    status = judgement_status_or_404(request.user, pk)
    sheet = ReviewSheetForm(request.POST if request.method == "POST" else None, own=status.own_parameters())
    if request.method != "POST" or not sheet.is_valid():
        return _render_overview(request, status, sheet)
    submit = request.POST.get("action") == "submit"
    with errors_onto(sheet):
        judgement_review_save(case=status.case, user=request.user, reviews=sheet.reviews(), submit=submit)
    if sheet.errors:
        # Fresh status: the judgement may have been started by the call.
        status = judgement_status(request.user, status.case, status.roles)
        return _render_overview(request, status, sheet, submit_refused=submit and bool(sheet.non_field_errors()))
    if submit:
        return _submitted(request, status.case)
    messages.success(request, _("Gennemgangen er gemt."))
    return redirect("assessments:judgement", pk=pk)


@login_required
def judgement_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Submit the own judgement; what is missing is listed at the top of the overview."""
    case, roles = consultant_case_or_404(request.user, pk)
    if response := _post_only(request):
        return response
    form = ActionForm(request.POST)
    with errors_onto(form):
        judgement_submit_own(case=case, user=request.user)
    if form.errors:
        return _render_overview(request, judgement_status(request.user, case, roles), form, submit_refused=True)
    return _submitted(request, case)


@login_required
def judgement_parameter(request: AuthenticatedHttpRequest, pk: int, parameter: str) -> HttpResponse:
    """One parameter: the guide's three levels, the description boxes, the supplier's answers, and the form."""
    page = judgement_parameter_page(request.user, pk, parameter)
    form = judgement_form(page, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with errors_onto(form):
            parameter_judgement_record(case=page.case, user=request.user, parameter=page.parameter, **form.values())
        if not form.errors:
            messages.success(request, _("Din vurdering af «%(p)s» er gemt.") % {"p": label(page.parameter)})
            if request.POST.get("action") != "next":
                return redirect("assessments:judgement_parameter", pk=pk, parameter=page.parameter)
            if page.following:
                return redirect("assessments:judgement_parameter", pk=pk, parameter=page.following)
            return redirect("assessments:judgement", pk=pk)
    if isinstance(form, ParameterJudgementForm):
        form.place_on(page.evidence)
    return render(request, "assessments/judgement/parameter.html", page.context() | {"form": form})


# --- reconciliation -----------------------------------------------------------------------------------------


def _render_reconciliation(
    request: AuthenticatedHttpRequest, case: Case, may_edit: bool, form: ActionForm
) -> HttpResponse:
    context = reconciliation_context(request.user, case, may_edit)
    return render(request, RECONCILIATION, context | {"action_form": form})


@login_required
def reconciliation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Both judgements side by side per parameter, the agreed levels, the placement and the confirmations."""
    # the rule (the placement) and the two consultants are shown; the rest of the case is not
    shown = ("rule", "primary_consultant", "second_consultant")
    case, may_edit = reconciliation_case_or_404(request.user, pk, only=shown)
    return render(request, RECONCILIATION, reconciliation_context(request.user, case, may_edit))


@login_required
def reconciliation_accept_agreed_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take over every parameter both consultants agreed on."""
    case, may_edit = reconciliation_case_or_404(request.user, pk, to_change=True)
    if response := _post_only(request):
        return response
    form = ActionForm(request.POST)
    created: list[Any] = []
    with errors_onto(form):
        created = reconciliation_accept_agreed(case=case, user=request.user)
    if form.errors:
        return _render_reconciliation(request, case, may_edit, form)
    if created:
        text = _("%(n)d parametre, som I var enige om, er overtaget med jeres begrundelser.") % {"n": len(created)}
        messages.success(request, text)
    else:
        messages.info(request, _("Der var ingen nye parametre, som I var enige om."))
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm the reconciled result; the second confirmation sends it to the leader."""
    case, may_edit = reconciliation_case_or_404(request.user, pk, to_change=True)
    if response := _post_only(request):
        return response
    form = ActionForm(request.POST)
    with errors_onto(form):
        reconciliation_confirm(case=case, user=request.user)
    if form.errors:
        return _render_reconciliation(request, case, may_edit, form)
    if State(case.state) in SIGNOFF_STARTED_STATES:
        messages.success(request, _("I har begge bekræftet resultatet. Det er sendt til lederens godkendelse."))
    else:
        messages.success(request, _("Du har bekræftet resultatet. Din kollega skal også bekræfte det."))
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_resume_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reopen the reconciliation after the leader returned it."""
    case, may_edit = reconciliation_case_or_404(request.user, pk, to_change=True)
    if response := _post_only(request):
        return response
    form = ActionForm(request.POST)
    with errors_onto(form):
        reconciliation_resume(case=case, user=request.user)
    if form.errors:
        return _render_reconciliation(request, case, may_edit, form)
    messages.success(
        request, _("Afstemningen er genoptaget. Ret de parametre, lederen har kommenteret, og bekræft igen.")
    )
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_parameter(request: AuthenticatedHttpRequest, pk: int, parameter: str) -> HttpResponse:
    """Both judgements of one parameter side by side, the evidence, and the form for the agreed level."""
    page = reconciliation_parameter_page(request.user, pk, parameter, to_change=request.method == "POST")
    if page is None:
        messages.info(request, _("Afstemningen begynder, når begge vurderinger er afgivet."))
        return redirect("assessments:reconciliation", pk=pk)
    evidence = page.evidence
    form = ResolveForm(
        request.POST if request.method == "POST" else None,
        initial=page.initial(),
        questions=evidence.questions_qs,
        criteria=evidence.criteria_qs,
        cells=evidence.cells_qs,
        loaded=evidence.choices(),
    )
    if request.method == "POST" and form.is_valid():
        with errors_onto(form):
            rp = reconciliation_resolve(case=page.case, parameter=page.parameter, user=request.user, **form.values())
        if not form.errors:
            level = rp.get_level_display().lower()
            messages.success(
                request, _("«%(p)s» er afstemt på %(level)s niveau.") % {"p": label(rp.parameter), "level": level}
            )
            return redirect(reverse("assessments:reconciliation", args=[pk]) + f"#row-{page.parameter}")
    form.place_on(evidence)
    return render(request, "assessments/judgement/reconciliation_parameter.html", page.context() | {"form": form})
