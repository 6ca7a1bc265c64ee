"""The choices of the forms that assign people to a case (opening a case, opening a re-assessment).

Forms only validate; their querysets come from here, through the view.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from suppliers.models import Department, Supplier
from targetgroups.models import (
    AssessmentGuide,
    FormTemplate,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)


@dataclass(frozen=True)
class StaffChoices:
    """The active consultants and leaders of one socialtilsyn, by name: who a case may be assigned to."""

    consultants: QuerySet[User]
    leaders: QuerySet[User]


def staff_choices(socialtilsyn_id: int) -> StaffChoices:
    staff = User.objects.filter(socialtilsyn_id=socialtilsyn_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )
    return StaffChoices(consultants=staff.filter(role=Role.CONSULTANT), leaders=staff.filter(role=Role.LEADER))


RELEASED = Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED])


def target_group_readiness(on: datetime.date) -> tuple[set[int], dict[TargetGroup, list[str]]]:
    """Which target groups a case can open on today (all four versions in force), and what the others lack.

    Four queries in all, whatever the number of target groups.
    """

    def ids(model: type[TargetGroupDescription | AssessmentGuide | FormTemplate]) -> set[int]:
        return set(
            model.objects.filter(RELEASED, valid_from__lte=on, target_group__isnull=False).values_list(
                "target_group_id", flat=True
            )
        )

    descriptions, guides, templates = ids(TargetGroupDescription), ids(AssessmentGuide), ids(FormTemplate)
    rules = PlacementRule.objects.filter(RELEASED, valid_from__lte=on)
    national_rule = rules.filter(target_group__isnull=True).exists()
    own_rules = set(rules.filter(target_group__isnull=False).values_list("target_group_id", flat=True))
    ready: set[int] = set()
    missing: dict[TargetGroup, list[str]] = {}
    for group in TargetGroup.objects.order_by("name", "age_band"):
        lacks = []
        if group.pk not in descriptions:
            lacks.append(_("målgruppebeskrivelse"))
        if group.pk not in guides:
            lacks.append(_("vejledning"))
        if group.pk not in templates:
            lacks.append(_("oplysningsskema"))
        if not national_rule and group.pk not in own_rules:
            lacks.append(_("indplaceringsregel"))
        if lacks:
            missing[group] = lacks
        else:
            ready.add(group.pk)
    return ready, missing


@dataclass(frozen=True)
class CaseCreateChoices:
    """The choices of the "Opret sag" form, all within the user's socialtilsyn."""

    suppliers: QuerySet[Supplier]
    departments: QuerySet[Department]
    target_groups: QuerySet[TargetGroup]  # those a case can open on today
    unavailable_target_groups: dict[TargetGroup, list[str]]  # the others, with what they lack
    staff: StaffChoices


def case_create_choices(user: User) -> CaseCreateChoices:
    """Only for staff of a socialtilsyn (the view refuses the others)."""
    tilsyn = user.socialtilsyn_id
    assert tilsyn is not None
    ready, unavailable = target_group_readiness(timezone.localdate())
    return CaseCreateChoices(
        suppliers=Supplier.objects.filter(socialtilsyn_id=tilsyn).order_by("name"),
        departments=Department.objects.filter(supplier__socialtilsyn_id=tilsyn)
        .select_related("supplier")
        .order_by("supplier__name", "name"),
        target_groups=TargetGroup.objects.filter(pk__in=ready).order_by("name", "age_band"),
        unavailable_target_groups=unavailable,
        staff=staff_choices(tilsyn),
    )
