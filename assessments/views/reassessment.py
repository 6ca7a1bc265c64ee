"""Genvurdering: opening the re-assessment of a decided case, and handling the supplier's change notices.

Thin views: they find the case the user may see with its internals (404 otherwise), read the form and call
assessments.services.reassessment, which checks who may do what and the four-eyes rule.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms.reassessment import ReassessmentOpenForm, notice_handle_form
from assessments.models import Case, ChangeNotice
from assessments.services.reassessment import change_notice_handle, reassessment_open
from assessments.views.cases import case_or_404, forbidden, may_open_reassessment, render_case_detail
from assessments.views.decisions import add_service_error


def _follow_up(case: Case) -> Case | None:
    return Case.objects.filter(previous_case=case).exclude(state="annulleret").order_by("-pk").first()


@login_required
@require_http_methods(["GET", "POST"])
def reassessment_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm who takes the re-assessment (prefilled from the decided case), then open it and go there."""
    previous = case_or_404(request, pk)
    if not may_open_reassessment(request.user, previous):
        return forbidden(request, previous, PermissionDenied(_("Kun en afgjort sag kan genvurderes.")))
    existing = _follow_up(previous)
    if existing is not None:
        messages.info(request, _("Der er allerede åbnet en genvurdering: %(ref)s.") % {"ref": existing.reference})
        return redirect("assessments:case_detail", pk=existing.pk)
    form = ReassessmentOpenForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            case = reassessment_open(
                previous=previous,
                user=request.user,
                kind=Case.Kind.SCHEDULED,
                primary=form.cleaned_data["primary_consultant"],
                second=form.cleaned_data["second_consultant"],
                leader=form.cleaned_data["leader"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            return forbidden(request, previous, exc)
        else:
            messages.success(
                request,
                _(
                    "Genvurderingen %(ref)s er oprettet. Når du anmoder om oplysninger, genbruges leverandørens "
                    "svar fra %(previous)s, og leverandøren bekræfter eller retter dem."
                )
                % {"ref": case.reference, "previous": previous.reference},
            )
            return redirect("assessments:case_detail", pk=case.pk)
    decision = previous.decisions.order_by("-version").first()
    return render(
        request,
        "assessments/reassessment/open.html",
        {"case": previous, "form": form, "decision": decision},
    )


@login_required
@require_POST
def change_notice_handle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultant or the leader of the case opens a re-assessment after a change notice, or records why not.

    The notice is named in the form (one form per pending notice on the case overview)."""
    case = case_or_404(request, pk)
    notice_pk = request.POST.get("notice", "")
    if not notice_pk.isdigit():
        raise Http404
    notice = get_object_or_404(ChangeNotice, pk=int(notice_pk), case=case)
    outcome = request.POST.get("outcome")
    if outcome not in ("reassess", "no_action"):
        raise Http404
    form = notice_handle_form(notice.pk, request.POST)
    if form.is_valid():
        try:
            handled = change_notice_handle(
                notice=notice, user=request.user, reassess=outcome == "reassess", reasons=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for errors in exc.error_dict.values():
                    form.add_error("reason", errors)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:case_detail", pk=case.pk)
        except PermissionDenied as exc:
            return forbidden(request, case, exc)
        else:
            if handled.follow_up_case_id:
                messages.success(
                    request,
                    _("Genvurderingen %(ref)s er oprettet efter anmeldelsen.") % {"ref": handled.follow_up_case},
                )
                return redirect("assessments:case_detail", pk=handled.follow_up_case_id)
            messages.success(request, _("Anmeldelsen er behandlet uden genvurdering. Begrundelsen er gemt."))
            return redirect("assessments:case_detail", pk=case.pk)
    return render_case_detail(request, case, notice_forms={notice.pk: form})
