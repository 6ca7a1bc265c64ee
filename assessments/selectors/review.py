"""Reads of the consultants' review: the blindness rule, what stops a submission, the reconciled result."""

from django.utils.translation import gettext as _

from assessments.domain.workflow import CaseRole
from assessments.models import Case, Judgement, ReconciledParameter
from assessments.permissions import case_roles
from targetgroups.domain.model import SUPPLIER_PARAMETERS, Level
from targetgroups.domain.placement import Placement, place


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


def judgement_visible_to(user, judgement: Judgement) -> bool:
    """The blindness rule. Own judgement: always. Someone else's: only after both are in (review mode:
    the judge's once submitted, to the reviewer). Suppliers never see individual judgements."""
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
    return Judgement.objects.filter(case=case, submitted_at__isnull=False).count() == 2


def judgements_visible_to(user, case: Case) -> list[Judgement]:
    """The judgements of a case the user may see, with their parameters (for pages and exports)."""
    judgements = (
        Judgement.objects.filter(case=case)
        .select_related("author", "case")
        .prefetch_related("parameters__cited_questions", "parameters__cited_criteria", "parameters__cited_cells")
    )
    return [j for j in judgements if judgement_visible_to(user, j)]


def reconciled_levels(case: Case) -> dict[str, int]:
    return dict(ReconciledParameter.objects.filter(case=case).values_list("parameter", "level"))


def case_placement(case: Case) -> Placement | None:
    """The placement from the reconciled levels with the case's rule version; None until all eight are agreed."""
    levels = reconciled_levels(case)
    if len(levels) != len(SUPPLIER_PARAMETERS):
        return None
    return place([Level(levels[p.value]) for p in SUPPLIER_PARAMETERS], case.rule.settings())
