"""The case file: interview notes and the read-only history (the export of the whole file is in views/exports.py).

Views are thin: they find the case the user may see (404 otherwise), call a selector or service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.forms.casefile import InterviewNoteForm
from assessments.models import Case, InterviewNote
from assessments.permissions import case_roles
from assessments.selectors.casefile import history_rows, person
from assessments.selectors.cases import case_for
from assessments.services.interviews import WRITERS, interview_note_add


def _staff_case_or_404(request: HttpRequest, pk: int) -> Case:
    """The case, for its consultants and the leaders of its socialtilsyn; 404 for everyone else (suppliers too)."""
    case = case_for(request.user, pk)
    if case is None or not request.user.has_perm("assessments.view_case_internals", case):
        raise Http404
    return case


@login_required
def interview_notes(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case_or_404(request, pk)
    can_write = bool(case_roles(request.user, case) & WRITERS)
    form = InterviewNoteForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                interview_note_add(case=case, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Interviewnoten er gemt."))
                return redirect("assessments:interview_notes", pk=case.pk)
    notes = InterviewNote.objects.filter(case=case).select_related("author").order_by("-held_on", "-created_at")
    return render(
        request,
        "assessments/casefile/interview_notes.html",
        {
            "case": case,
            "form": form,
            "notes": [{"note": n, "author": person(n.author)} for n in notes],
        },
    )


@login_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case_or_404(request, pk)
    return render(
        request,
        "assessments/casefile/history.html",
        {"case": case, "rows": history_rows(request.user, case)},
    )
