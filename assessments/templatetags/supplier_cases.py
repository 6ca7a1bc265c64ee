"""Dashboard block for suppliers: their cases in partshøring or with a decision."""

from django import template
from django.db.models import Exists, OuterRef, Q

from assessments.domain.workflow import State
from assessments.models import Decision, Hearing
from assessments.selectors.cases import cases_visible_to

register = template.Library()


@register.inclusion_tag("assessments/supplier_case/dashboard_block.html")
def supplier_hearing_and_decided_cases(user):
    """Cases of the user's suppliers that are in partshøring, decided or under appeal (newest change first)."""
    has_decision = Exists(Decision.objects.filter(case=OuterRef("pk")))
    cases = list(
        cases_visible_to(user)
        .annotate(has_decision=has_decision)
        .filter(Q(state__in=[State.PARTSHOERING, State.AFGJORT, State.KLAGE]) | Q(has_decision=True))
        .order_by("-state_changed_at", "-pk")[:20]
    )
    open_hearings = {
        h.case_id: h for h in Hearing.objects.filter(case__in=cases, closed_at__isnull=True).order_by("started_at")
    }
    for case in cases:
        case.open_hearing = open_hearings.get(case.pk) if case.state == State.PARTSHOERING else None
    return {"cases": cases}
