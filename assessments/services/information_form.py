"""The oplysningsskema: requesting it, saving answers as the supplier goes, submitting, supplementing.

The supplier's answers live here and nowhere else; the consultants' judgements (elsewhere) cite them.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.answers import Conflict, Parsed, display_value, parse_answer
from assessments.domain.workflow import Action, CaseRole
from assessments.models import (
    Answer,
    AnswerRevision,
    Attachment,
    Case,
    InformationForm,
    Submission,
    SupplementItem,
    SupplementRequest,
    attachment_path,
)
from assessments.permissions import case_roles
from assessments.selectors.information_form import (
    editable_question_ids,
    form_answers,
    last_submitted_form,
    missing_for_submit,
    spec_for,
)
from assessments.services.cases import case_lock, case_transition
from assessments.services.notify import notify_form_requested, notify_form_submitted, notify_supplement_requested
from audit.services import audit_record
from core.errors import ActionNotAllowed
from privacy.files import validate_upload
from privacy.text import cpr_check
from targetgroups.domain.questions import FILE
from targetgroups.models import FormQuestion


def _require_supplier(user: User, case: Case) -> None:
    if CaseRole.SUPPLIER not in case_roles(user, case):
        raise ActionNotAllowed(_("Kun leverandørens egne brugere kan udfylde skemaet."))


def _require_consultant(user: User, case: Case) -> None:
    if not case_roles(user, case) & {CaseRole.PRIMARY, CaseRole.SECOND}:
        raise ActionNotAllowed(_("Kun sagens konsulenter kan gøre dette."))


@transaction.atomic
def form_request(
    *, case: Case, user: User, deadline: datetime.date, message: str = "", reuse: bool = True
) -> InformationForm:
    """Ask the supplier for information: create the case's form with a deadline (state → oplysninger anmodet).

    With `reuse`, answers of the last submitted form for the same supplier/department and target group are
    copied where the question key matches, each marked as carried over until the supplier confirms it.
    Locks the case first, so a double click creates one form.
    """
    case_lock(case)
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("Fristen skal ligge efter i dag.")})
    if message and (refusal := cpr_check(message)):
        raise ValidationError({"message": refusal})
    case_transition(case=case, action=Action.REQUEST_INFORMATION, user=user)
    source = last_submitted_form(case) if reuse else None
    form = InformationForm.objects.create(
        case=case,
        template=case.form_template,
        deadline=deadline,
        requested_by=user,
        message=message,
        reused_from=source,
    )
    previous: dict[str, Answer] = {}
    if source is not None:
        previous = {
            a.question.key: a for a in source.answers.select_related("question").prefetch_related("attachments")
        }
    questions = list(case.form_template.questions.all())
    reusable = {q.key: previous[q.key] for q in questions if _reusable(previous.get(q.key), q)}
    answers = Answer.objects.bulk_create(
        Answer(
            form=form,
            question=q,
            value=reusable[q.key].value if q.key in reusable else None,
            carried_over=q.key in reusable,
        )
        for q in questions
    )
    for answer in answers:
        old = previous.get(answer.question.key)
        if old is not None and answer.carried_over:
            for att in old.attachments.filter(removed_at__isnull=True):
                Attachment.objects.create(
                    answer=answer,
                    file=att.file.name,
                    original_name=att.original_name,
                    content_type=att.content_type,
                    size=att.size,
                    sha256=att.sha256,
                    uploaded_by=att.uploaded_by,
                )
    audit_record(
        actor=user,
        case=case,
        obj=form,
        action="form_request",
        summary=_("Oplysningsskema anmodet med frist %(date)s") % {"date": date_format(deadline)}
        + (_(" (svar genbrugt fra %(ref)s)") % {"ref": source.case.reference} if source else ""),
        after={"deadline": deadline.isoformat(), "reused_from": source.pk if source else None},
    )
    notify_form_requested(form=form)
    return form


def _reusable(old: Answer | None, question: FormQuestion) -> bool:
    """An earlier answer is carried over when it answers a question of the same key and kind and says something."""
    if old is None or old.question.kind != question.kind:
        return False
    has_files = any(a.removed_at is None for a in old.attachments.all())
    return has_files or old.value not in (None, "", [])


def _lock_form(form: InformationForm) -> InformationForm:
    """Lock the case, then the form (the one lock order), and refresh the form's status in place."""
    case_lock(form.case)
    form.refresh_from_db(from_queryset=InformationForm.objects.select_for_update())
    return form


def _lock_answer(form: InformationForm, question: FormQuestion) -> Answer:
    """Lock the case, then the form and its answer to `question` in one query (the one lock order: nothing
    locks a form or an answer without holding its case first); the form is refreshed in place."""
    case_lock(form.case)
    answer = Answer.objects.select_for_update().select_related("form").get(form=form, question=question)
    fresh = answer.form
    for f in InformationForm._meta.concrete_fields:
        setattr(form, f.attname, getattr(fresh, f.attname))
    answer.form = form
    return answer


def _require_editable(form: InformationForm, question: FormQuestion) -> None:
    if not form.is_editable:
        raise ActionNotAllowed(_("Skemaet er indsendt og kan ikke ændres nu."))
    allowed = editable_question_ids(form)
    if allowed is not None and question.pk not in allowed:
        raise ActionNotAllowed(_("Under supplering kan kun de spørgsmål, konsulenten har peget på, ændres."))


@dataclass
class SaveResult:
    answer: Answer
    parsed: Parsed
    conflict: Conflict | None = None

    @property
    def saved(self) -> bool:
        return self.parsed.ok and self.conflict is None


def answer_save(
    *, form: InformationForm, question: FormQuestion, raw: Any, user: User, expected_revision: int, force: bool = False
) -> SaveResult:
    """Save one answer if it parses and nobody else saved it in between.

    Invalid input is not stored (the caller shows the user's input with the errors next to it). When the
    stored revision differs from `expected_revision` and the values differ, nothing is stored and a
    Conflict with both values comes back; `force=True` (the user chose to keep their own value after
    seeing both) stores it as a new revision. Every stored value is kept as an AnswerRevision. The form's
    status is checked under the case lock, so no answer changes after the form was submitted.
    """
    _require_supplier(user, form.case)
    _require_editable(form, question)
    spec = spec_for(question)
    parsed = parse_answer(spec, raw, text_check=cpr_check)
    with transaction.atomic():
        answer = _lock_answer(form, question)
        _require_editable(form, question)
        if not parsed.ok:
            return SaveResult(answer=answer, parsed=parsed)
        if answer.value == parsed.value and not answer.carried_over:
            return SaveResult(answer=answer, parsed=parsed)
        if answer.revision != expected_revision and not force and answer.value != parsed.value:
            return SaveResult(
                answer=answer,
                parsed=parsed,
                conflict=Conflict(
                    current_value=answer.value,
                    current_display=display_value(spec, answer.value),
                    current_revision=answer.revision,
                    saved_by=str(answer.updated_by) if answer.updated_by else "",
                    saved_at=answer.updated_at,
                    your_value=parsed.value,
                    your_display=display_value(spec, parsed.value),
                ),
            )
        answer.value = parsed.value
        answer.revision += 1
        answer.carried_over = False
        answer.updated_by = user
        answer.save(update_fields=["value", "revision", "carried_over", "updated_by", "updated_at"])
        AnswerRevision.objects.create(answer=answer, revision=answer.revision, value=answer.value, saved_by=user)
    return SaveResult(answer=answer, parsed=parsed)


@transaction.atomic
def answer_confirm(*, form: InformationForm, question: FormQuestion, user: User) -> Answer:
    """Confirm a carried-over answer unchanged (while the form is editable, checked under the case lock)."""
    _require_supplier(user, form.case)
    answer = _lock_answer(form, question)
    _require_editable(form, question)
    if answer.carried_over:
        answer.carried_over = False
        answer.revision += 1
        answer.updated_by = user
        answer.save(update_fields=["carried_over", "revision", "updated_by", "updated_at"])
        AnswerRevision.objects.create(answer=answer, revision=answer.revision, value=answer.value, saved_by=user)
    return answer


@transaction.atomic
def attachment_add(*, form: InformationForm, question: FormQuestion, upload: UploadedFile, user: User) -> Attachment:
    """Store an uploaded file after checking its type by content, its size and its text for CPR numbers.

    The file is checked before any lock is taken (it may take a moment); then the form's status is checked
    again under the case lock. A question holds at most settings.FORM_UPLOADS_PER_QUESTION files at a time
    (removed ones do not count); the count is read under the answer's row lock, so two uploads at once cannot
    both take the last place.
    The upload is audited (name, size, SHA-256) in the same transaction.
    """
    _require_supplier(user, form.case)
    _require_editable(form, question)
    if question.kind != FILE:
        raise ValidationError(_("Dette spørgsmål tager ikke imod filer."))
    content_type = validate_upload(upload, max_bytes=settings.FORM_UPLOAD_MAX_BYTES)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    _lock_form(form)
    _require_editable(form, question)
    answer = Answer.objects.select_for_update().get(form=form, question=question)
    limit = settings.FORM_UPLOADS_PER_QUESTION
    if Attachment.objects.filter(answer=answer, removed_at__isnull=True).count() >= limit:
        raise ValidationError(
            _("Der kan højst være %(n)s filer ved et spørgsmål. Fjern en fil, før du uploader en ny.") % {"n": limit},
            code="too_many_files",
        )
    attachment = Attachment(
        answer=answer,
        original_name=(upload.name or "bilag")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    stored_name = attachment_path(attachment, upload.name or "")
    if attachment.file.storage.exists(stored_name):
        # Same content already stored for this form: files are content-addressed, so reuse it.
        attachment.file.name = stored_name
    else:
        attachment.file.save(digest.hexdigest(), upload, save=False)
    attachment.save()
    answer.carried_over = False
    answer.revision += 1
    answer.updated_by = user
    answer.save(update_fields=["carried_over", "revision", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        case=form.case,
        obj=attachment,
        action="attachment_add",
        summary=_("Bilag uploadet: %(name)s") % {"name": attachment.original_name},
        after={"name": attachment.original_name, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: User) -> None:
    """Hide an attachment from the form (audited); the file is kept, as earlier submissions may cite it."""
    form = attachment.answer.form
    _require_supplier(user, form.case)
    _lock_form(form)
    _require_editable(form, attachment.answer.question)
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit_record(
        actor=user,
        case=form.case,
        obj=attachment,
        action="attachment_remove",
        summary=_("Bilag fjernet: %(name)s") % {"name": attachment.original_name},
    )


def _snapshot(form: InformationForm) -> dict[str, Any]:
    items: dict[str, Any] = {}
    for answer in form_answers(form):
        q = answer.question
        items[q.key] = {
            "question_id": q.pk,
            "label": q.label,
            "parameter": q.parameter,
            "kind": q.kind,
            "value": answer.value,
            "display": display_value(spec_for(q), answer.value),
            "revision": answer.revision,
            "attachments": [
                {"id": a.pk, "name": a.original_name, "sha256": a.sha256}
                for a in answer.attachments.filter(removed_at__isnull=True)
            ],
        }
    return {"template": form.template_id, "answers": items}


@transaction.atomic
def form_submit(*, form: InformationForm, user: User) -> Submission:
    """Lock the form and store a timestamped snapshot (state → oplysninger modtaget).

    Refuses while a required question is unanswered or a carried-over answer is unconfirmed. Locks the case,
    then the form, so the snapshot holds every answer saved before it and none after.
    """
    _require_supplier(user, form.case)
    _lock_form(form)
    if not form.is_editable:
        raise ValidationError(_("Skemaet er allerede indsendt."))
    problems = missing_for_submit(form)
    if problems:
        raise ValidationError(
            _("Skemaet kan ikke indsendes endnu: %(n)d spørgsmål mangler.") % {"n": len(problems)}, code="incomplete"
        )
    case_transition(case=form.case, action=Action.SUBMIT_INFORMATION, user=user)
    number = form.submissions.count() + 1
    submission = Submission.objects.create(form=form, number=number, submitted_by=user, snapshot=_snapshot(form))
    now = timezone.now()
    form.supplement_requests.filter(answered_at__isnull=True).update(answered_at=now)
    form.status = InformationForm.Status.SUBMITTED
    form.submitted_at = now
    form.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=user,
        case=form.case,
        obj=submission,
        action="form_submit",
        summary=_("Oplysningsskema indsendt (indsendelse %(n)d)") % {"n": number},
    )
    notify_form_submitted(form=form, submission=submission)
    return submission


@transaction.atomic
def form_request_supplement(
    *, form: InformationForm, user: User, comment: str, items: list[tuple[FormQuestion, str]]
) -> SupplementRequest:
    """Reopen named questions with a comment (state → supplering); the rest of the form stays locked.

    Locks the case, then the form, first: one request per click."""
    _require_consultant(user, form.case)
    _lock_form(form)
    if not items:
        raise ValidationError({"questions": _("Vælg mindst ét spørgsmål, der skal suppleres.")})
    for text in [comment, *(c for _q, c in items)]:
        if text and (refusal := cpr_check(text)):
            raise ValidationError({"comment": refusal})
    if any(q.template_id != form.template_id for q, _c in items):
        raise ValidationError({"questions": _("Spørgsmålet hører ikke til skemaet.")})
    case_transition(case=form.case, action=Action.REQUEST_SUPPLEMENT, user=user)
    request = SupplementRequest.objects.create(form=form, comment=comment, created_by=user)
    SupplementItem.objects.bulk_create(SupplementItem(request=request, question=q, comment=c) for q, c in items)
    form.status = InformationForm.Status.SUPPLEMENT
    form.save(update_fields=["status"])
    audit_record(
        actor=user,
        case=form.case,
        obj=request,
        action="form_supplement",
        summary=_("Supplering anmodet for %(n)d spørgsmål") % {"n": len(items)},
        after={"questions": [q.key for q, _c in items], "comment": comment},
    )
    notify_supplement_requested(form=form, request=request)
    return request


@transaction.atomic
def form_accept(*, form: InformationForm, user: User) -> InformationForm:
    """Accept the submitted information and start the judgements (state → vurdering). Case locked first."""
    _require_consultant(user, form.case)
    _lock_form(form)
    case_transition(case=form.case, action=Action.ACCEPT_INFORMATION, user=user)
    form.status = InformationForm.Status.ACCEPTED
    form.accepted_at = timezone.now()
    form.save(update_fields=["status", "accepted_at"])
    audit_record(actor=user, case=form.case, obj=form, action="form_accept", summary=_("Oplysninger godkendt"))
    return form
