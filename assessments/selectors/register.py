"""The register of current placements: what a municipal case worker searches to find a fitting supplier.

One row per current decision (the newest decision of a decided case not yet followed by a new case).
During a remedy period the previous, higher level still applies; the row says so.

Everything is computed in SQL (the effective level, every filter, one row per subject, the count), so a page
costs the same two queries however many decisions the country holds.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, When
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


def _in_force(today: datetime.date, socialtilsyn: Socialtilsyn | None) -> QuerySet[Decision]:
    """Current decisions whose validity covers `today` (of one socialtilsyn's cases, if given)."""
    decisions = current_decisions().select_related(None).filter(valid_until__gte=today, valid_from__lte=today)
    if socialtilsyn is not None:
        decisions = decisions.filter(case__socialtilsyn=socialtilsyn)
    return decisions


def register_decisions(
    *,
    today: datetime.date,
    target_group: TargetGroup | None = None,
    level: int | None = None,
    socialtilsyn: Socialtilsyn | None = None,
    matrikelloes: bool | None = None,
    query: str = "",
) -> QuerySet[Decision]:
    """The register's rows as one query: decisions annotated with `effective_level`, `pending_level` and
    `pending_from`, one per supplier/department and target group (the newest decision wins), in register order.
    """
    # One placement per subject: the newest decision in force on a supplier/department and target group (the
    # subject filters below are the same for every decision of a subject; the socialtilsyn belongs to the case,
    # so it is applied here). DISTINCT ON in one sorted pass; NULL departments count as one subject.
    subject = ("case__supplier_id", "case__department_id", "case__target_group_id")
    newest = _in_force(today, socialtilsyn).order_by(*subject, "-decided_at", "-pk").distinct(*subject).values("pk")
    previous_level = Subquery(
        Decision.objects.filter(case_id=OuterRef("case__previous_case_id")).order_by("-version").values("level")[:1]
    )
    # During the remedy period the previous, higher level still applies.
    in_remedy = Q(remedy_until__gt=today, previous_level__gt=F("level"))
    decisions = (
        Decision.objects.filter(pk__in=newest)
        .annotate(previous_level=previous_level)
        .annotate(
            effective_level=models.Case(When(in_remedy, then=F("previous_level")), default=F("level")),
            pending_level=models.Case(When(in_remedy, then=F("level")), default=None),
            pending_from=models.Case(When(in_remedy, then=F("remedy_until")), default=None),
        )
    )
    if target_group is not None:
        decisions = decisions.filter(case__target_group=target_group)
    if matrikelloes is not None:
        decisions = decisions.filter(case__department__is_matrikelloes=matrikelloes)
    if query:
        decisions = decisions.filter(
            Q(case__supplier__name__icontains=query)
            | Q(case__department__name__icontains=query)
            | Q(case__supplier__cvr=query)
        )
    if level is not None:
        decisions = decisions.filter(effective_level=level)
    return (
        decisions.select_related("case__supplier", "case__department", "case__target_group", "case__socialtilsyn")
        .defer("parameters", "explanation", "hearing_summary")
        .order_by("case__supplier__name", "case__department__name", "-decided_at", "-pk")
    )


def _entry(decision: Decision) -> RegisterEntry:
    return RegisterEntry(
        decision,
        decision.effective_level,  # type: ignore[attr-defined]
        decision.pending_level,  # type: ignore[attr-defined]
        decision.pending_from,  # type: ignore[attr-defined]
    )


def register_entries(
    *,
    today: datetime.date,
    target_group: TargetGroup | None = None,
    level: int | None = None,
    socialtilsyn: Socialtilsyn | None = None,
    matrikelloes: bool | None = None,
    query: str = "",
) -> list[RegisterEntry]:
    """Every row of the register on `today` (the page shows one page of the same rows)."""
    decisions = register_decisions(
        today=today,
        target_group=target_group,
        level=level,
        socialtilsyn=socialtilsyn,
        matrikelloes=matrikelloes,
        query=query,
    )
    return [_entry(d) for d in decisions]


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
    """One page of the register as it stands today: a count and a page of 25 rows, both in SQL."""
    decisions = register_decisions(
        today=timezone.localdate(),
        target_group=target_group,
        level=level,
        socialtilsyn=socialtilsyn,
        matrikelloes=matrikelloes,
        query=query,
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(page_number)
    return Page([_entry(d) for d in page.object_list], page.number, page.paginator)
