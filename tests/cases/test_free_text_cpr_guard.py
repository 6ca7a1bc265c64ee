"""Every free-text entry on a case refuses a CPR number in its service, before anything is stored.

The walk goes through the workflow with the real services and, at each step, offers each free-text field a CPR
number in a rendering that only the normalising guard catches (a dated number with a non-breaking hyphen).
A last test lists the free-text fields of every case model, so a new field cannot be added without a walk.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from assessments.domain.workflow import Action, State
from assessments.models import (
    Appeal,
    Attachment,
    ChangeNotice,
    HearingComment,
    InformationForm,
    InterviewNote,
    SignOff,
    SupplementRequest,
)
from assessments.services import decisions as d
from assessments.services import review as j
from assessments.services.cases import case_transition
from assessments.services.information_form import attachment_add, form_request, form_request_supplement
from assessments.services.interviews import interview_note_add
from assessments.services.reassessment import change_notice_handle, change_notice_submit
from audit.models import AuditEntry

from .filling import png_upload, questions_of
from .helpers import fill_and_submit, judge
from .review_states import H, to_appeal, to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db

CPR = "Borgeren født 01.01.90\u20111234 bor alene."

#: (model, field) of every free-text field a person types on a case, walked below.
WALKED = {
    ("InformationForm", "message"),
    ("SupplementRequest", "comment"),
    ("SupplementItem", "comment"),
    ("Attachment", "original_name"),
    ("InterviewNote", "participants"),
    ("InterviewNote", "text"),
    ("ParameterJudgement", "reasons"),
    ("ParameterJudgement", "review_reasons"),
    ("ReconciledParameter", "reasons"),
    ("SignOff", "comment"),
    ("SignOff", "parameter_comments"),
    ("HearingComment", "text"),
    ("Appeal", "reasons"),
    ("Appeal", "outcome_reasons"),
    ("ChangeNotice", "text"),
    ("ChangeNotice", "outcome_reasons"),
    ("AuditEntry", "summary"),  # the cancel reason is stored in the case history
}
#: Text fields no person types: generated, technical or from a fixed list.
NOT_TYPED = {
    ("Case", "reference"),
    ("Attachment", "content_type"),
    ("Attachment", "sha256"),
    ("Decision", "explanation"),
    ("Decision", "hearing_summary"),
    ("DecisionReport", "last_error"),
    ("DecisionReport", "sha256"),
    ("AuditEntry", "action"),
    ("AuditEntry", "object_type"),
    ("AuditEntry", "object_id"),
    ("Hearing", "draft"),
    ("Decision", "parameters"),
    # Exports are made by the system from data that was guarded when it was typed.
    ("CaseExport", "filename"),
    ("CaseExport", "sha256"),
    ("CaseExport", "fingerprint"),
    ("CaseExport", "last_error"),
    ("CaseExport", "variant"),
    # Copies of the supplier register's columns (suppliers are entered by staff or imported, not typed in a case)
    # and summaries counted by the system.
    ("CurrentPlacement", "age_band"),
    ("CurrentPlacement", "cvr"),
    ("CurrentPlacement", "department_address"),
    ("CurrentPlacement", "department_name"),
    ("CurrentPlacement", "municipality_code"),
    ("CurrentPlacement", "ownership"),
    ("CurrentPlacement", "supplier_address"),
    ("CurrentPlacement", "supplier_name"),
    ("StateDurationSummary", "state"),
}


def refused(field: str | None, call) -> None:
    """`call` raises a CPR refusal, on `field` when given, that shows the number masked."""
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    messages = error.message_dict[field] if field else error.messages
    assert any("010190-****" in message for message in messages), messages
    assert not any("1234" in message for message in messages)


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_walk_covers_every_free_text_field_of_a_case():
    text_fields = {
        (model.__name__, field.name)
        for app in ("assessments", "audit")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
    }
    unwalked = text_fields - WALKED - NOT_TYPED
    assert {f for f in unwalked if f[1] not in ("before", "after", "snapshot", "value", "payload")} == set()


def test_form_request_and_cancel_reason_refuse_a_cpr_number(case, consultant):
    refused("message", lambda: form_request(case=case, user=consultant, deadline=in_days(14), message=CPR))
    assert not InformationForm.objects.filter(case=case).exists()
    entries = AuditEntry.objects.count()
    refused("note", lambda: case_transition(case=case, action=Action.CANCEL, user=consultant, note=CPR))
    case.refresh_from_db()
    assert case.state == State.OPRETTET.value
    assert AuditEntry.objects.count() == entries


def test_interview_notes_file_names_and_supplement_requests_refuse_a_cpr_number(
    requested_form, supplier_user, consultant
):
    case = requested_form.case
    for field, participants, text in [("participants", CPR, "Noter."), ("text", "Leder og to pædagoger", CPR)]:
        refused(
            field,
            lambda p=participants, t=text: interview_note_add(
                case=case, user=consultant, held_on=timezone.localdate(), form="fysisk", participants=p, text=t
            ),
        )
    assert not InterviewNote.objects.exists()
    question = questions_of(requested_form)["vagtplan"]
    upload = png_upload("scan 01.01.90-1234.png")
    refused(None, lambda: attachment_add(form=requested_form, question=question, upload=upload, user=supplier_user))
    assert not Attachment.objects.exists()
    fill_and_submit(requested_form, supplier_user)
    item = questions_of(requested_form)["samarbejde"]
    for comment, items in [(CPR, [(item, "")]), ("Uddyb svaret.", [(item, CPR)])]:
        refused(
            "comment",
            lambda c=comment, i=items: form_request_supplement(
                form=requested_form, user=consultant, comment=c, items=i
            ),
        )
    assert not SupplementRequest.objects.exists()


def test_judgements_reconciliation_signoff_hearing_appeal_and_change_notices_refuse_a_cpr_number(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    refused("comment", lambda: d.signoff_approve(case=case, user=leader, comment=CPR))
    refused("comment", lambda: d.signoff_return(case=case, user=leader, comment=CPR, parameter_comments={}))
    refused(
        "comment", lambda: d.signoff_return(case=case, user=leader, comment="", parameter_comments={"metoder": CPR})
    )
    assert not SignOff.objects.exists()
    d.signoff_return(case=case, user=leader, comment="Se på metoder igen.", parameter_comments={})
    case.refresh_from_db()
    d.reconciliation_resume(case=case, user=consultant)
    case.refresh_from_db()
    refused(
        "reasons",
        lambda: j.reconciliation_resolve(case=case, parameter="metoder", level=H, reasons=CPR, user=consultant),
    )
    assert CPR not in set(case.reconciled.values_list("reasons", flat=True))
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    case.refresh_from_db()
    case = to_hearing(case, leader)
    refused("text", lambda: d.hearing_comment_add(case=case, user=supplier_user, text=CPR))
    assert not HearingComment.objects.exists()
    case = to_decided(case, consultant, supplier_user)
    decision = case.decisions.get()
    refused("reasons", lambda: d.appeal_submit(decision=decision, user=supplier_user, reasons=CPR))
    assert not Appeal.objects.exists()
    refused("text", lambda: change_notice_submit(case=case, user=supplier_user, text=CPR))
    assert not ChangeNotice.objects.exists()
    notice = change_notice_submit(case=case, user=supplier_user, text="To nøglepersoner er stoppet.")
    refused("reasons", lambda: change_notice_handle(notice=notice, user=consultant, reassess=False, reasons=CPR))
    notice.refresh_from_db()
    assert notice.outcome == ChangeNotice.Outcome.PENDING
    case = to_appeal(case, supplier_user)
    refused("reasons", lambda: d.appeal_uphold(case=case, user=consultant, reasons=CPR))
    refused("reasons", lambda: d.appeal_reconsider(case=case, user=consultant, reasons=CPR))
    assert Appeal.objects.get().outcome == Appeal.Outcome.PENDING


def test_judgement_reasons_and_review_remarks_refuse_a_cpr_number(
    requested_form, supplier_user, consultant, second_consultant
):
    from assessments.models import Case

    from .helpers import to_judging

    case = to_judging(requested_form, supplier_user, consultant)
    own = j.judgement_start(case=case, user=consultant)
    refused(
        "reasons",
        lambda: j.parameter_judgement_save(judgement=own, parameter="metoder", user=consultant, level=H, reasons=CPR),
    )
    assert not own.parameters.filter(reasons=CPR).exists()
    Case.objects.filter(pk=case.pk).update(mode=Case.Mode.REVIEW)
    case.refresh_from_db()
    judge(case, consultant, [H] * 8)
    review = j.judgement_start(case=case, user=second_consultant)
    refused(
        "review_reasons",
        lambda: j.parameter_judgement_save(
            judgement=review, parameter="metoder", user=second_consultant, review_agrees=False, review_reasons=CPR
        ),
    )
    assert not review.parameters.filter(review_reasons=CPR).exists()
