"""Reads of the reconciliation: both judgements side by side, the agreed levels, the leader's return.

The consultants work here; the case's leader may read it; everyone else gets 404. Both judgements are read
through the blindness rule (assessments.selectors.review.judgements_visible_to) and nothing else.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from accounts.models import User
from assessments.domain.agreement import agreed_parameters
from assessments.domain.review import (
    PARAMETER_ORDER,
    RECONCILING_STATES,
    RETURN_SHOWN_STATES,
    RETURNED_STATES,
    neighbours,
    second_levels,
)
from assessments.domain.workflow import CONSULTANTS, CaseRole, State
from assessments.models import (
    Case,
    Judgement,
    ParameterJudgement,
    ReconciledParameter,
    ReconciliationConfirmation,
    SignOff,
)
from assessments.permissions import case_roles
from assessments.selectors.review import case_or_404, case_placement, judgements_visible_to
from assessments.selectors.review_evidence import (
    CITED,
    Evidence,
    citation_initial,
    citations_of,
    label,
    load_citations,
    parameter_evidence,
    parameter_or_404,
)


def reconciliation_case_or_404(
    user: User, pk: int, *, to_change: bool = False, only: tuple[str, ...] | None = None
) -> tuple[Case, bool]:
    """The case and whether the user may change the reconciliation (consultants) or only read it (its leader).

    404 for everyone else, and for the leader when `to_change` (the leader has nothing to send here).
    `only`: the case's relations the page shows (assessments.selectors.access.case_for)."""
    case = case_or_404(user, pk, only=only)
    roles = case_roles(user, case)
    if roles & CONSULTANTS:
        return case, True
    if CaseRole.LEADER in roles and not to_change:
        return case, False
    raise Http404


# --- reconciliation -----------------------------------------------------------------------------------------


@dataclass
class Pair:
    """The two submitted judgements of a case as the user may see them, and what they agree on."""

    first: Judgement
    second: Judgement
    a: dict[str, int | None]
    b: dict[str, int | None]
    agreed: set[str]

    @property
    def is_review(self) -> bool:
        return self.second.kind == Judgement.Kind.REVIEW

    def parameter(self, parameter: str) -> tuple[ParameterJudgement, ParameterJudgement]:
        return (
            next(pj for pj in self.first.parameters.all() if pj.parameter == parameter),
            next(pj for pj in self.second.parameters.all() if pj.parameter == parameter),
        )


def visible_pair(user: User, case: Case, *, citations: bool = True) -> Pair | None:
    """Both judgements, if both are submitted and the blindness rule lets this user see both; else None.

    `citations=False`: the parameters without what they cite (levels and reasons only)."""
    visible = [j for j in judgements_visible_to(user, case, citations=citations) if j.submitted_at is not None]
    if len(visible) != 2:
        return None
    first = next((j for j in visible if j.author_id == case.primary_consultant_id), None)
    second = next((j for j in visible if j.author_id != case.primary_consultant_id), None)
    if first is None or second is None:
        return None
    a = {pj.parameter: pj.level for pj in first.parameters.all()}
    seconds = list(second.parameters.all())
    b = second_levels(
        a,
        {pj.parameter: pj.level for pj in seconds},
        {pj.parameter: pj.review_agrees for pj in seconds},
        is_review=second.kind == Judgement.Kind.REVIEW,
    )
    return Pair(first=first, second=second, a=a, b=b, agreed=agreed_parameters(a, b))


def returned_signoff(case: Case) -> SignOff | None:
    """The leader's latest sign-off, when it returned the result and the consultants are still working on it."""
    if State(case.state) not in RETURN_SHOWN_STATES:
        return None
    latest = SignOff.objects.filter(case=case).select_related("leader").order_by("-decided_at", "-id").first()
    return latest if latest is not None and not latest.approved else None


def reconciled_parameters(case: Case, *, citations: bool = True) -> dict[str, ReconciledParameter]:
    reconciled = ReconciledParameter.objects.filter(case=case)
    if citations:
        reconciled = reconciled.prefetch_related(*CITED)
    return {rp.parameter: rp for rp in reconciled}


def reconciliation_context(user: User, case: Case, may_edit: bool) -> dict[str, Any]:
    """Both judgements side by side per parameter, the agreed levels, the placement and the confirmations."""
    pair = visible_pair(user, case, citations=False)
    context: dict[str, Any] = {"case": case, "may_edit": may_edit, "pair": pair}
    if pair is None:
        return context
    reconciled = reconciled_parameters(case, citations=False)
    signoff = returned_signoff(case)
    comments = signoff.parameter_comments if signoff else {}
    rows = []
    for parameter in PARAMETER_ORDER:
        pj2 = pair.parameter(parameter)[1]
        rows.append(
            {
                "parameter": parameter,
                "label": label(parameter),
                "a": pair.a.get(parameter),
                "b": pair.b.get(parameter),
                "review_agrees": pj2.review_agrees if pair.is_review else None,
                "agreed": parameter in pair.agreed,
                "reconciled": reconciled.get(parameter),
                "comment": comments.get(parameter, ""),
            }
        )
    placement = case_placement(case, {p: rp.level for p, rp in reconciled.items()})
    confirmations = ReconciliationConfirmation.objects.filter(case=case, round=case.reconciliation_round)
    confirmed_ids = {c.consultant_id for c in confirmations}
    state = State(case.state)
    working = may_edit and state in RECONCILING_STATES
    return context | {
        "rows": rows,
        "reconciled_count": len(reconciled),
        "total": len(PARAMETER_ORDER),
        "pending_agreed": sorted(pair.agreed - set(reconciled), key=PARAMETER_ORDER.index),
        "placement": placement,
        "rule": case.rule,
        "consultants": [
            {"user": u, "name": u.display_name, "confirmed": u.pk in confirmed_ids}
            for u in (case.primary_consultant, case.second_consultant)
        ],
        "working": working,
        "can_confirm": working and placement is not None and user.pk not in confirmed_ids,
        "i_confirmed": user.pk in confirmed_ids,
        "signoff": signoff,
        "signoff_comments": [{"label": label(p), "text": comments[p]} for p in PARAMETER_ORDER if comments.get(p)],
        "can_resume": may_edit and state in RETURNED_STATES,
        "first_name": pair.first.author.display_name,
        "second_name": pair.second.author.display_name,
    }


@dataclass
class ReconciliationParameterPage:
    """Both judgements of one parameter, the evidence, and the agreed level (if any)."""

    case: Case
    may_edit: bool
    parameter: str
    pair: Pair
    evidence: Evidence
    reconciled: ReconciledParameter | None

    @property
    def editable(self) -> bool:
        return self.may_edit and State(self.case.state) in RECONCILING_STATES

    def initial(self) -> dict[str, Any]:
        rp = self.reconciled
        if rp is not None:
            return {"level": rp.level, "reasons": rp.reasons, **citation_initial(rp)}
        if self.parameter in self.pair.agreed:
            return {"level": self.pair.a[self.parameter]}
        return {}

    def context(self) -> dict[str, Any]:
        pj1, pj2 = self.pair.parameter(self.parameter)
        signoff = returned_signoff(self.case)
        previous, following = neighbours(self.parameter)
        return {
            "case": self.case,
            "parameter": self.parameter,
            "label": label(self.parameter),
            "position": PARAMETER_ORDER.index(self.parameter) + 1,
            "total": len(PARAMETER_ORDER),
            "pair": self.pair,
            "pj1": pj1,
            "pj2": pj2,
            "pj1_citations": citations_of(pj1),
            "pj2_citations": citations_of(pj2),
            "first_name": self.pair.first.author.display_name,
            "second_name": self.pair.second.author.display_name,
            "agreed": self.parameter in self.pair.agreed,
            "rp": self.reconciled,
            "rp_citations": citations_of(self.reconciled),
            "evidence": self.evidence,
            "editable": self.editable,
            "may_edit": self.may_edit,
            "leader_comment": (signoff.parameter_comments or {}).get(self.parameter, "") if signoff else "",
            "signoff": signoff,
            "previous": previous,
            "following": following,
            "previous_label": label(previous),
            "following_label": label(following),
        }


def reconciliation_parameter_page(
    user: User, pk: int, parameter: str, *, to_change: bool = False
) -> ReconciliationParameterPage | None:
    """One parameter of the reconciliation of case pk; None until the user may see both judgements.

    404: not a consultant or the case's leader, the leader sending a change, an unknown parameter."""
    case, may_edit = reconciliation_case_or_404(user, pk, to_change=to_change)
    param = parameter_or_404(parameter).value
    pair = visible_pair(user, case, citations=False)
    if pair is None:
        return None
    evidence = parameter_evidence(case, param)
    reconciled = reconciled_parameters(case, citations=False).get(param)
    load_citations([*pair.parameter(param), reconciled], evidence)  # this parameter's only, in one query
    return ReconciliationParameterPage(
        case=case, may_edit=may_edit, parameter=param, pair=pair, evidence=evidence, reconciled=reconciled
    )
