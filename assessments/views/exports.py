"""Exports built in the background: ask (a redirect to the export's page), follow its status, download.

Nothing here renders a ZIP or a PDF: asking writes an outbox row (assessments.services.exports) and the
page shows "Vi danner filen …" with a status that updates itself (static/js/export_status.js polls the JSON
endpoint) and, without JavaScript, when the page is reloaded. Everyone without a right to the export gets
404, exactly as for the files themselves.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments.models import Case, CaseExport, Submission
from assessments.selectors.casefile import Scope, casefile_scope
from assessments.selectors.cases import case_for
from assessments.services.exports import (
    case_file_export_request,
    export_allowed,
    export_gave_up,
    submission_pdf_request,
)
from audit.services import audit_download

POLL_SECONDS = 3


@login_required
@require_GET
def case_file_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole case file as one ZIP: staff get everything visible to them, the supplier what was exchanged."""
    case = case_for(request.user, pk)
    if case is None or casefile_scope(request.user, case) is None:
        raise Http404
    export = case_file_export_request(case=case, user=request.user)
    return redirect("assessments:export_status_page", pk=case.pk, export_pk=export.pk)


@login_required
@require_GET
def submission_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The PDF of one submitted snapshot, for anyone who may see the case."""
    case = case_for(request.user, pk)
    if case is None or not request.user.has_perm("assessments.view_case", case):
        raise Http404
    submission = get_object_or_404(Submission.objects.select_related("form__case"), form__case=case, number=number)
    export = submission_pdf_request(submission=submission, user=request.user)
    return redirect("assessments:export_status_page", pk=case.pk, export_pk=export.pk)


def _export_or_404(request: HttpRequest, pk: int, export_pk: int) -> CaseExport:
    case = case_for(request.user, pk)
    if case is None:
        raise Http404
    export = CaseExport.objects.select_related("case", "submission").filter(case=case, pk=export_pk).first()
    if export is None or not export_allowed(request.user, export):
        raise Http404
    return export


def _title(export: CaseExport) -> str:
    if export.kind == CaseExport.Kind.CASE_FILE:
        return _("Sagens akter for sag %(ref)s") % {"ref": export.case.reference}
    assert export.submission is not None
    return _("Oplysningsskema, indsendelse %(n)s") % {"n": export.submission.number}


def _state(export: CaseExport) -> dict:
    """What the page and the JSON endpoint say about the export right now."""
    done = export.status == CaseExport.Status.DONE
    gave_up = export_gave_up(export)
    if done:
        message = _("Filen er klar.")
    elif gave_up:
        message = _("Filen kunne ikke dannes. Du har fået besked, og fejlen er registreret. Prøv igen senere.")
    elif export.status == CaseExport.Status.FAILED:
        message = _("Det lykkedes ikke at danne filen i første forsøg. Vi prøver igen af os selv.")
    else:
        message = _("Vi danner filen … Det tager normalt under et minut.")
    download_url = reverse("assessments:export_download", args=[export.case_id, export.pk]) if done else ""
    return {
        "status": export.status,
        "done": done,
        "gave_up": gave_up,
        "message": message,
        "download_url": download_url,
        "link_text": _("Hent filen (%(size)s)") % {"size": filesizeformat(export.size or 0)} if done else "",
    }


def _back_url(request: HttpRequest, case: Case) -> str:
    if casefile_scope(request.user, case) == Scope.STAFF:
        return reverse("assessments:case_detail", args=[case.pk])
    return reverse("assessments:supplier_case", args=[case.pk])


@login_required
@require_GET
def export_status_page(request: HttpRequest, pk: int, export_pk: int) -> HttpResponse:
    """The export's page: 202 with a self-updating status while it is made, 200 with the link when ready."""
    export = _export_or_404(request, pk, export_pk)
    state = _state(export)
    context = {
        "case": export.case,
        "export": export,
        "title": _title(export),
        "state": state,
        "status_url": reverse("assessments:export_status", args=[export.case_id, export.pk]),
        "back_url": _back_url(request, export.case),
        "poll_seconds": POLL_SECONDS,
    }
    pending = not state["done"] and not state["gave_up"]
    response = render(request, "assessments/export.html", context, status=202 if pending else 200)
    if pending:
        response["Retry-After"] = str(POLL_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int, export_pk: int) -> JsonResponse:
    """The export's state as JSON, for export_status.js."""
    export = _export_or_404(request, pk, export_pk)
    response = JsonResponse(_state(export))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int, export_pk: int) -> HttpResponse:
    """The stored file; while it is not ready, back to the export's page."""
    export = _export_or_404(request, pk, export_pk)
    if export.status != CaseExport.Status.DONE:
        return redirect("assessments:export_status_page", pk=export.case_id, export_pk=export.pk)
    is_case_file = export.kind == CaseExport.Kind.CASE_FILE
    content_type = "application/zip" if is_case_file else "application/pdf"
    audit_download(
        actor=request.user,
        case=export.case,
        obj=export.submission if export.submission_id else export.case,
        filename=export.filename,
        action="case_file_download" if is_case_file else "submission_pdf_download",
    )
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
