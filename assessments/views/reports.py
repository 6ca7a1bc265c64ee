"""Download of archived decision reports (PDF/A), for the case's supplier users and staff only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from accounts.http import AuthenticatedHttpRequest
from assessments.selectors.exports import decision_or_404, done_report, report_pending_page, viewable_case_or_404
from audit.services import audit_download


@login_required
def decision_pdf(request: AuthenticatedHttpRequest, pk: int, version: int) -> HttpResponseBase:
    """The archived PDF; while it is rendered (in the background, never in the request), a 202 page."""
    case = viewable_case_or_404(request.user, pk)
    decision = decision_or_404(case, version)
    report = done_report(decision)
    if report is None:
        pending = render(request, "assessments/report_pending.html", report_pending_page(case, decision), status=202)
        pending["Retry-After"] = "5"
        return pending
    filename = f"afgoerelse-{case.reference}-v{decision.version}.pdf"
    handle = report.file.open("rb")
    audit_download(actor=request.user, case=case, obj=decision, filename=filename, action="decision_pdf_download")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    # The decision holds case data: never keep it in a browser or shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
