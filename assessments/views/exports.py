"""Exports built in the background: ask (a redirect to the export's page), follow its status, download.

Nothing here renders a ZIP or a PDF: asking writes an outbox row (assessments.services.exports) and the
page shows "Vi danner filen …" with a status that updates itself (static/js/export_status.js polls the JSON
endpoint) and, without JavaScript, when the page is reloaded. Everyone without a right to the export gets
404, exactly as for the files themselves.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from assessments.models import CaseExport
from assessments.selectors.exports import (
    POLL_SECONDS,
    case_file_case_or_404,
    export_or_404,
    export_page,
    export_state,
    submission_or_404,
)
from assessments.services.exports import case_file_export_request, submission_pdf_request
from audit.services import audit_download


@login_required
@require_GET
def case_file_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole case file as one ZIP: staff get everything visible to them, the supplier what was exchanged."""
    case = case_file_case_or_404(request.user, pk)
    export = case_file_export_request(case=case, user=request.user)
    return redirect("assessments:export_status_page", pk=case.pk, export_pk=export.pk)


@login_required
@require_GET
def submission_pdf(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """The PDF of one submitted snapshot, for anyone who may see the case."""
    submission = submission_or_404(request.user, pk, number)
    export = submission_pdf_request(submission=submission, user=request.user)
    return redirect("assessments:export_status_page", pk=pk, export_pk=export.pk)


@login_required
@require_GET
def export_status_page(request: AuthenticatedHttpRequest, pk: int, export_pk: int) -> HttpResponse:
    """The export's page: 202 with a self-updating status while it is made, 200 with the link when ready."""
    page = export_page(request.user, export_or_404(request.user, pk, export_pk))
    response = render(request, "assessments/export.html", page, status=202 if page["pending"] else 200)
    if page["pending"]:
        response["Retry-After"] = str(POLL_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export_status(request: AuthenticatedHttpRequest, pk: int, export_pk: int) -> JsonResponse:
    """The export's state as JSON, for export_status.js."""
    response = JsonResponse(export_state(export_or_404(request.user, pk, export_pk)))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest, pk: int, export_pk: int) -> HttpResponseBase:
    """The stored file; while it is not ready, back to the export's page."""
    export = export_or_404(request.user, pk, export_pk)
    if export.status != CaseExport.Status.DONE:
        return redirect("assessments:export_status_page", pk=export.case_id, export_pk=export.pk)
    is_case_file = export.kind == CaseExport.Kind.CASE_FILE
    content_type = "application/zip" if is_case_file else "application/pdf"
    audit_download(
        actor=request.user,
        case=export.case,
        obj=export.submission or export.case,
        filename=export.filename,
        action="case_file_download" if is_case_file else "submission_pdf_download",
    )
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
