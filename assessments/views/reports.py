"""Download of archived decision reports (PDF/A), for the case's supplier users and staff only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from assessments.models import Decision, DecisionReport
from assessments.selectors.cases import case_for
from assessments.services.reports import report_gave_up
from audit.services import audit_download


@login_required
def decision_pdf(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    case = case_for(request.user, pk)
    if case is None or not request.user.has_perm("assessments.view_case", case):
        raise Http404
    decision = get_object_or_404(Decision.objects.select_related("report"), case=case, version=version)
    report = getattr(decision, "report", None)
    if report is None or report.status != DecisionReport.Status.DONE:
        # Rendering happens in the background within seconds; never in the request.
        context = {"case": case, "decision": decision, "gave_up": report is not None and report_gave_up(report)}
        response = render(request, "assessments/report_pending.html", context, status=202)
        response["Retry-After"] = "5"
        return response
    filename = f"afgoerelse-{case.reference}-v{decision.version}.pdf"
    handle = report.file.open("rb")
    audit_download(actor=request.user, case=case, obj=decision, filename=filename, action="decision_pdf_download")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    # The decision holds case data: never keep it in a browser or shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
