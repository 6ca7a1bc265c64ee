"""The consultants' side of the oplysningsskema: request it, review what came in, accept or ask for more.

Every view finds the case through case_for (404 when the user may not see it) and needs the perm
assessments.view_case_internals; actions are checked by the services against the user's case roles.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.domain.answers import FILE, TABLE, ColumnSpec, QuestionSpec, display_value
from assessments.domain.workflow import Action, State, TransitionNotAllowed, available_actions, check_transition
from assessments.forms.cases import FormRequestForm, SupplementForm
from assessments.models import Answer, AnswerRevision, Attachment, Case, InformationForm, SupplementRequest
from assessments.permissions import case_roles
from assessments.selectors.information_form import form_answers, last_submitted_form, spec_for
from assessments.services.information_form import form_accept, form_request, form_request_supplement
from assessments.views.cases import case_or_404, forbidden
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SupplierParameter
from targetgroups.models import FormQuestion

GENERAL = ""


def _form_or_redirect(request: HttpRequest, case: Case) -> InformationForm | None:
    form = InformationForm.objects.filter(case=case).select_related("template", "requested_by").first()
    if form is None:
        messages.info(request, _("Der er endnu ikke anmodet om oplysninger på sagen."))
    return form


def _may(request: HttpRequest, case: Case, action: Action) -> str | None:
    """None when the user may take the action now; otherwise the workflow table's Danish reason."""
    try:
        check_transition(action, State(case.state), case_roles(request.user, case))
    except TransitionNotAllowed as exc:
        return str(exc)
    return None


def group_by_parameter(items: Iterable[Any], parameter_of) -> list[dict]:
    """[{key, label, items}] in the model's order: general questions first, then the eight parameters."""
    order = [GENERAL, *(p.value for p in SupplierParameter)]
    labels = {GENERAL: _("Generelt"), **{p.value: _(label) for p, label in SUPPLIER_PARAMETER_LABELS.items()}}
    groups: dict[str, list] = {key: [] for key in order}
    for item in items:
        groups.setdefault(parameter_of(item) or GENERAL, []).append(item)
    return [
        {"key": key or "generelt", "label": labels.get(key, key), "items": groups[key]} for key in groups if groups[key]
    ]


def _cell(column: ColumnSpec, value: Any) -> str:
    if value is None or value == "":
        return "–"
    return display_value(QuestionSpec(kind=column.kind, choices=column.choices), value)


def render_value(question: FormQuestion, value: Any) -> dict:
    """What the review pages show for one stored value: a one-line text, or a table's header and rows."""
    spec = spec_for(question)
    rendered: dict[str, Any] = {"display": display_value(spec, value), "table": None, "empty": value in (None, [], "")}
    if question.kind == TABLE and value:
        rendered["table"] = {
            "columns": [c.label for c in spec.columns],
            "rows": [[_cell(c, row.get(c.key)) for c in spec.columns] for row in value],
        }
    return rendered


def _review_actions(case: Case, roles) -> list[str]:
    return [t.action.value for t in available_actions(State(case.state), roles)]


def _supplement_items(form: InformationForm) -> tuple[SupplementRequest | None, list[SupplementRequest]]:
    requests = list(
        form.supplement_requests.select_related("created_by")
        .prefetch_related("items__question")
        .order_by("-created_at")
    )
    current = next((r for r in requests if r.answered_at is None), None)
    return current, requests


@login_required
def form_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    if reason := _may(request, case, Action.REQUEST_INFORMATION):
        return forbidden(request, case, PermissionDenied(reason))
    source = last_submitted_form(case)
    form = FormRequestForm(request.POST or None, initial={"reuse": source is not None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            form_request(
                case=case,
                user=request.user,
                deadline=data["deadline"],
                message=data["message"],
                reuse=data["reuse"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            return forbidden(request, case, exc)
        else:
            messages.success(
                request,
                _("Leverandøren er bedt om oplysninger med frist %(date)s.") % {"date": date_format(data["deadline"])},
            )
            return redirect("assessments:case_detail", pk=case.pk)
    return render(
        request,
        "assessments/case/form_request.html",
        {"case": case, "form": form, "source": source, "source_case": source.case if source else None},
    )


@login_required
def form_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    info = _form_or_redirect(request, case)
    if info is None:
        return redirect("assessments:case_detail", pk=case.pk)
    submissions = list(info.submissions.select_related("submitted_by").order_by("number"))
    current_request, supplement_requests = _supplement_items(info)
    context = {
        "case": case,
        "info": info,
        "submissions": submissions,
        "current_request": current_request,
        "supplement_requests": supplement_requests,
        "actions": _review_actions(case, case_roles(request.user, case)),
    }
    number = request.GET.get("indsendelse", "")
    if number:
        submission = next((s for s in submissions if str(s.number) == number), None)
        if submission is None:
            raise Http404
        context.update(snapshot_context(info, submission))
        return render(request, "assessments/case/form_snapshot.html", context)

    answers = form_answers(info)
    prefetch_related_objects(
        answers,
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(removed_at__isnull=True).order_by("uploaded_at"),
            to_attr="live_files",
        ),
    )
    revision_counts = dict(
        AnswerRevision.objects.filter(answer__form=info)
        .values("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    asked = {item.question_id: item.comment for item in current_request.items.all()} if current_request else {}
    entries = [
        {
            "answer": a,
            "question": a.question,
            "value": render_value(a.question, a.value),
            "is_file": a.question.kind == FILE,
            "files": a.live_files,
            "revisions": revision_counts.get(a.pk, 0),
            "asked": a.question_id in asked,
            "asked_comment": asked.get(a.question_id, ""),
        }
        for a in answers
    ]
    context["groups"] = group_by_parameter(entries, lambda e: e["question"].parameter)
    context["answered"] = sum(1 for e in entries if not e["value"]["empty"] or e["files"])
    context["total"] = len(entries)
    return render(request, "assessments/case/form_review.html", context)


def snapshot_context(info: InformationForm, submission) -> dict:
    """A submitted snapshot as it was stored, rendered with the questions it was taken from."""
    items = submission.snapshot.get("answers", {})
    questions = {q.pk: q for q in info.template.questions.all()}
    entries = []
    for key, item in items.items():
        question = questions.get(item.get("question_id"))
        value = (
            render_value(question, item.get("value"))
            if question is not None
            else {"display": item.get("display", ""), "table": None, "empty": False}
        )
        entries.append(
            {
                "key": key,
                "label": item.get("label", key),
                "parameter": item.get("parameter", ""),
                "is_file": item.get("kind") == FILE,
                "value": value,
                "files": item.get("attachments", []),
                "revision": item.get("revision"),
                "position": (question.position, question.pk) if question is not None else (10_000, 0),
            }
        )
    entries.sort(key=lambda e: e["position"])
    return {"submission": submission, "groups": group_by_parameter(entries, lambda e: e["parameter"])}


@login_required
def form_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    info = _form_or_redirect(request, case)
    if info is None:
        return redirect("assessments:case_detail", pk=case.pk)
    if reason := _may(request, case, Action.REQUEST_SUPPLEMENT):
        return forbidden(request, case, PermissionDenied(reason))
    answers = {a.question_id: a for a in form_answers(info)}
    questions = list(info.template.questions.order_by("position", "id"))
    form = SupplementForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            form_request_supplement(
                form=info, user=request.user, comment=form.cleaned_data["comment"], items=form.cleaned_data["items"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "questions" in exc.error_dict:
                exc = ValidationError(exc.error_dict["questions"])
            form.add_error(None, exc)
        except PermissionDenied as exc:
            return forbidden(request, case, exc)
        else:
            messages.success(
                request,
                _("Leverandøren er bedt om at supplere %(n)d spørgsmål.") % {"n": len(form.cleaned_data["items"])},
            )
            return redirect("assessments:case_detail", pk=case.pk)
    entries = []
    for question in questions:
        pick, comment = form.question_fields(question)
        answer = answers.get(question.pk)
        entries.append(
            {
                "question": question,
                "pick": pick,
                "comment": comment,
                "value": render_value(question, answer.value if answer else None),
                "is_file": question.kind == FILE,
                "files": answer.live_attachments if answer else 0,
            }
        )
    return render(
        request,
        "assessments/case/form_supplement.html",
        {
            "case": case,
            "info": info,
            "form": form,
            "groups": group_by_parameter(entries, lambda e: e["question"].parameter),
        },
    )


@login_required
@require_POST
def form_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    info = _form_or_redirect(request, case)
    if info is None:
        return redirect("assessments:case_detail", pk=case.pk)
    try:
        form_accept(form=info, user=request.user)
    except PermissionDenied as exc:
        return forbidden(request, case, exc)
    messages.success(request, _("Oplysningerne er godkendt. Sagen er gået videre til vurdering."))
    return redirect("assessments:case_detail", pk=case.pk)


@login_required
def answer_history(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    info = _form_or_redirect(request, case)
    if info is None:
        return redirect("assessments:case_detail", pk=case.pk)
    answer = get_object_or_404(
        Answer.objects.select_related("question", "updated_by"), form=info, question_id=question_pk
    )
    revisions = [
        {"revision": r, "value": render_value(answer.question, r.value)}
        for r in answer.revisions.select_related("saved_by").order_by("-revision")
    ]
    supplement_items = [
        item
        for request_ in info.supplement_requests.prefetch_related("items").select_related("created_by")
        for item in request_.items.all()
        if item.question_id == answer.question_id
    ]
    return render(
        request,
        "assessments/case/answer_history.html",
        {
            "case": case,
            "info": info,
            "answer": answer,
            "question": answer.question,
            "current": render_value(answer.question, answer.value),
            "revisions": revisions,
            "supplement_items": supplement_items,
        },
    )
