"""From the reconciled result to a decision: leader sign-off, partshøring, the decision itself and appeals."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.workflow import Action, CaseRole, State
from assessments.models import Appeal, Case, Decision, Hearing, HearingComment, SignOff
from assessments.permissions import case_roles
from assessments.selectors.decisions import appeal_deadline, hearing_summary, open_hearing, result_snapshot
from assessments.services.cases import case_lock, case_transition
from assessments.services.notify import (
    notify_appeal_submitted,
    notify_appeal_upheld,
    notify_decision_made,
    notify_hearing_comment,
    notify_hearing_started,
    notify_returned,
)
from assessments.services.placements import refresh_placements_of
from assessments.services.reports import decision_report_request
from audit.services import audit_record
from core.errors import ActionNotAllowed
from privacy.text import cpr_check


def _check_text(text: str, field: str) -> None:
    if text and (refusal := cpr_check(text)):
        raise ValidationError({field: refusal})


def _require_leader(user: User, case: Case) -> None:
    if CaseRole.LEADER not in case_roles(user, case):
        raise ActionNotAllowed(_("Kun den leder, der er tilknyttet sagen, kan godkende."))


@transaction.atomic
def signoff_approve(*, case: Case, user: User, comment: str = "", hearing_days: int | None = None) -> Hearing:
    """The leader approves the reconciled result; the supplier is heard over the draft (state → partshøring).

    Locks the case first, so the draft is the result as it stands when the state moves."""
    _require_leader(user, case)
    case_lock(case)
    _check_text(comment, "comment")
    draft = result_snapshot(case)
    case_transition(case=case, action=Action.APPROVE, user=user)
    SignOff.objects.create(case=case, round=case.reconciliation_round, leader=user, approved=True, comment=comment)
    days = hearing_days or settings.HEARING_DEFAULT_DAYS
    hearing = Hearing.objects.create(
        case=case, draft=draft, deadline=timezone.localdate() + datetime.timedelta(days=days)
    )
    audit_record(
        actor=user,
        case=case,
        obj=hearing,
        action="signoff_approve",
        summary=_("Godkendt af leder; partshøring til %(date)s") % {"date": date_format(hearing.deadline)},
        after={"placement": draft["placement"], "comment": comment},
    )
    notify_hearing_started(case=case, hearing=hearing)
    return hearing


@transaction.atomic
def signoff_return(*, case: Case, user: User, comment: str, parameter_comments: dict[str, str]) -> SignOff:
    """The leader returns the result with comments (per parameter); reconciliation reopens on a new round."""
    _require_leader(user, case)
    case_lock(case)
    parameter_comments = {p: c.strip() for p, c in parameter_comments.items() if c and c.strip()}
    if not comment.strip() and not parameter_comments:
        raise ValidationError({"comment": _("Skriv, hvad konsulenterne skal se på igen.")})
    for text in [comment, *parameter_comments.values()]:
        _check_text(text, "comment")
    case_transition(case=case, action=Action.RETURN_TO_CONSULTANTS, user=user)
    signoff = SignOff.objects.create(
        case=case,
        round=case.reconciliation_round,
        leader=user,
        approved=False,
        comment=comment.strip(),
        parameter_comments=parameter_comments,
    )
    audit_record(
        actor=user,
        case=case,
        obj=signoff,
        action="signoff_return",
        summary=_("Returneret af leder"),
        after={"comment": comment, "parameters": parameter_comments},
    )
    notify_returned(case=case, signoff=signoff)
    return signoff


def _new_round(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(reconciliation_round=case.reconciliation_round + 1)
    case.reconciliation_round += 1


@transaction.atomic
def reconciliation_resume(*, case: Case, user: User) -> Case:
    """A consultant reopens reconciliation after the leader returned it (case locked: one new round)."""
    case_lock(case)
    case_transition(case=case, action=Action.RESUME_RECONCILIATION, user=user)
    _new_round(case)
    return case


@transaction.atomic
def hearing_comment_add(*, case: Case, user: User, text: str, parameter: str = "") -> HearingComment:
    """The supplier comments on the draft, until the hearing deadline.

    Locks the case first, so a comment is never added to a hearing that a decision has just closed."""
    if CaseRole.SUPPLIER not in case_roles(user, case):
        raise ActionNotAllowed(_("Kun leverandøren kan afgive bemærkninger i partshøringen."))
    case_lock(case)
    hearing = open_hearing(case)
    if State(case.state) != State.PARTSHOERING or hearing is None:
        raise ValidationError(_("Der er ingen åben partshøring."))
    if timezone.localdate() > hearing.deadline:
        raise ValidationError(_("Fristen for bemærkninger er overskredet. Kontakt konsulenten."))
    if not text.strip():
        raise ValidationError({"text": _("Skriv jeres bemærkning.")})
    _check_text(text, "text")
    comment = HearingComment.objects.create(hearing=hearing, author=user, parameter=parameter, text=text.strip())
    audit_record(
        actor=user,
        case=case,
        obj=comment,
        action="hearing_comment",
        summary=_("Bemærkning i partshøring"),
        after={"parameter": parameter, "text": comment.text},
    )
    notify_hearing_comment(case=case, comment=comment)
    return comment


@transaction.atomic
def hearing_revise(*, case: Case, user: User) -> Case:
    """After the hearing the consultants revise the result: back to reconciliation (then sign-off and hearing again)."""
    case_lock(case)
    hearing = open_hearing(case)
    case_transition(case=case, action=Action.REVISE_AFTER_HEARING, user=user)
    if hearing is not None:
        hearing.closed_at = timezone.now()
        hearing.save(update_fields=["closed_at"])
    _new_round(case)
    return case


@transaction.atomic
def decision_make(
    *, case: Case, user: User, valid_from: datetime.date | None = None, remedy_months: int | None = None
) -> Decision:
    """Make the decision after the hearing (state → afgjort).

    Allowed when the hearing deadline has passed or the supplier has commented. The level is the
    placement of the reconciled result under the case's rule; it cannot be set by hand. Valid-until
    follows from the guide version's validity. A new decision on the same case (after an appeal) is a
    new version; the earlier one stays. The report outbox row (DecisionReport) is written in the same
    transaction, so the PDF is rendered by a Celery task after commit even if the broker is down now.
    Locks the case first: the hearing's comments, the reconciled result and the version number are read
    as they stand when the state moves, and a double click makes one decision.
    """
    case_lock(case)
    hearing = open_hearing(case) or case.hearings.order_by("-started_at").first()
    if hearing is not None and not hearing.comments.exists() and timezone.localdate() <= hearing.deadline:
        raise ValidationError(
            _("Høringsfristen %(date)s er ikke udløbet, og leverandøren har ikke svaret.")
            % {"date": date_format(hearing.deadline)}
        )
    snapshot = result_snapshot(case)
    case_transition(case=case, action=Action.DECIDE, user=user)
    valid_from = valid_from or timezone.localdate()
    version = case.decisions.count() + 1
    decision = Decision.objects.create(
        case=case,
        version=version,
        level=snapshot["placement"]["level"],
        explanation=snapshot["placement"]["explanation"],
        rule=case.rule,
        parameters=snapshot,
        hearing_summary=hearing_summary(hearing),
        valid_from=valid_from,
        valid_until=valid_from + relativedelta(months=case.guide.decision_validity_months),
        remedy_until=valid_from + relativedelta(months=remedy_months) if remedy_months else None,
        decided_by=user,
    )
    refresh_placements_of(case)
    if hearing is not None and hearing.closed_at is None:
        hearing.closed_at = timezone.now()
        hearing.save(update_fields=["closed_at"])
    audit_record(
        actor=user,
        case=case,
        obj=decision,
        action="decision_make",
        summary=_("Afgørelse truffet (version %(v)d): %(explanation)s")
        % {"v": version, "explanation": decision.explanation},
        after={
            "level": decision.level,
            "valid_from": valid_from.isoformat(),
            "valid_until": decision.valid_until.isoformat(),
        },
    )
    notify_decision_made(case=case, decision=decision)
    # The outbox row commits with the decision; the PDF is rendered by a Celery task after commit.
    decision_report_request(decision=decision)
    return decision


def _refuse_second_appeal(decision: Decision) -> None:
    """One appeal per decision version (also a unique constraint): a pending one is being handled, an upheld one
    has gone on to Ankestyrelsen, and a changed one leads to a new decision version that can be appealed."""
    newest = Decision.objects.filter(case_id=decision.case_id).order_by("-version").values_list("pk", flat=True)[0]
    if newest != decision.pk:
        raise ValidationError(_("Der er truffet en nyere afgørelse i sagen. I kan kun klage over den nyeste."))
    earlier = Appeal.objects.filter(decision=decision).first()
    if earlier is None:
        return
    if earlier.outcome == Appeal.Outcome.PENDING:
        raise ValidationError(_("I har allerede klaget over afgørelsen. Socialtilsynet behandler klagen."))
    if earlier.outcome == Appeal.Outcome.UPHELD:
        raise ValidationError(
            _(
                "I har allerede klaget over afgørelsen. Socialtilsynet har fastholdt den og sendt klagen videre "
                "til Ankestyrelsen, som behandler den derfra."
            )
        )
    raise ValidationError(
        _("I har allerede klaget over afgørelsen. Socialtilsynet har taget den op igen, og I får en ny afgørelse.")
    )


@transaction.atomic
def appeal_submit(*, decision: Decision, user: User, reasons: str) -> Appeal:
    """The supplier appeals the newest decision version within the appeal period (state → klage).

    Locks the case first. Refuses (ValidationError) a second appeal of the same decision version, whether
    the first is pending or decided: an upheld appeal goes on to Ankestyrelsen, not back to the socialtilsyn.
    """
    case = decision.case
    if CaseRole.SUPPLIER not in case_roles(user, case):
        raise ActionNotAllowed(_("Kun leverandøren kan klage over afgørelsen."))
    case_lock(case)
    _refuse_second_appeal(decision)
    if timezone.localdate() > appeal_deadline(decision):
        raise ValidationError(_("Klagefristen udløb %(date)s.") % {"date": date_format(appeal_deadline(decision))})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Skriv, hvorfor I klager.")})
    _check_text(reasons, "reasons")
    case_transition(case=case, action=Action.APPEAL, user=user)
    appeal = Appeal.objects.create(decision=decision, reasons=reasons.strip(), submitted_by=user)
    audit_record(
        actor=user,
        case=case,
        obj=appeal,
        action="appeal_submit",
        summary=_("Klage modtaget"),
        after={"reasons": appeal.reasons},
    )
    notify_appeal_submitted(case=case, appeal=appeal)
    return appeal


def _pending_appeal(case: Case) -> Appeal:
    """The appeal under handling, read after locking the case (so it is handled once)."""
    case_lock(case)
    appeal = (
        Appeal.objects.filter(decision__case=case, outcome=Appeal.Outcome.PENDING)
        .select_for_update(of=("self",))
        .order_by("-submitted_at")
        .first()
    )
    if appeal is None:
        raise ValidationError(_("Der er ingen klage under behandling."))
    return appeal


@transaction.atomic
def appeal_uphold(*, case: Case, user: User, reasons: str) -> Appeal:
    """The socialtilsyn upholds the decision and records that the appeal is sent on to the appeals body.

    Locks the case first, so an appeal is handled once, and not at the same moment as the supplier appeals."""
    appeal = _pending_appeal(case)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Begrund, hvorfor afgørelsen fastholdes.")})
    _check_text(reasons, "reasons")
    case_transition(case=case, action=Action.UPHOLD, user=user)
    appeal.mark_handled(outcome=Appeal.Outcome.UPHELD, reasons=reasons, user=user)
    appeal.forwarded_at = appeal.handled_at
    appeal.save()
    notify_appeal_upheld(case=case, appeal=appeal)
    audit_record(
        actor=user,
        case=case,
        obj=appeal,
        action="appeal_uphold",
        summary=_("Afgørelsen fastholdt; klagen sendt videre til Ankestyrelsen"),
        after={"reasons": appeal.outcome_reasons},
    )
    return appeal


@transaction.atomic
def appeal_reconsider(*, case: Case, user: User, reasons: str) -> Appeal:
    """The socialtilsyn will change the decision: back to reconciliation; a new decision version follows.

    Locks the case first. Refused while a re-assessment of the same subject is open (one open case per subject).
    """
    appeal = _pending_appeal(case)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Begrund, hvorfor afgørelsen tages op igen.")})
    _check_text(reasons, "reasons")
    case_transition(case=case, action=Action.RECONSIDER, user=user)
    appeal.mark_handled(outcome=Appeal.Outcome.CHANGED, reasons=reasons, user=user)
    appeal.save()
    _new_round(case)
    audit_record(
        actor=user,
        case=case,
        obj=appeal,
        action="appeal_reconsider",
        summary=_("Klage: afgørelsen tages op igen"),
        after={"reasons": appeal.outcome_reasons},
    )
    return appeal
