"""Files of the oplysningsskema: upload and remove (from the supplier's section page), and download.

Upload and remove post the whole section, so what the supplier typed beside the file is saved with it.
A download streams from private storage to anyone who may see the case; nobody else learns it exists (404).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from assessments.selectors.information_form import (
    answer_or_404,
    attachment_for_download_or_404,
    live_attachment_or_404,
    supplier_form_or_404,
)
from assessments.selectors.supplier_form import section_slug
from assessments.views.supplier_form import section_post
from audit.services import audit_download
from targetgroups.domain.questions import FILE

# Attachment.content_type holds the kind privacy.files proved from the content ("pdf", "png", …).
MIME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_POST
def attachment_upload(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Upload a file to a file question (the section's other answers are saved with it)."""
    case, form = supplier_form_or_404(request.user, pk)
    question = answer_or_404(form, question_pk).question
    if question.kind != FILE:
        raise Http404
    return section_post(request, case, form, section_slug(question), upload=question, focus=question_pk)


@login_required
@require_POST
def attachment_remove_view(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case, form = supplier_form_or_404(request.user, pk)
    attachment = live_attachment_or_404(form, attachment_pk)
    question = attachment.answer.question
    return section_post(request, case, form, section_slug(question), remove=attachment, focus=question.pk)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Stream an attachment from private storage to anyone who may see the case (nobody else: 404)."""
    case, attachment = attachment_for_download_or_404(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_download(
        actor=request.user, case=case, obj=attachment, filename=attachment.original_name, action="attachment_download"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=MIME_TYPES.get(attachment.content_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
