"""Saving one section of the oplysningsskema as the supplier posted it (the page without JavaScript).

One POST holds every editable answer of the section, perhaps a file, and the one extra thing the pressed
button asked for (confirm a carried-over answer, remove a file, upload). Each answer is saved on its own
(answer_save), so a refused answer never loses the others.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.answers import SectionInput, SectionOutcome, parse_answer
from assessments.models import Answer, Attachment, InformationForm
from assessments.selectors.information_form import editable_question_ids, spec_for
from assessments.services.information_form import answer_confirm, answer_save, attachment_add, attachment_remove
from core.errors import ActionNotAllowed
from privacy.text import cpr_check
from targetgroups.domain.questions import FILE
from targetgroups.models import FormQuestion


def _expected_revision(posted: str | None, answer: Answer) -> int:
    """The revision the page showed (the stored one when the page sent none; -1, a conflict, when garbled)."""
    if posted is None:
        return answer.revision
    try:
        return int(posted)
    except ValueError:
        return -1


def _unchanged_carried_over(answer: Answer, raw: object) -> bool:
    """A carried-over answer posted back unchanged stays carried over: only a confirmation or a change clears it."""
    parsed = parse_answer(spec_for(answer.question), raw, text_check=cpr_check)
    return parsed.ok and parsed.value == answer.value


def _save_answers(
    *, form: InformationForm, answers: list[Answer], posted: SectionInput, user: User, confirm_id: int | None
) -> SectionOutcome:
    outcome = SectionOutcome()
    allowed = editable_question_ids(form)
    for answer in answers:
        question = answer.question
        if allowed is not None and question.pk not in allowed:
            continue
        if question.kind == FILE:
            upload = posted.uploads.get(question.pk)
            if upload is not None:
                try:
                    attachment_add(form=form, question=question, upload=upload, user=user)
                except ValidationError as error:
                    outcome.errors[question.pk] = error.messages
                else:
                    outcome.uploaded.append(upload.name)
            continue
        raw = posted.raws.get(question.pk)
        if answer.carried_over and question.pk != confirm_id and _unchanged_carried_over(answer, raw):
            continue
        result = answer_save(
            form=form,
            question=question,
            raw=raw,
            user=user,
            expected_revision=_expected_revision(posted.revisions.get(question.pk), answer),
            force=posted.force == str(question.pk),
        )
        outcome.add_parsed(question.pk, raw, result.parsed)
        if result.conflict is not None:
            outcome.conflicts[question.pk] = result.conflict
        if result.saved:
            outcome.revisions[question.pk] = result.answer.revision
    return outcome


def section_save(
    *,
    form: InformationForm,
    answers: list[Answer],
    posted: SectionInput,
    user: User,
    confirm: FormQuestion | None = None,
    remove: Attachment | None = None,
    upload: FormQuestion | None = None,
) -> SectionOutcome:
    """Save the section's editable answers and files from one POST, then confirm or remove what was asked.

    Refuses (ActionNotAllowed) once the form is submitted. Errors and conflicts of single answers come back
    in the outcome, beside their question; the answers without one are saved. A confirmation is only made
    when the answer itself was saved without an error or a conflict.
    """
    if not form.is_editable:
        raise ActionNotAllowed(_("Skemaet er indsendt og kan ikke ændres nu."))
    outcome = _save_answers(
        form=form, answers=answers, posted=posted, user=user, confirm_id=confirm.pk if confirm else None
    )
    if upload is not None and upload.pk not in posted.uploads:
        outcome.errors.setdefault(upload.pk, []).append(_("Vælg en fil, før du trykker «Upload fil»."))
    if confirm is not None and confirm.pk not in outcome.errors and confirm.pk not in outcome.conflicts:
        answer_confirm(form=form, question=confirm, user=user)
        outcome.confirmed = True
    if remove is not None:
        attachment_remove(attachment=remove, user=user)
        outcome.removed = remove.original_name
    return outcome
