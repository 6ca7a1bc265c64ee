"""The staff's pages from a reconciled result to a decision: sign-off, partshøring, the decision, appeals.

Thin views: a selector of assessments.selectors.decisions finds the case (404 unless the user plays an
allowed part in it) and builds what the page shows, including which buttons it offers; a service of
assessments.services.decisions does what a button asks. A refusal follows the one policy of core.errors:
a ValidationError lands on the form, a PermissionDenied (the state or the role does not allow it) is the
403 page with the service's reason.

- signoff: the case's leader only (the consultants see the result on the reconciliation page).
- hearing, decision and appeal pages: the case's two consultants and its leader; the buttons that move
  the case are shown to those the workflow allows (deciding and revising: consultants; upholding an
  appeal: consultants and leader).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from assessments.domain.workflow import CaseRole
from assessments.forms.decisions import (
    DecisionForm,
    SignoffApproveForm,
    SignoffReturnForm,
    reconsider_form,
    uphold_form,
)
from assessments.selectors.decisions import (
    CONSULTANTS,
    STAFF,
    appeal_page,
    case_with_role_or_404,
    decision_effect,
    decision_page,
    hearing_page,
    signoff_page,
)
from assessments.services.decisions import (
    appeal_reconsider,
    appeal_uphold,
    decision_make,
    hearing_revise,
    signoff_approve,
    signoff_return,
)
from core.errors import ActionNotAllowed, errors_onto
from core.errors import add_service_error as add_service_error  # views/reassessment.py still imports it from here

RECONSIDERED = gettext_lazy(
    "Afgørelsen tages op igen. Afstem resultatet på ny; derefter godkender lederen, "
    "leverandøren høres, og der træffes en ny afgørelse (en ny version)."
)
UPHELD = gettext_lazy(
    "Afgørelsen er fastholdt, og klagen er registreret som sendt videre til Ankestyrelsen. "
    "Leverandøren kan se det på sin side."
)

# --- sign-off ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def signoff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The case's leader approves the reconciled result (→ partshøring) or returns it with comments."""
    case, roles = case_with_role_or_404(request.user, pk, {CaseRole.LEADER})
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data is not None else None
    if action not in (None, "approve", "return"):
        raise Http404
    approve_form = SignoffApproveForm(data if action == "approve" else None, prefix="godkend")
    return_form = SignoffReturnForm(data if action == "return" else None, prefix="returner")
    if action == "approve" and approve_form.is_valid():
        with errors_onto(approve_form):
            hearing = signoff_approve(case=case, user=request.user, **approve_form.cleaned_data)
        if not approve_form.errors:
            text = _(
                "Resultatet er godkendt og sendt i partshøring. "
                "Leverandøren kan komme med bemærkninger til og med %(date)s."
            )
            messages.success(request, text % {"date": date_format(hearing.deadline)})
            return redirect("assessments:hearing", pk=case.pk)
    if action == "return" and return_form.is_valid():
        with errors_onto(return_form):
            signoff_return(
                case=case,
                user=request.user,
                comment=return_form.cleaned_data["comment"],
                parameter_comments=return_form.parameter_comments(),
            )
        if not return_form.errors:
            messages.success(request, _("Sagen er sendt tilbage til konsulenterne med dine kommentarer."))
            return redirect("assessments:case_detail", pk=case.pk)
    context = {**signoff_page(case, roles), "approve_form": approve_form, "return_form": return_form}
    return render(request, "assessments/decision/signoff.html", context)


# --- partshøring -------------------------------------------------------------------------------------------


@login_required
def hearing_staff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The hearing as the staff see it: the draft, the deadline, the supplier's comments, what comes next."""
    case, roles = case_with_role_or_404(request.user, pk, STAFF)
    return render(request, "assessments/decision/hearing.html", hearing_page(case, roles))


@login_required
@require_POST
def hearing_revise_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The consultants revise the result after the hearing: back to reconciliation on a new round."""
    case, _roles = case_with_role_or_404(request.user, pk, CONSULTANTS)
    case = hearing_revise(case=case, user=request.user)
    messages.success(
        request,
        _(
            "Partshøringen er afsluttet, og afstemningen er åbnet igen. Når I begge har bekræftet det reviderede "
            "resultat, skal lederen godkende det, og leverandøren bliver hørt igen."
        ),
    )
    return redirect("assessments:reconciliation", pk=case.pk)


# --- the decision ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_make_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """In partshøring the consultants make the decision here; afterwards the page shows every version of it."""
    case, roles = case_with_role_or_404(request.user, pk, STAFF)
    page = decision_page(case, roles)
    if request.method == "POST" and not page["may_decide"]:
        raise ActionNotAllowed(_("Der kan ikke træffes afgørelse på sagen nu."))
    if not page["deciding"]:
        return render(request, "assessments/decision/decision.html", page)
    form = DecisionForm(request.POST or None, lowered=page["lowered"])
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        with errors_onto(form):
            decision = decision_make(case=case, user=request.user, **form.cleaned_data)
        if not form.errors:
            text = _("Afgørelsen er truffet og sendt til leverandøren. Den gælder fra %(start)s til %(end)s.")
            messages.success(
                request, text % {"start": date_format(decision.valid_from), "end": date_format(decision.valid_until)}
            )
            return redirect("assessments:decision_make", pk=case.pk)
    valid = form.is_bound and form.is_valid()
    effect = decision_effect(
        case,
        valid_from=form.cleaned_data["valid_from"] if valid else timezone.localdate(),
        remedy_months=form.cleaned_data.get("remedy_months") if valid else None,
    )
    return render(request, "assessments/decision/decision.html", {**page, **effect, "form": form})


# --- appeals -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appeal_staff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An appeal as the socialtilsyn reconsiders it: change the decision (→ reconciliation) or uphold it."""
    case, roles = case_with_role_or_404(request.user, pk, STAFF)
    page = appeal_page(case, roles)
    action = request.POST.get("action") if request.method == "POST" else None
    allowed = {"reconsider": page["can_reconsider"], "uphold": page["can_uphold"]}
    if action is not None and not allowed.get(action, False):
        raise ActionNotAllowed(_("Klagen kan ikke behandles på den måde nu."))
    change = reconsider_form(request.POST if action == "reconsider" else None)
    keep = uphold_form(request.POST if action == "uphold" else None)
    if action == "reconsider" and change.is_valid():
        with errors_onto(change):
            appeal_reconsider(case=case, user=request.user, reasons=change.cleaned_data["reasons"])
        if not change.errors:
            messages.success(request, RECONSIDERED)
            return redirect("assessments:reconciliation", pk=case.pk)
    if action == "uphold" and keep.is_valid():
        with errors_onto(keep):
            appeal_uphold(case=case, user=request.user, reasons=keep.cleaned_data["reasons"])
        if not keep.errors:
            messages.success(request, UPHELD)
            return redirect("assessments:appeal", pk=case.pk)
    return render(request, "assessments/decision/appeal.html", {**page, "change_form": change, "uphold_form": keep})
