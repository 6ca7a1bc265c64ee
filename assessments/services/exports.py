"""Exports too slow for a web request: the case file ZIP (aktindsigt) and a submitted form's PDF.

The same outbox pattern as the decision report (services/reports.py). Asking for an export writes (or finds)
a CaseExport row and queues the task after commit; queueing may fail (Redis down) without failing the
request, and the sweep (`requeue_case_exports`, from `assessments.selectors.exports.exports_to_requeue`)
queues every row still pending or failed. The task renders and stores the file in the private storage; a
second run finds the row done and changes nothing. After EXPORT_MAX_ATTEMPTS failed runs nobody retries and
the person who asked is told once.

Who may have which export is decided exactly as before the exports moved out of the request: the case
file goes to the users `casefile_scope` gives a scope (staff of the case: what they may see; the supplier's
users: what was exchanged), and the submission PDF to everyone who may view the case.
"""

import hashlib
import io
import json
import logging
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import Case, CaseExport, Submission, export_path
from assessments.selectors.casefile import casefile_fingerprint
from assessments.selectors.exports import EXPORT_MAX_ATTEMPTS, case_file_variant
from assessments.services.reports import render_failure_record
from core.queueing import registered_task, task_enqueue
from notifications.services import Message, notification_queue
from reports import casefile_zip, forms_pdf

log = logging.getLogger(__name__)
RENDER_TASK = "assessments.tasks.render_case_export"
CHUNK = 1024 * 1024


class ExportNotAllowed(Exception):
    """The user who asked for a case file no longer has the part in the case that the export was made for."""


def _request(*, case: Case, kind: str, variant: str, fingerprint: str, user: User, submission=None) -> CaseExport:
    with transaction.atomic():
        export, created = CaseExport.objects.get_or_create(
            case=case,
            kind=kind,
            variant=variant,
            fingerprint=fingerprint,
            defaults={"requested_by": user, "submission": submission},
        )
        if created:
            transaction.on_commit(lambda: enqueue_export(export.pk))
    return export


def case_file_export_request(*, case: Case, user: User) -> CaseExport:
    """Ask for the case file as `user` may have it. Raises PermissionDenied when the user has no part.

    Guarantees: one row per (case, user's scope and user, state of the case); asking again while nothing in
    the case changed returns the same row (rendered once). Nothing is rendered here.
    """
    variant = case_file_variant(user, case)
    if variant is None:
        raise PermissionDenied
    return _request(
        case=case, kind=CaseExport.Kind.CASE_FILE, variant=variant, fingerprint=casefile_fingerprint(case), user=user
    )


def submission_pdf_request(*, submission: Submission, user: User) -> CaseExport:
    """Ask for the PDF of a submitted form. Raises PermissionDenied unless the user may view the case.

    A submission never changes (it is a frozen snapshot), so there is one PDF per submission, whoever asks.
    """
    case = submission.form.case
    if not user.has_perm("assessments.view_case", case):
        raise PermissionDenied
    digest = hashlib.sha256(json.dumps(submission.snapshot, sort_keys=True, default=str).encode()).hexdigest()
    return _request(
        case=case,
        kind=CaseExport.Kind.SUBMISSION_PDF,
        variant=f"submission:{submission.number}",
        fingerprint=digest,
        user=user,
        submission=submission,
    )


def enqueue_export(pk: int) -> bool:
    """Queue the rendering task; on any broker trouble give up at once (the sweep queues it later)."""
    return task_enqueue(registered_task(RENDER_TASK), pk)


def _build(export: CaseExport) -> tuple[IO[bytes], str]:
    """The file (rewound) and its download name. Raises ExportNotAllowed when the asker lost their part."""
    if export.kind == CaseExport.Kind.CASE_FILE:
        if case_file_variant(export.requested_by, export.case) != export.variant:
            raise ExportNotAllowed(export.variant)
        casefile = casefile_zip.case_file_build(user=export.requested_by, case=export.case)
        return casefile.file, casefile.filename
    assert export.submission is not None  # a database constraint
    pdf = forms_pdf.submission_pdf_bytes(export.submission)
    return io.BytesIO(pdf), forms_pdf.submission_pdf_filename(export.submission)


def case_export_render(*, pk: int) -> CaseExport | None:
    """Render and store the export if it is not done yet. Returns the row, or None when another worker
    holds it right now. Raises on rendering errors after recording them (the task retries with backoff).

    A case file whose asker has lost their part in the case is not rendered and not retried."""
    with transaction.atomic():
        export = (
            CaseExport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("case", "requested_by", "submission")
            .filter(pk=pk)
            .first()
        )
        if export is None or export.status == CaseExport.Status.DONE:
            return export
        export.attempts += 1
        raise_after: Exception | None = None
        try:
            handle, filename = _build(export)
        except ExportNotAllowed:
            export.status = CaseExport.Status.FAILED
            export.attempts = max(export.attempts, EXPORT_MAX_ATTEMPTS)  # nothing to retry: the sweep leaves it
            export.last_error = "The user who asked no longer has this part in the case."
            export.save(update_fields=["status", "attempts", "last_error"])
            return export
        except Exception as exc:
            render_failure_record(export, exc, max_attempts=EXPORT_MAX_ATTEMPTS, alert=_alert_gave_up)
            raise_after = exc  # raised after the block, so the failure record is committed
        else:
            with handle:
                _store(export, handle)
            export.filename = filename[:200]
            export.status = CaseExport.Status.DONE
            export.rendered_at = timezone.now()
            export.last_error = ""
            export.save()
    if raise_after is not None:
        raise raise_after
    return export


def _store(export: CaseExport, handle: IO[bytes]) -> None:
    """Hash the file in chunks, then write it under its content address, or point at the copy already there."""
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    export.sha256 = digest.hexdigest()
    export.size = size
    name = export_path(export, "")
    if export.file.storage.exists(name):
        export.file.name = name
    else:
        export.file.save(name, File(handle), save=False)


def _alert_gave_up(export: CaseExport) -> None:
    """After the last attempt nobody retries: tell the person who asked (once) and log for operations."""
    case = export.case
    log.error("export %s gave up after %s attempts: %s", export.pk, export.attempts, export.last_error)
    notification_queue(
        recipients=[export.requested_by],
        message=Message(
            "case_export_failed",
            {"case": case, "export": export},
            link=reverse("assessments:export_status_page", args=[case.pk, export.pk]),
        ),
        key=f"case_export_failed:export={export.pk}",
        case=case,
    )
