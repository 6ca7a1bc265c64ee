"""The consultants' side of the oplysningsskema: request it, review what came in, accept or ask for more.

Thin views over assessments.selectors.form_review (every read: 404 when the user may not see the case's
internals; the workflow table's refusal, a 403, when they may not take the action) and the services in
assessments.services.information_form (every write, checked against the user's case roles).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from assessments.forms.cases import FormRequestForm, SupplementForm
from assessments.selectors.form_review import (
    SupplementPage,
    answer_history_context,
    form_request_page,
    form_review_context,
    form_snapshot_context,
    group_by_parameter,
    internal_form,
    render_value,
    supplement_page,
)
from assessments.services.information_form import form_accept, form_request, form_request_supplement
from core.errors import errors_onto
from targetgroups.domain.questions import FILE


def _not_requested(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    messages.info(request, _("Der er endnu ikke anmodet om oplysninger på sagen."))
    return redirect("assessments:case_detail", pk=pk)


@login_required
def form_request_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, source = form_request_page(request.user, pk)
    form = FormRequestForm(request.POST or None, initial={"reuse": source is not None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_onto(form):
            form_request(
                case=case, user=request.user, deadline=data["deadline"], message=data["message"], reuse=data["reuse"]
            )
        if not form.errors:
            text = _("Leverandøren er bedt om oplysninger med frist %(date)s.") % {
                "date": date_format(data["deadline"])
            }
            messages.success(request, text)
            return redirect("assessments:case_detail", pk=case.pk)
    context = {"case": case, "form": form, "source": source, "source_case": source.case if source else None}
    return render(request, "assessments/case/form_request.html", context)


@login_required
def form_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if number := request.GET.get("indsendelse", ""):
        context = form_snapshot_context(request.user, pk, number)
        template = "assessments/case/form_snapshot.html"
    else:
        context = form_review_context(request.user, pk)
        template = "assessments/case/form_review.html"
    if context is None:
        return _not_requested(request, pk)
    return render(request, template, context)


def _supplement_groups(page: SupplementPage, form: SupplementForm) -> list[dict[str, Any]]:
    """Each question with its tick box and comment field beside the supplier's answer, grouped by parameter."""
    entries = []
    for question in page.questions:
        pick, comment = form.question_fields(question)
        answer = page.answers.get(question.pk)
        entries.append(
            {
                "question": question,
                "pick": pick,
                "comment": comment,
                "value": render_value(question, answer.value if answer else None),
                "is_file": question.kind == FILE,
                "files": getattr(answer, "live_attachments", 0) if answer else 0,
            }
        )
    return group_by_parameter(entries, lambda e: e["question"].parameter)


@login_required
def form_supplement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = supplement_page(request.user, pk)
    if page is None:
        return _not_requested(request, pk)
    form = SupplementForm(request.POST or None, questions=page.questions)
    if request.method == "POST" and form.is_valid():
        items = form.cleaned_data["items"]
        with errors_onto(form):
            form_request_supplement(
                form=page.info, user=request.user, comment=form.cleaned_data["comment"], items=items
            )
        if not form.errors:
            messages.success(request, _("Leverandøren er bedt om at supplere %(n)d spørgsmål.") % {"n": len(items)})
            return redirect("assessments:case_detail", pk=pk)
    context = {"case": page.case, "info": page.info, "form": form, "groups": _supplement_groups(page, form)}
    return render(request, "assessments/case/form_supplement.html", context)


@login_required
@require_POST
def form_accept_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _case, info = internal_form(request.user, pk)
    if info is None:
        return _not_requested(request, pk)
    form_accept(form=info, user=request.user)
    messages.success(request, _("Oplysningerne er godkendt. Sagen er gået videre til vurdering."))
    return redirect("assessments:case_detail", pk=pk)


@login_required
def answer_history(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    context = answer_history_context(request.user, pk, question_pk)
    if context is None:
        return _not_requested(request, pk)
    return render(request, "assessments/case/answer_history.html", context)
