"""Genvurdering: opening the re-assessment of a decided case, and handling the supplier's change notices.

Thin views: assessments.selectors.reassessment finds what the user may see (404 otherwise, the 403 page for
what they may see but not do), assessments.services.reassessment checks and stores.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms.reassessment import ReassessmentOpenForm, notice_handle_form
from assessments.models import Case
from assessments.selectors.reassessment import change_notice_or_404, reassessment_open_page
from assessments.services.reassessment import change_notice_handle, reassessment_open
from assessments.views.cases import login_user, render_case_detail
from core.errors import errors_onto


@login_required
@require_http_methods(["GET", "POST"])
def reassessment_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm who takes the re-assessment (prefilled from the decided case), then open it and go there."""
    user = login_user(request)
    page = reassessment_open_page(user, pk)
    if page.follow_up is not None:
        messages.info(request, _("Der er allerede åbnet en genvurdering: %(ref)s.") % {"ref": page.follow_up.reference})
        return redirect("assessments:case_detail", pk=page.follow_up.pk)
    form = ReassessmentOpenForm(request.POST or None, previous=page.previous, staff=page.staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_onto(form):
            case = reassessment_open(
                previous=page.previous,
                user=user,
                kind=Case.Kind.SCHEDULED,
                primary=data["primary_consultant"],
                second=data["second_consultant"],
                leader=data["leader"],
            )
        if not form.errors:
            text = _(
                "Genvurderingen %(ref)s er oprettet. Når du anmoder om oplysninger, genbruges leverandørens "
                "svar fra %(previous)s, og leverandøren bekræfter eller retter dem."
            )
            messages.success(request, text % {"ref": case.reference, "previous": page.previous.reference})
            return redirect("assessments:case_detail", pk=case.pk)
    context = {"case": page.previous, "form": form, "decision": page.decision}
    return render(request, "assessments/reassessment/open.html", context)


@login_required
@require_POST
def change_notice_handle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultant or the leader of the case opens a re-assessment after a change notice, or records why not.

    The notice is named in the form (one form per pending notice on the case overview). A refusal is shown on
    the overview: beside the reason, or at the top of the page."""
    user = login_user(request)
    notice = change_notice_or_404(user, pk, request.POST.get("notice", ""))
    outcome = request.POST.get("outcome")
    if outcome not in ("reassess", "no_action"):
        raise Http404
    form = notice_handle_form(notice.pk, request.POST)
    if form.is_valid():
        with errors_onto(form):
            handled = change_notice_handle(
                notice=notice, user=user, reassess=outcome == "reassess", reasons=form.cleaned_data["reason"]
            )
        if not form.errors and handled.follow_up_case_id:
            messages.success(
                request, _("Genvurderingen %(ref)s er oprettet efter anmeldelsen.") % {"ref": handled.follow_up_case}
            )
            return redirect("assessments:case_detail", pk=handled.follow_up_case_id)
        if not form.errors:
            messages.success(request, _("Anmeldelsen er behandlet uden genvurdering. Begrundelsen er gemt."))
            return redirect("assessments:case_detail", pk=pk)
    return render_case_detail(request, pk, notice_forms={notice.pk: form})
