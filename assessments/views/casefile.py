"""The case file: interview notes, the read-only history, and the export of the whole file (aktindsigt).

Views are thin: they find the case the user may see (404 otherwise), call a selector or service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.services import audit_download

from ..forms_casefile import InterviewNoteForm
from ..models import Case, InterviewNote
from ..permissions import case_roles
from ..selectors import case_for
from ..selectors_casefile import casefile_scope, history_rows, person
from ..services.interviews import WRITERS, interview_note_add


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


@login_required
def case_file_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole case file as one ZIP: staff get everything visible to them, the supplier what was exchanged."""
    from reports.casefile_zip import case_file_build

    case = case_for(request.user, pk)
    if case is None or casefile_scope(request.user, case) is None:
        raise Http404
    casefile = case_file_build(user=request.user, case=case)
    audit_download(actor=request.user, case=case, obj=case, filename=casefile.filename, action="case_file_export")
    response = FileResponse(
        casefile.file, as_attachment=True, filename=casefile.filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
