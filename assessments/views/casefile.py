"""The case file: interview notes and the read-only history (the export of the whole file is in views/exports.py).

Views are thin: a selector finds the case the user may see (404 otherwise), a service checks and stores.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.forms.casefile import InterviewNoteForm
from assessments.selectors.access import STAFF, staff_case_or_404
from assessments.selectors.casefile import history_rows, interview_notes_page
from assessments.services.interviews import interview_note_add
from assessments.views.cases import login_user
from core.errors import errors_onto


@login_required
def interview_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's interview notes; its consultants and leader add one (the other leaders only read)."""
    user = login_user(request)
    page = interview_notes_page(user, pk)
    form = InterviewNoteForm(request.POST or None) if page.can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with errors_onto(form):
                interview_note_add(case=page.case, user=user, **form.cleaned_data)
            if not form.errors:
                messages.success(request, _("Interviewnoten er gemt."))
                return redirect("assessments:interview_notes", pk=pk)
    context = {"case": page.case, "form": form, "notes": page.notes}
    return render(request, "assessments/casefile/interview_notes.html", context)


@login_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = login_user(request)
    case = staff_case_or_404(user, pk, only=STAFF)
    return render(request, "assessments/casefile/history.html", {"case": case, "rows": history_rows(user, case)})
