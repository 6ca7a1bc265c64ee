"""Reads of the rendered files: decision reports (PDF/A) and exports (the case file ZIP, a submission's PDF).

Who may have which file, whether a row has given up, which rows the sweeps queue again, and what the
export page says about a file while it is made. The writes (asking, rendering, storing) are in
assessments.services.reports and assessments.services.exports.
"""

import datetime
from typing import Any

from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Case, CaseExport, Decision, DecisionReport, Submission
from assessments.selectors.access import case_for
from assessments.selectors.casefile import Scope, casefile_scope

# After this many failed renders nobody retries; someone is told once.
REPORT_MAX_ATTEMPTS = 10
EXPORT_MAX_ATTEMPTS = 10
POLL_SECONDS = 3


# --- decision reports ----------------------------------------------------------------------------------------


def report_gave_up(report: DecisionReport) -> bool:
    return report.status == DecisionReport.Status.FAILED and report.attempts >= REPORT_MAX_ATTEMPTS


def _outbox_to_requeue(
    model: type[DecisionReport] | type[CaseExport], *, max_attempts: int, older_than_seconds: int
) -> list[int]:
    """Outbox rows still pending or failed (and not given up), older than a fresh row's own task needs."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return list(
        model.objects.filter(
            status__in=[model.Status.PENDING, model.Status.FAILED],
            created_at__lt=cutoff,
            attempts__lt=max_attempts,
        ).values_list("pk", flat=True)
    )


def reports_to_requeue(*, older_than_seconds: int = 120) -> list[int]:
    """Decision reports for the re-queue sweep."""
    return _outbox_to_requeue(DecisionReport, max_attempts=REPORT_MAX_ATTEMPTS, older_than_seconds=older_than_seconds)


def viewable_case_or_404(user: User, pk: int) -> Case:
    """A case the user may view; 404 when it is absent or not theirs."""
    case = case_for(user, pk)
    if case is None or not user.has_perm("assessments.view_case", case):
        raise Http404
    return case


def decision_or_404(case: Case, version: int) -> Decision:
    """One decision version of the case, with its report row (if any)."""
    decision = Decision.objects.select_related("report").filter(case=case, version=version).first()
    if decision is None:
        raise Http404
    return decision


def done_report(decision: Decision) -> DecisionReport | None:
    """The decision's archived report when it is rendered, else None (the page says it is on its way)."""
    report = getattr(decision, "report", None)
    return report if report is not None and report.status == DecisionReport.Status.DONE else None


def report_pending_page(case: Case, decision: Decision) -> dict[str, Any]:
    report = getattr(decision, "report", None)
    return {"case": case, "decision": decision, "gave_up": report is not None and report_gave_up(report)}


# --- exports -------------------------------------------------------------------------------------------------


def case_file_variant(user: User, case: Case) -> str | None:
    """Whose copy: the scope and the user (the file holds what this user may see, and names them)."""
    scope = casefile_scope(user, case)
    return None if scope is None else f"{scope}:{user.pk}"


def export_allowed(user: User, export: CaseExport) -> bool:
    """Whether `user` may see the status of and download `export` (the rules of the request, checked again)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if export.kind == CaseExport.Kind.CASE_FILE:
        return export.requested_by_id == user.pk and case_file_variant(user, export.case) == export.variant
    return bool(user.has_perm("assessments.view_case", export.case))


def export_gave_up(export: CaseExport) -> bool:
    return export.status == CaseExport.Status.FAILED and export.attempts >= EXPORT_MAX_ATTEMPTS


def exports_to_requeue(*, older_than_seconds: int = 120) -> list[int]:
    """Case exports for the re-queue sweep."""
    return _outbox_to_requeue(CaseExport, max_attempts=EXPORT_MAX_ATTEMPTS, older_than_seconds=older_than_seconds)


def case_file_case_or_404(user: User, pk: int) -> Case:
    """A case whose file the user may have (staff of the case, or its supplier's users); 404 otherwise."""
    case = case_for(user, pk)
    if case is None or casefile_scope(user, case) is None:
        raise Http404
    return case


def submission_or_404(user: User, pk: int, number: int) -> Submission:
    """One submitted snapshot of a case the user may view; 404 otherwise."""
    case = viewable_case_or_404(user, pk)
    submission = Submission.objects.select_related("form__case").filter(form__case=case, number=number).first()
    if submission is None:
        raise Http404
    return submission


def export_or_404(user: User, pk: int, export_pk: int) -> CaseExport:
    """An export of a case the user may see, when the user may have it; 404 for everything else."""
    case = case_for(user, pk)
    if case is None:
        raise Http404
    export = CaseExport.objects.select_related("case", "submission").filter(case=case, pk=export_pk).first()
    if export is None or not export_allowed(user, export):
        raise Http404
    return export


def _title(export: CaseExport) -> str:
    if export.kind == CaseExport.Kind.CASE_FILE:
        return _("Sagens akter for sag %(ref)s") % {"ref": export.case.reference}
    assert export.submission is not None
    return _("Oplysningsskema, indsendelse %(n)s") % {"n": export.submission.number}


def export_state(export: CaseExport) -> dict[str, Any]:
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


def export_page(user: User, export: CaseExport) -> dict[str, Any]:
    """The export's page: its state, where to poll it, and the way back (the staff's or the supplier's page)."""
    state = export_state(export)
    staff = casefile_scope(user, export.case) == Scope.STAFF
    back = "assessments:case_detail" if staff else "assessments:supplier_case"
    return {
        "case": export.case,
        "export": export,
        "title": _title(export),
        "state": state,
        "status_url": reverse("assessments:export_status", args=[export.case_id, export.pk]),
        "back_url": reverse(back, args=[export.case_id]),
        "poll_seconds": POLL_SECONDS,
        "pending": not state["done"] and not state["gave_up"],
    }
