"""Reads of the consultants' review: the blindness rule, the own judgement's pages, the reconciled result.

Who may see what:
- Judgement pages belong to the case's two consultants; everyone else (leader, supplier, other staff) gets 404.
- Reconciliation pages (assessments.selectors.reconciliation): the consultants work there; the case's
  leader may read them; everyone else gets 404.
- Blindness: another person's judgement is only ever read through `judgements_visible_to` /
  `judgement_visible_to`, so no page, export or API can show it earlier than the rule allows.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.review import PARAMETER_ORDER, Waiting, judgement_editable, judging_waits, neighbours
from assessments.domain.workflow import CONSULTANTS, CaseRole, State
from assessments.models import Case, Judgement, ParameterJudgement, ReconciledParameter
from assessments.permissions import case_roles
from assessments.selectors.access import case_for
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
from targetgroups.domain.model import SUPPLIER_PARAMETERS, Level
from targetgroups.domain.placement import Placement, place

# --- the rules: kind, what stops a submission, blindness, the reconciled result ----------------------------


def judgement_kind_for(case: Case, roles: set[CaseRole]) -> str:
    if case.mode == Case.Mode.REVIEW and CaseRole.SECOND in roles and CaseRole.PRIMARY not in roles:
        return Judgement.Kind.REVIEW
    return Judgement.Kind.INDEPENDENT


def judgement_problems(judgement: Judgement) -> dict[str, str]:
    """Parameters that stop submission, with the Danish reason."""
    problems = {}
    for pj in judgement.parameters.all():
        if judgement.kind == Judgement.Kind.REVIEW:
            if pj.review_agrees is None:
                problems[pj.parameter] = _("Angiv, om du er enig.")
            elif pj.review_agrees is False and not pj.review_reasons.strip():
                problems[pj.parameter] = _("Begrund, hvorfor du er uenig.")
        elif pj.level is None:
            problems[pj.parameter] = _("Vælg det niveau, parameteren er opfyldt på.")
        elif not pj.reasons.strip():
            problems[pj.parameter] = _("Skriv en begrundelse.")
    return problems


def judgement_visible_to(user: User, judgement: Judgement, *, both_in: bool | None = None) -> bool:
    """The blindness rule. Own judgement: always. Someone else's: only after both are in (review mode:
    the judge's once submitted, to the reviewer). Suppliers never see individual judgements.

    `both_in`: whether both judgements are submitted, when the caller has read them all (else counted here)."""
    if judgement.author_id == user.pk:
        return True
    case = judgement.case
    roles = case_roles(user, case)
    if not roles and not user.has_perm("assessments.view_case_internals", case):
        return False
    if user.role == "supplier":
        return False
    if case.mode == Case.Mode.REVIEW and judgement.kind == Judgement.Kind.INDEPENDENT:
        return judgement.submitted_at is not None
    return both_submitted(case) if both_in is None else both_in


def judgements_visible_to(user: User, case: Case, *, citations: bool = True) -> list[Judgement]:
    """The judgements of a case the user may see, with their parameters (for pages and exports).

    `citations=False` leaves out what each parameter cites (pages that show levels and reasons only)."""
    prefetch = [f"parameters__{name}" for name in CITED] if citations else ["parameters"]
    judgements = list(Judgement.objects.filter(case=case).select_related("author", "case").prefetch_related(*prefetch))
    # Every judgement of the case is read here, so the count behind the rule needs no query of its own.
    both_in = sum(1 for j in judgements if j.submitted_at is not None) == 2
    return [j for j in judgements if judgement_visible_to(user, j, both_in=both_in)]


def both_submitted(case: Case) -> bool:
    """Whether both judgements are in (a count only: says nothing about their content)."""
    return Judgement.objects.filter(case=case, submitted_at__isnull=False).count() == 2


def reconciled_levels(case: Case) -> dict[str, int]:
    return dict(ReconciledParameter.objects.filter(case=case).values_list("parameter", "level"))


def case_placement(case: Case, levels: dict[str, int] | None = None) -> Placement | None:
    """The placement from the reconciled levels with the case's rule version; None until all eight are agreed.

    `levels`: the reconciled levels when the caller has read them (else read here)."""
    levels = reconciled_levels(case) if levels is None else levels
    if len(levels) != len(SUPPLIER_PARAMETERS):
        return None
    return place([Level(levels[p.value]) for p in SUPPLIER_PARAMETERS], case.rule.settings())


# --- access -------------------------------------------------------------------------------------------------


def case_or_404(user: User, pk: int, *, only: tuple[str, ...] | None = None) -> Case:
    case = case_for(user, pk, only=only)
    if case is None:
        raise Http404
    return case


def consultant_case_or_404(user: User, pk: int, *, only: tuple[str, ...] | None = None) -> tuple[Case, set[CaseRole]]:
    """The case and the user's consultant roles on it; 404 for everyone else (leaders included).

    `only`: the case's relations the page shows (assessments.selectors.access.case_for)."""
    case = case_or_404(user, pk, only=only)
    roles = case_roles(user, case) & CONSULTANTS
    if not roles:
        raise Http404
    return case, roles


# --- the consultant's own judgement -------------------------------------------------------------------------


@dataclass
class JudgementStatus:
    """The consultant's own judgement and, in review mode, the judge's judgement when the rule shows it."""

    case: Case
    roles: set[CaseRole]
    own: Judgement | None
    kind: str
    primary: Judgement | None  # review mode: the judge's judgement, if visible to this user
    editable: bool
    waiting_reason: str
    colleague: str  # the other consultant's name
    submitted_in_case: int | None = None  # how many judgements of the case are submitted, when read with `own`

    def both_in(self) -> bool:
        """Whether both judgements are in (counted with the own judgement's row when there is one)."""
        if self.submitted_in_case is None:
            return both_submitted(self.case)
        return self.submitted_in_case == 2

    @property
    def is_review(self) -> bool:
        return self.kind == Judgement.Kind.REVIEW

    @property
    def is_double_blind(self) -> bool:
        return self.case.mode == Case.Mode.DOUBLE_BLIND

    @property
    def refusal(self) -> str:
        """Why the judgement cannot be changed now (when it cannot)."""
        return self.waiting_reason or _("Vurderingen er afgivet og kan ikke længere ændres.")

    def own_parameters(self) -> dict[str, ParameterJudgement]:
        return {pj.parameter: pj for pj in self.own.parameters.all()} if self.own else {}

    def primary_parameters(self) -> dict[str, ParameterJudgement]:
        return {pj.parameter: pj for pj in self.primary.parameters.all()} if self.primary else {}

    def problems(self) -> dict[str, str]:
        if self.own is None:
            return dict.fromkeys(PARAMETER_ORDER, _("Ikke påbegyndt."))
        return judgement_problems(self.own)


def _waiting_text(waiting: Waiting | None) -> str:
    if waiting is Waiting.INFORMATION:
        return _("Vurderingen kan begynde, når leverandørens oplysninger er godkendt.")
    if waiting is Waiting.PRIMARY:
        return _("Gennemgangen kan begynde, når den primære konsulent har afgivet sin vurdering.")
    return ""


def judgement_status(user: User, case: Case, roles: set[CaseRole], *, citations: bool = True) -> JudgementStatus:
    """Where the consultant's own judgement stands: its kind, what it waits for, whether it may change.

    `citations=False`: the own parameters without what they cite (a page that loads that itself)."""
    submitted = (
        Judgement.objects.filter(case=OuterRef("case"), submitted_at__isnull=False)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    own = (
        Judgement.objects.filter(case=case, author=user)
        .annotate(submitted_in_case=Coalesce(Subquery(submitted), 0))
        .prefetch_related(*((f"parameters__{n}" for n in CITED) if citations else ["parameters"]))
        .first()
    )
    kind = own.kind if own else judgement_kind_for(case, roles)
    primary = None
    if kind == Judgement.Kind.REVIEW:
        # Only through the blindness rule: the judge's judgement shows once it is submitted.
        visible = judgements_visible_to(user, case, citations=citations)
        primary = next((j for j in visible if j.author_id == case.primary_consultant_id), None)
    state = State(case.state)
    waiting = judging_waits(state, is_review=kind == Judgement.Kind.REVIEW, primary_submitted=primary is not None)
    own_submitted = own is not None and own.submitted_at is not None
    other = case.second_consultant if user.pk == case.primary_consultant_id else case.primary_consultant
    return JudgementStatus(
        case=case,
        roles=roles,
        own=own,
        kind=kind,
        primary=primary,
        editable=judgement_editable(state, waiting=waiting, own_submitted=own_submitted),
        waiting_reason=_waiting_text(waiting),
        colleague=other.display_name if other else "",
        submitted_in_case=own.submitted_in_case if own else None,  # type: ignore[attr-defined]
    )


def judgement_status_or_404(user: User, pk: int) -> JudgementStatus:
    """The status of the user's own judgement of case pk; 404 unless they are one of its two consultants."""
    case, roles = consultant_case_or_404(user, pk)
    return judgement_status(user, case, roles)


def judgement_overview_context(
    status: JudgementStatus, *, review_fields: dict[str, tuple[Any, Any]] | None = None, submit_refused: bool = False
) -> dict[str, Any]:
    """The overview of the own judgement: status per parameter, what stops submitting, the review inputs.

    `review_fields` are the review sheet's (agree, reasons) inputs per parameter, shown while the review may
    change; `submit_refused` lists what is missing (after a refused submission)."""
    own, primary, problems = status.own_parameters(), status.primary_parameters(), status.problems()
    fields = (review_fields or {}) if status.is_review and status.editable else {}
    rows = [
        {
            "parameter": p,
            "label": label(p),
            "own": own.get(p),
            "primary": primary.get(p),
            "problem": problems.get(p, ""),
            "review_fields": fields.get(p),
        }
        for p in PARAMETER_ORDER
    ]
    summary = []
    if submit_refused and status.editable:
        summary = [
            {"parameter": p, "label": label(p), "message": problems[p]} for p in PARAMETER_ORDER if p in problems
        ]
    return {
        "case": status.case,
        "ctx": status,
        "rows": rows,
        "done": len(PARAMETER_ORDER) - len(problems),
        "total": len(PARAMETER_ORDER),
        "submit_summary": summary,
        "both_in": status.both_in(),
        "colleague": status.colleague,
        "any_review_errors": any(bf.errors for pair in fields.values() for bf in pair),
    }


@dataclass
class ParameterPage:
    """One parameter of the consultant's own judgement, with the evidence beside it."""

    status: JudgementStatus
    parameter: str
    evidence: Evidence
    own: ParameterJudgement | None
    primary: ParameterJudgement | None

    @property
    def case(self) -> Case:
        return self.status.case

    @property
    def following(self) -> str | None:
        return neighbours(self.parameter)[1]

    def initial(self) -> dict[str, Any]:
        own = self.own
        return {"level": own.level, "reasons": own.reasons, **citation_initial(own)} if own else {}

    def context(self) -> dict[str, Any]:
        previous, following = neighbours(self.parameter)
        status = self.status
        return {
            "case": self.case,
            "ctx": status,
            "parameter": self.parameter,
            "label": label(self.parameter),
            "position": PARAMETER_ORDER.index(self.parameter) + 1,
            "total": len(PARAMETER_ORDER),
            "evidence": self.evidence,
            "own": self.own,
            "own_citations": citations_of(self.own),
            "primary": self.primary,
            "primary_citations": citations_of(self.primary),
            "problem": judgement_problems(status.own).get(self.parameter, "") if status.own else "",
            "colleague": status.colleague,
            "both_in": status.both_in(),
            "previous": previous,
            "following": following,
            "previous_label": label(previous),
            "following_label": label(following),
        }


def judgement_parameter_page(user: User, pk: int, parameter: str) -> ParameterPage:
    """One parameter of the user's own judgement of case pk (404: not a consultant of it, unknown parameter)."""
    # the guide's version and the two consultants' names are shown; the rest of the case is not
    case, roles = consultant_case_or_404(user, pk, only=("guide", "primary_consultant", "second_consultant"))
    param = parameter_or_404(parameter).value
    status = judgement_status(user, case, roles, citations=False)
    evidence = parameter_evidence(case, param)
    own, primary = status.own_parameters().get(param), status.primary_parameters().get(param)
    load_citations([own, primary], evidence)  # this parameter's only, in one query
    return ParameterPage(status=status, parameter=param, evidence=evidence, own=own, primary=primary)
