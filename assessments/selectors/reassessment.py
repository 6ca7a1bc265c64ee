"""Reads of re-assessment: the decisions in force, the change notices waiting for a consultant, and what the
page that opens a re-assessment shows."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.workflow import DECIDED_STATES
from assessments.models import Case, ChangeNotice, Decision
from assessments.models.cases import state_values
from assessments.selectors.access import staff_case_or_404
from assessments.selectors.case_choices import StaffChoices, staff_choices
from assessments.selectors.cases import follow_up_of, may_open_reassessment
from core.errors import ActionNotAllowed


def current_decisions() -> QuerySet[Decision]:
    """The newest decision of every decided case that has not been followed by a new (non-cancelled) case."""
    newer_version = Decision.objects.filter(case=OuterRef("case"), version__gt=OuterRef("version"))
    follow_up = Case.objects.filter(previous_case=OuterRef("case")).not_cancelled()
    return (
        Decision.objects.filter(case__state__in=state_values(DECIDED_STATES))
        .exclude(Exists(newer_version))
        .exclude(Exists(follow_up))
        .select_related(
            "case__supplier", "case__department", "case__target_group", "case__primary_consultant", "case__leader"
        )
    )


def pending_change_notices(user: User) -> QuerySet[ChangeNotice]:
    return ChangeNotice.objects.filter(outcome=ChangeNotice.Outcome.PENDING).filter(
        Q(case__primary_consultant=user) | Q(case__second_consultant=user) | Q(case__leader=user)
    )


@dataclass(frozen=True)
class ReassessmentOpenPage:
    previous: Case
    follow_up: Case | None  # a re-assessment opened already: the page sends the user there
    decision: Decision | None
    staff: StaffChoices


def reassessment_open_page(user: User, pk: int) -> ReassessmentOpenPage:
    """The decided case whose re-assessment the user opens (Http404 if they may not see it; ActionNotAllowed
    if it is not decided or they are not staff of its socialtilsyn)."""
    previous = staff_case_or_404(user, pk)
    if not may_open_reassessment(user, previous):
        raise ActionNotAllowed(_("Kun en afgjort sag kan genvurderes."))
    return ReassessmentOpenPage(
        previous=previous,
        follow_up=follow_up_of(previous),
        decision=previous.decisions.order_by("-version").first(),
        staff=staff_choices(previous.socialtilsyn_id),
    )


def change_notice_or_404(user: User, pk: int, notice_pk: str) -> ChangeNotice:
    """A change notice of a case the user may see with its internals (Http404 otherwise)."""
    case = staff_case_or_404(user, pk)
    if not notice_pk.isdigit():
        raise Http404
    notice = ChangeNotice.objects.filter(pk=int(notice_pk), case=case).first()
    if notice is None:
        raise Http404
    notice.case = case
    return notice
