"""Reads of re-assessment: the decisions in force and the change notices waiting for a consultant."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from assessments.domain.workflow import State
from assessments.models import Case, ChangeNotice, Decision


def current_decisions() -> QuerySet[Decision]:
    """The newest decision of every decided case that has not been followed by a new (non-cancelled) case."""
    newer_version = Decision.objects.filter(case=OuterRef("case"), version__gt=OuterRef("version"))
    follow_up = Case.objects.filter(previous_case=OuterRef("case")).exclude(state=State.ANNULLERET.value)
    return (
        Decision.objects.filter(case__state__in=[State.AFGJORT.value, State.KLAGE.value])
        .exclude(Exists(newer_version))
        .exclude(Exists(follow_up))
        .select_related(
            "case__supplier", "case__department", "case__target_group", "case__primary_consultant", "case__leader"
        )
    )


def pending_change_notices(user) -> QuerySet[ChangeNotice]:
    return ChangeNotice.objects.filter(outcome=ChangeNotice.Outcome.PENDING).filter(
        Q(case__primary_consultant=user) | Q(case__second_consultant=user) | Q(case__leader=user)
    )
