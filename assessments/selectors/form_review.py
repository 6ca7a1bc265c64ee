"""Reads for the consultants' side of the oplysningsskema: the request page, the review, snapshots, history.

Every read finds the case through case_for and needs assessments.view_case_internals (404 otherwise); the pages
that lead to an action refuse (ActionNotAllowed, the workflow table's reason) when the user may not take it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.answers import display_value
from assessments.domain.workflow import Action, State, available_actions
from assessments.models import Answer, AnswerRevision, Attachment, Case, InformationForm, Submission, SupplementRequest
from assessments.permissions import case_roles
from assessments.selectors.information_form import (
    case_with_perm_or_404,
    form_answers,
    form_of_case,
    last_submitted_form,
    require_action,
    spec_for,
)
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SupplierParameter
from targetgroups.domain.questions import FILE, TABLE, ColumnSpec, QuestionSpec
from targetgroups.models import FormQuestion

GENERAL = ""
INTERNALS = "assessments.view_case_internals"


def internal_case_or_404(user: User, pk: int, *, only: tuple[str, ...] | None = None) -> Case:
    """A case the user may see with its internals; 404 for 'absent', 'not yours' and suppliers alike."""
    return case_with_perm_or_404(user, pk, INTERNALS, only=only)


def group_by_parameter(items: Iterable[Any], parameter_of: Callable[[Any], str]) -> list[dict[str, Any]]:
    """[{key, label, items}] in the model's order: general questions first, then the eight parameters."""
    order = [GENERAL, *(p.value for p in SupplierParameter)]
    labels = {GENERAL: _("Generelt"), **{p.value: _(label) for p, label in SUPPLIER_PARAMETER_LABELS.items()}}
    groups: dict[str, list[Any]] = {key: [] for key in order}
    for item in items:
        groups.setdefault(parameter_of(item) or GENERAL, []).append(item)
    return [
        {"key": key or "generelt", "label": labels.get(key, key), "items": groups[key]} for key in groups if groups[key]
    ]


def _cell(column: ColumnSpec, value: Any) -> str:
    if value is None or value == "":
        return "–"
    return display_value(QuestionSpec(kind=column.kind, choices=column.choices), value)


def render_value(question: FormQuestion, value: Any) -> dict[str, Any]:
    """What the review pages show for one stored value: a one-line text, or a table's header and rows."""
    spec = spec_for(question)
    rendered: dict[str, Any] = {"display": display_value(spec, value), "table": None, "empty": value in (None, [], "")}
    if question.kind == TABLE and value:
        rendered["table"] = {
            "columns": [c.label for c in spec.columns],
            "rows": [[_cell(c, row.get(c.key)) for c in spec.columns] for row in value],
        }
    return rendered


def form_request_page(user: User, pk: int) -> tuple[Case, InformationForm | None]:
    """The case whose supplier is to be asked, and the earlier form whose answers can be reused."""
    case = internal_case_or_404(user, pk)
    require_action(user, case, Action.REQUEST_INFORMATION)
    return case, last_submitted_form(case)


def internal_form(user: User, pk: int, *, only: tuple[str, ...] | None = None) -> tuple[Case, InformationForm | None]:
    """The case and its form (None before the supplier was asked: the pages then send the user to the case)."""
    case = internal_case_or_404(user, pk, only=only)
    return case, form_of_case(case)


def _supplement_requests(form: InformationForm) -> tuple[SupplementRequest | None, list[SupplementRequest]]:
    requests = list(
        form.supplement_requests.select_related("created_by")
        .prefetch_related("items__question")
        .order_by("-created_at")
    )
    return next((r for r in requests if r.answered_at is None), None), requests


def _review_base(user: User, case: Case, info: InformationForm) -> dict[str, Any]:
    current_request, supplement_requests = _supplement_requests(info)
    return {
        "case": case,
        "info": info,
        "submissions": list(info.submissions.select_related("submitted_by").order_by("number")),
        "current_request": current_request,
        "supplement_requests": supplement_requests,
        "actions": [t.action.value for t in available_actions(State(case.state), case_roles(user, case))],
    }


def _review_entries(info: InformationForm, current_request: SupplementRequest | None) -> list[dict[str, Any]]:
    answers = form_answers(info)
    live = Attachment.objects.filter(removed_at__isnull=True).order_by("uploaded_at")
    prefetch_related_objects(answers, Prefetch("attachments", queryset=live, to_attr="live_files"))
    revision_counts = dict(
        AnswerRevision.objects.filter(answer__form=info)
        .values("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    asked = {item.question_id: item.comment for item in current_request.items.all()} if current_request else {}
    return [
        {
            "answer": a,
            "question": a.question,
            "value": render_value(a.question, a.value),
            "is_file": a.question.kind == FILE,
            "files": getattr(a, "live_files", []),
            "revisions": revision_counts.get(a.pk, 0),
            "asked": a.question_id in asked,
            "asked_comment": asked.get(a.question_id, ""),
        }
        for a in answers
    ]


def form_review_context(user: User, pk: int) -> dict[str, Any] | None:
    """The form as it stands: every answer by parameter, with its files, revisions and what was asked about."""
    case, info = internal_form(user, pk, only=())  # the page shows the case's subject and target group only
    if info is None:
        return None
    context = _review_base(user, case, info)
    entries = _review_entries(info, context["current_request"])
    context["groups"] = group_by_parameter(entries, lambda e: e["question"].parameter)
    context["answered"] = sum(1 for e in entries if not e["value"]["empty"] or e["files"])
    context["total"] = len(entries)
    return context


def form_snapshot_context(user: User, pk: int, number: str) -> dict[str, Any] | None:
    """One submission as it was stored (404 for a number the form has no submission of)."""
    case, info = internal_form(user, pk)
    if info is None:
        return None
    context = _review_base(user, case, info)
    submission = next((s for s in context["submissions"] if str(s.number) == number), None)
    if submission is None:
        raise Http404
    context.update(snapshot_context(info, submission))
    return context


def snapshot_context(info: InformationForm, submission: Submission) -> dict[str, Any]:
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


@dataclass
class SupplementPage:
    case: Case
    info: InformationForm
    questions: list[FormQuestion]
    answers: dict[int, Answer]


def supplement_page(user: User, pk: int) -> SupplementPage | None:
    """The form's questions and their answers, for asking the supplier to supplement some (refused unless the
    user may ask now; None before the supplier was asked)."""
    case, info = internal_form(user, pk)
    if info is None:
        return None
    require_action(user, case, Action.REQUEST_SUPPLEMENT)
    return SupplementPage(
        case=case,
        info=info,
        questions=list(info.template.questions.order_by("position", "id")),
        answers={a.question_id: a for a in form_answers(info)},
    )


def answer_history_context(user: User, pk: int, question_pk: int) -> dict[str, Any] | None:
    """Every stored revision of one answer, newest first, and what the consultants asked about it."""
    case, info = internal_form(user, pk)
    if info is None:
        return None
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
    return {
        "case": case,
        "info": info,
        "answer": answer,
        "question": answer.question,
        "current": render_value(answer.question, answer.value),
        "revisions": revisions,
        "supplement_items": supplement_items,
    }
