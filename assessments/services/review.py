"""Independent judgements (blind double judgement, or judge + reviewer) and the reconciliation that follows.

Blindness: a consultant's judgement is visible to the other consultant (and the leader) only when both
judgements are submitted (double-blind), or — in review mode — once the judge has submitted. Every read
goes through `judgement_visible_to` (assessments.selectors.review), so pages, exports and APIs share one rule.

Refusals follow core.errors: ActionNotAllowed when the user is not one of the case's consultants,
ValidationError (beside the field when it names one) for what the input or the case's state does not allow.
"""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.agreement import agreed_parameters
from assessments.domain.review import PARAMETER_ORDER, second_levels
from assessments.domain.workflow import CONSULTANTS, Action, CaseRole, State
from assessments.models import Case, Judgement, ParameterJudgement, ReconciledParameter, ReconciliationConfirmation
from assessments.permissions import case_roles
from assessments.selectors.review import case_placement, judgement_kind_for, judgement_problems, judgement_status
from assessments.services.agreement import agreement_pair_add
from assessments.services.cases import case_lock, case_transition
from assessments.services.notify import notify_judgements_complete, notify_signoff_requested
from audit.services import audit_record
from core.errors import ActionNotAllowed
from privacy.text import cpr_check
from targetgroups.domain.model import SUPPLIER_PARAMETERS, Level


def _require_consultant(user: User, case: Case) -> set[CaseRole]:
    roles = case_roles(user, case) & CONSULTANTS
    if not roles:
        raise ActionNotAllowed(_("Kun sagens to konsulenter kan vurdere."))
    return roles


def _require_state(case: Case, *states: State, refusal: str = "") -> None:
    # Lock the case and read its state from the database: the caller's instance may be stale after another
    # service moved it, and nobody may move it until this transaction ends.
    case_lock(case)
    if State(case.state) not in states:
        raise ValidationError(refusal or _("Det kan ikke lade sig gøre, mens sagen er i denne status."))


def _check_text(text: str, field: str) -> None:
    if text and (refusal := cpr_check(text)):
        raise ValidationError({field: refusal})


# --- judgements ---------------------------------------------------------------------------------------------


@transaction.atomic
def judgement_start(*, case: Case, user: User) -> Judgement:
    """The consultant's own judgement of the case (created with eight empty parameters on first call).

    Locks the case first, so a double click creates one judgement."""
    roles = _require_consultant(user, case)
    case_lock(case)
    existing = Judgement.objects.filter(case=case, author=user).first()
    if existing is not None:
        return existing
    _require_state(case, State.VURDERING)
    kind = judgement_kind_for(case, roles)
    if kind == Judgement.Kind.REVIEW and not _primary_judgement_submitted(case):
        raise ValidationError(_("Gennemgangen kan først begynde, når den primære konsulent har afgivet sin vurdering."))
    judgement = Judgement.objects.create(case=case, author=user, kind=kind)
    ParameterJudgement.objects.bulk_create(
        ParameterJudgement(judgement=judgement, parameter=p.value) for p in SUPPLIER_PARAMETERS
    )
    audit_record(actor=user, case=case, obj=judgement, action="judgement_start", summary=_("Vurdering påbegyndt"))
    return judgement


def _primary_judgement_submitted(case: Case) -> bool:
    return Judgement.objects.filter(
        case=case, author_id=case.primary_consultant_id, submitted_at__isnull=False
    ).exists()


def _snapshot(pj: ParameterJudgement) -> dict[str, Any]:
    return {
        "level": pj.level,
        "reasons": pj.reasons,
        "questions": sorted(pj.cited_questions.values_list("pk", flat=True)),
        "criteria": sorted(pj.cited_criteria.values_list("pk", flat=True)),
        "cells": sorted(pj.cited_cells.values_list("pk", flat=True)),
        "review_agrees": pj.review_agrees,
        "review_reasons": pj.review_reasons,
    }


def _check_citations(case: Case, questions: Any, criteria: Any, cells: Any) -> None:
    if any(q.template_id != case.form_template_id for q in questions):
        raise ValidationError({"cited_questions": _("Spørgsmålet hører ikke til sagens skema.")})
    if any(c.guide_parameter.guide_id != case.guide_id for c in criteria):
        raise ValidationError({"cited_criteria": _("Kriteriet hører ikke til sagens vejledning.")})
    if any(c.description_id != case.description_id for c in cells):
        raise ValidationError({"cited_cells": _("Boksen hører ikke til sagens målgruppebeskrivelse.")})


@transaction.atomic
def parameter_judgement_save(
    *,
    judgement: Judgement,
    parameter: str,
    user: User,
    level: int | None = None,
    reasons: str = "",
    questions: Any = (),
    criteria: Any = (),
    cells: Any = (),
    review_agrees: bool | None = None,
    review_reasons: str = "",
) -> ParameterJudgement:
    """Save one parameter of the user's own, unsubmitted judgement (a draft: incomplete values are allowed).

    In a review judgement only review_agrees/review_reasons are stored; the level is the judge's. Records the
    change (before/after) in the audit trail when something changed.
    """
    if judgement.author_id != user.pk:
        raise ActionNotAllowed(_("Du kan kun ændre din egen vurdering."))
    _require_state(judgement.case, State.VURDERING)
    judgement.refresh_from_db(fields=["submitted_at"])
    if judgement.submitted_at is not None:
        raise ValidationError(_("Vurderingen er afgivet og kan ikke længere ændres."))
    pj = ParameterJudgement.objects.select_for_update().get(judgement=judgement, parameter=parameter)
    before = _snapshot(pj)
    if judgement.kind == Judgement.Kind.REVIEW:
        _check_text(review_reasons, "review_reasons")
        pj.review_agrees = review_agrees
        pj.review_reasons = review_reasons.strip()
    else:
        _check_text(reasons, "reasons")
        _check_citations(judgement.case, questions, criteria, cells)
        pj.level = Level(level).value if level is not None else None
        pj.reasons = reasons.strip()
    pj.save()
    if judgement.kind != Judgement.Kind.REVIEW:
        pj.cited_questions.set(questions)
        pj.cited_criteria.set(criteria)
        pj.cited_cells.set(cells)
    after = _snapshot(pj)
    if after != before:
        audit_record(
            actor=user,
            case=judgement.case,
            obj=pj,
            action="judgement_parameter",
            summary=_("Vurdering af «%(p)s» gemt") % {"p": pj.get_parameter_display()},
            before=before,
            after=after,
        )
    return pj


@transaction.atomic
def judgement_submit(*, judgement: Judgement, user: User) -> Judgement:
    """Submit the user's judgement; once both are in, the case moves to reconciliation and both are told.

    Requires a level and reasons for all eight parameters (in review mode: agree/disagree, with reasons
    when disagreeing). A submitted judgement never changes again: it is the original for the statistics.
    Locks the case row before counting the submitted judgements, so when both consultants submit at the
    same moment the second one counts both and the case moves on (it can never stay in vurdering).
    """
    case = case_lock(judgement.case)
    judgement = Judgement.objects.select_for_update().get(pk=judgement.pk)
    judgement.case = case
    if judgement.author_id != user.pk:
        raise ActionNotAllowed(_("Du kan kun afgive din egen vurdering."))
    if judgement.submitted_at is not None:
        return judgement
    _require_state(case, State.VURDERING)
    problems = judgement_problems(judgement)
    if problems:
        raise ValidationError(
            _("Vurderingen mangler for %(n)d parameter(e).") % {"n": len(problems)}, code="incomplete", params=problems
        )
    judgement.submitted_at = timezone.now()
    judgement.save(update_fields=["submitted_at"])
    audit_record(actor=user, case=case, obj=judgement, action="judgement_submit", summary=_("Vurdering afgivet"))
    submitted = Judgement.objects.filter(case=case, submitted_at__isnull=False).count()
    if submitted == 2:
        agreement_pair_add(case=case)  # the original pair into the agreement summary (double-blind only)
        case_transition(case=case, action=Action.COMPLETE_JUDGEMENTS, system=True, user=user)
        notify_judgements_complete(case=case)
    return judgement


def parameter_judgement_record(*, case: Case, user: User, parameter: str, **values: Any) -> ParameterJudgement:
    """Save one parameter of the user's own judgement of the case, starting the judgement on the first save.

    Refused (ValidationError, with what the consultant waits for) unless the judgement may change now: the
    case is in vurdering, a reviewer's judge has submitted, and the judgement is not submitted. Not one
    transaction on purpose: the started judgement stays even when the values are refused (a CPR number).
    """
    status = judgement_status(user, case, _require_consultant(user, case))
    if not status.editable:
        raise ValidationError(status.refusal)
    judgement = judgement_start(case=case, user=user)
    return parameter_judgement_save(judgement=judgement, parameter=parameter, user=user, **values)


def judgement_review_save(
    *, case: Case, user: User, reviews: dict[str, dict[str, Any]], submit: bool = False
) -> Judgement:
    """Review mode: save the reviewer's agree/disagree for each parameter, and submit when asked.

    Each parameter is saved on its own (as parameter_judgement_save); refusals of single fields come back
    together, keyed "<parameter>-<field>". Submitting is refused (code "incomplete") while something is missing.
    """
    status = judgement_status(user, case, _require_consultant(user, case))
    if not (status.is_review and status.editable):
        raise ValidationError(_("Gennemgangen kan ikke ændres nu."))
    judgement = judgement_start(case=case, user=user)
    errors: dict[str, Any] = {}
    for parameter, values in reviews.items():
        try:
            parameter_judgement_save(judgement=judgement, parameter=parameter, user=user, **values)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            errors |= {f"{parameter}-{name}": messages for name, messages in exc.error_dict.items()}
    if errors:
        raise ValidationError(errors)
    if submit:
        judgement.case = case  # so that the caller's case follows the move to afstemning
        judgement_submit(judgement=judgement, user=user)
    return judgement


def judgement_submit_own(*, case: Case, user: User) -> Judgement:
    """Submit the user's own judgement of the case (judgement_submit); refused when none is started yet.

    Moves `case` (in place) to afstemning when this was the second judgement."""
    status = judgement_status(user, case, _require_consultant(user, case))
    if status.own is None:
        if not status.editable:
            raise ValidationError(status.waiting_reason or _("Vurderingen kan ikke afgives nu."))
        n = len(PARAMETER_ORDER)
        raise ValidationError(_("Vurderingen mangler for %(n)d parameter(e).") % {"n": n}, code="incomplete")
    status.own.case = case
    return judgement_submit(judgement=status.own, user=user)


# --- reconciliation -----------------------------------------------------------------------------------------


def _pair(case: Case) -> tuple[Judgement, Judgement]:
    judgements = list(Judgement.objects.filter(case=case, submitted_at__isnull=False).prefetch_related("parameters"))
    if len(judgements) != 2:
        raise ValidationError(_("Begge vurderinger skal være afgivet før afstemningen."))
    first = next(j for j in judgements if j.author_id == case.primary_consultant_id)
    second = next(j for j in judgements if j.author_id != case.primary_consultant_id)
    return first, second


def _levels(first: Judgement, second: Judgement) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """The two consultants' levels per parameter (domain.review.second_levels: a reviewer takes the judge's)."""
    a = {pj.parameter: pj.level for pj in first.parameters.all()}
    seconds = list(second.parameters.all())
    b = second_levels(
        a,
        {pj.parameter: pj.level for pj in seconds},
        {pj.parameter: pj.review_agrees for pj in seconds},
        is_review=second.kind == Judgement.Kind.REVIEW,
    )
    return a, b


def _invalidate_confirmations(case: Case) -> None:
    """A change after someone confirmed starts a new round, so both must confirm the new result."""
    if ReconciliationConfirmation.objects.filter(case=case, round=case.reconciliation_round).exists():
        Case.objects.filter(pk=case.pk).update(reconciliation_round=case.reconciliation_round + 1)
        case.reconciliation_round += 1


@transaction.atomic
def reconciliation_accept_agreed(*, case: Case, user: User) -> list[ReconciledParameter]:
    """Take over every parameter on which both consultants agreed: their level, both sets of citations and
    one reason — the primary consultant's (the other's when the primary wrote none).

    A reconciled parameter carries one reason, because it is what the supplier reads in the hearing draft
    and the decision; the consultants can rewrite it together (reconciliation_resolve) before confirming.
    Under the case lock (taken by the state check), so two consultants pressing at once take each over once.
    """
    _require_consultant(user, case)
    _require_state(case, State.AFSTEMNING)
    first, second = _pair(case)
    a, b = _levels(first, second)
    done = set(ReconciledParameter.objects.filter(case=case).values_list("parameter", flat=True))
    by_param_first = {pj.parameter: pj for pj in first.parameters.all()}
    by_param_second = {pj.parameter: pj for pj in second.parameters.all()}
    created = []
    for parameter in sorted(agreed_parameters(a, b) - done, key=PARAMETER_ORDER.index):
        pj1, pj2 = by_param_first[parameter], by_param_second[parameter]
        second_text = pj2.review_reasons if second.kind == Judgement.Kind.REVIEW else pj2.reasons
        reasons = pj1.reasons if pj1.reasons.strip() else second_text
        rp = ReconciledParameter.objects.create(
            case=case,
            parameter=parameter,
            level=cast(int, a[parameter]),  # agreed parameters always have a level
            reasons=reasons,
            agreed_from_start=True,
            updated_by=user,
        )
        rp.cited_questions.set({*pj1.cited_questions.all(), *pj2.cited_questions.all()})
        rp.cited_criteria.set({*pj1.cited_criteria.all(), *pj2.cited_criteria.all()})
        rp.cited_cells.set({*pj1.cited_cells.all(), *pj2.cited_cells.all()})
        created.append(rp)
    if created:
        _invalidate_confirmations(case)
        audit_record(
            actor=user,
            case=case,
            obj=case,
            action="reconciliation_accept_agreed",
            summary=_("%(n)d enige parametre overtaget") % {"n": len(created)},
            after={rp.parameter: rp.level for rp in created},
        )
    return created


@transaction.atomic
def reconciliation_resolve(
    *,
    case: Case,
    parameter: str,
    level: int,
    reasons: str,
    user: User,
    questions: Any = (),
    criteria: Any = (),
    cells: Any = (),
) -> ReconciledParameter:
    """Set the agreed level and reasons of one parameter (a disagreement, or a change after return/hearing).

    Only a consultant of the case, only in afstemning (under the case lock). A change after someone confirmed
    starts a new confirmation round, and is recorded in the audit trail."""
    _require_consultant(user, case)
    _require_state(case, State.AFSTEMNING, refusal=_("Afstemningen kan ikke ændres, mens sagen er i denne status."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Skriv den fælles begrundelse.")})
    _check_text(reasons, "reasons")
    _check_citations(case, questions, criteria, cells)
    first, second = _pair(case)
    a, b = _levels(first, second)
    rp = ReconciledParameter.objects.select_for_update().filter(case=case, parameter=parameter).first()
    before = {"level": rp.level, "reasons": rp.reasons} if rp else None
    if rp is None:
        rp = ReconciledParameter(case=case, parameter=parameter)
    rp.level = Level(level).value
    rp.reasons = reasons.strip()
    rp.agreed_from_start = a.get(parameter) is not None and a.get(parameter) == b.get(parameter) == rp.level
    rp.updated_by = user
    rp.save()
    rp.cited_questions.set(questions)
    rp.cited_criteria.set(criteria)
    rp.cited_cells.set(cells)
    after = {"level": rp.level, "reasons": rp.reasons}
    if before != after:
        _invalidate_confirmations(case)
        audit_record(
            actor=user,
            case=case,
            obj=rp,
            action="reconciliation_resolve",
            summary=_("Afstemt niveau for «%(p)s»: %(level)s")
            % {"p": rp.get_parameter_display(), "level": rp.get_level_display()},
            before=before,
            after=after,
        )
    return rp


@transaction.atomic
def reconciliation_confirm(*, case: Case, user: User) -> ReconciliationConfirmation:
    """Confirm the reconciled result. When both consultants have confirmed this round, it goes to the leader.

    Needs all eight parameters reconciled. Moves `case` (in place) to til_godkendelse on the second confirmation."""
    _require_consultant(user, case)
    _require_state(case, State.AFSTEMNING)
    if case_placement(case) is None:
        raise ValidationError(_("Alle otte parametre skal være afstemt, før resultatet kan bekræftes."))
    confirmation, _created = ReconciliationConfirmation.objects.get_or_create(
        case=case, round=case.reconciliation_round, consultant=user
    )
    audit_record(
        actor=user, case=case, obj=confirmation, action="reconciliation_confirm", summary=_("Afstemning bekræftet")
    )
    confirmed = ReconciliationConfirmation.objects.filter(case=case, round=case.reconciliation_round).count()
    if confirmed == 2:
        case_transition(case=case, action=Action.SUBMIT_FOR_SIGNOFF, user=user)
        notify_signoff_requested(case=case)
    return confirmation
