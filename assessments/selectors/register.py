"""The register of current placements: what a municipal case worker searches to find a fitting supplier.

One row per current decision (the newest decision of a decided case not yet followed by a new case).
During a remedy period the previous, higher level still applies; the row says so.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.models import Case, Decision
from assessments.selectors.reassessment import current_decisions
from suppliers.models import Socialtilsyn
from targetgroups.models import TargetGroup

PAGE_SIZE = 25


@dataclass(frozen=True)
class RegisterEntry:
    decision: Decision
    effective_level: int
    pending_level: int | None  # the lower level that takes effect after the remedy period
    pending_from: datetime.date | None

    @property
    def case(self) -> Case:
        return self.decision.case


def _previous_level(decision: Decision) -> int | None:
    previous = decision.case.previous_case
    if previous is None:
        return None
    last = previous.decisions.order_by("-version").first()
    return last.level if last else None


def register_entries(
    *,
    today: datetime.date,
    target_group: TargetGroup | None = None,
    level: int | None = None,
    socialtilsyn: Socialtilsyn | None = None,
    matrikelloes: bool | None = None,
    query: str = "",
) -> list[RegisterEntry]:
    decisions = (
        current_decisions()
        .filter(valid_until__gte=today, valid_from__lte=today)
        .select_related("case__socialtilsyn", "case__previous_case")
    )
    if target_group is not None:
        decisions = decisions.filter(case__target_group=target_group)
    if socialtilsyn is not None:
        decisions = decisions.filter(case__socialtilsyn=socialtilsyn)
    if matrikelloes is not None:
        decisions = decisions.filter(case__department__is_matrikelloes=matrikelloes)
    if query:
        decisions = decisions.filter(
            Q(case__supplier__name__icontains=query)
            | Q(case__department__name__icontains=query)
            | Q(case__supplier__cvr=query)
        )
    entries = []
    seen: set[tuple[int, int | None, int]] = set()
    ordered = decisions.order_by("case__supplier__name", "case__department__name", "-decided_at")
    for decision in ordered:
        # One placement per supplier/department and target group: the newest decision wins.
        subject = (decision.case.supplier_id, decision.case.department_id, decision.case.target_group_id)
        if subject in seen:
            continue
        seen.add(subject)
        effective, pending, pending_from = decision.level, None, None
        if decision.remedy_until and today < decision.remedy_until:
            previous = _previous_level(decision)
            if previous is not None and previous > decision.level:
                effective, pending, pending_from = previous, decision.level, decision.remedy_until
        if level is None or effective == level:
            entries.append(RegisterEntry(decision, effective, pending, pending_from))
    return entries


@dataclass(frozen=True)
class RegisterFilterChoices:
    target_groups: QuerySet[TargetGroup]
    socialtilsyn: QuerySet[Socialtilsyn]


def register_filter_choices() -> RegisterFilterChoices:
    return RegisterFilterChoices(target_groups=TargetGroup.objects.all(), socialtilsyn=Socialtilsyn.objects.all())


def register_page(
    *,
    target_group: TargetGroup | None = None,
    level: int | None = None,
    socialtilsyn: Socialtilsyn | None = None,
    matrikelloes: bool | None = None,
    query: str = "",
    page_number: str | None = None,
) -> Page:
    """One page of the register as it stands today."""
    entries = register_entries(
        today=timezone.localdate(),
        target_group=target_group,
        level=level,
        socialtilsyn=socialtilsyn,
        matrikelloes=matrikelloes,
        query=query,
    )
    return Paginator(entries, PAGE_SIZE).get_page(page_number)
