"""Saving one answer at a time from static/js/autosave.js, and confirming a carried-over answer.

These endpoints answer JSON, the script's contract: 200 saved, 409 conflict (both values), 422 refused
(the parser's messages), 403 when the service refuses (e.g. the form is locked). The refusal is turned into
that JSON by one decorator (`json_refusals`); every page uses core.errors' policy instead.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from assessments.domain.answers import Conflict, SectionOutcome
from assessments.forms.information_form import SectionForm
from assessments.models import InformationForm
from assessments.selectors.information_form import answer_or_404, supplier_answer_or_404, supplier_form_or_404
from assessments.selectors.supplier_form import section_progress, section_slug
from assessments.services.information_form import SaveResult, answer_confirm, answer_save
from assessments.views.supplier_form import section_post
from core.errors import refusal_text
from targetgroups.domain.questions import FILE
from targetgroups.models import FormQuestion


def json_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A service's refusal (PermissionDenied) as the script's 403 JSON, instead of the 403 page."""

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return JsonResponse({"saved": False, "errors": [refusal_text(exc)], "locked": True}, status=403)

    return wrapped


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    saved_at = timezone.localtime(conflict.saved_at) if conflict.saved_at else None
    return {
        "current_display": conflict.current_display,
        "current_revision": conflict.current_revision,
        "saved_by": conflict.saved_by,
        "saved_at": date_format(saved_at, "TIME_FORMAT") if saved_at else "",
        "saved_on": date_format(saved_at, "MONTH_DAY_FORMAT") if saved_at else "",
        "your_display": conflict.your_display,
    }


def _saved_json(result: SaveResult, raw: Any, progress: Any) -> dict[str, Any]:
    outcome = SectionOutcome()
    outcome.add_parsed(result.answer.question_id, raw, result.parsed)
    question_id = result.answer.question_id
    return {
        "saved": result.saved,
        "revision": result.answer.revision,
        "carried_over": result.answer.carried_over,
        "saved_at": date_format(timezone.localtime(result.answer.updated_at), "TIME_FORMAT"),
        "errors": outcome.errors.get(question_id, []),
        "cell_errors": [
            {"row": row, "column": column, "message": message}
            for (row, column), message in sorted(outcome.cell_errors.get(question_id, {}).items())
        ],
        "conflict": _conflict_json(result.conflict) if result.conflict else None,
        "progress": {"answered": progress.answered, "required": progress.required, "percent": progress.percent},
    }


def _expected_revision(request: AuthenticatedHttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


@login_required
@require_POST
@json_refusals
def answer_autosave(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> JsonResponse:
    """Save one answer sent by autosave.js. 200 saved, 409 conflict (both values), 422 refused, 403 locked.

    The body is the section's inputs for this one question, form-encoded, plus `revision` (what the page
    last saw) and `force=1` when the supplier chose to keep their own value after a conflict.
    """
    _case, form, answer = supplier_answer_or_404(request.user, pk, question_pk)
    question = answer.question
    if question.kind == FILE:
        raise Http404
    raw = SectionForm(request.POST, questions=[question], initial_values={}).raw(question)
    result = answer_save(
        form=form,
        question=question,
        raw=raw,
        user=request.user,
        expected_revision=_expected_revision(request),
        force=request.POST.get("force") == "1",
    )
    body = _saved_json(result, raw, section_progress(form, question))
    return JsonResponse(body, status=200 if result.saved else 409 if result.conflict else 422)


@json_refusals
def _confirm_json(request: AuthenticatedHttpRequest, form: InformationForm, question: FormQuestion) -> JsonResponse:
    answer = answer_confirm(form=form, question=question, user=request.user)
    return JsonResponse({"saved": True, "revision": answer.revision, "carried_over": answer.carried_over})


@login_required
@require_POST
def answer_confirm_view(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Confirm a carried-over answer. From the section page's form it also saves the rest of the section."""
    case, form = supplier_form_or_404(request.user, pk)
    question = answer_or_404(form, question_pk).question
    if "application/json" in request.headers.get("Accept", ""):
        return _confirm_json(request, form, question)
    return section_post(request, case, form, section_slug(question), confirm=question, focus=question_pk)
