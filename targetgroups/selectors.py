"""Reads of the versioned model content, including 'which version was in force on a given day'."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from .models import (
    AssessmentGuide,
    DescriptionCell,
    FormTemplate,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)

_RELEASED = Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED])


def target_groups_with_current_versions() -> QuerySet[TargetGroup]:
    published = Q(status=VersionStatus.PUBLISHED)
    return TargetGroup.objects.prefetch_related(
        Prefetch("descriptions", TargetGroupDescription.objects.filter(published), to_attr="current_descriptions"),
        Prefetch("guides", AssessmentGuide.objects.filter(published), to_attr="current_guides"),
    )


def description_in_force(*, target_group: TargetGroup, on: datetime.date) -> TargetGroupDescription | None:
    return (
        TargetGroupDescription.objects.filter(_RELEASED, target_group=target_group, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )


def guide_in_force(*, target_group: TargetGroup, on: datetime.date) -> AssessmentGuide | None:
    return (
        AssessmentGuide.objects.filter(_RELEASED, target_group=target_group, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )


def rule_in_force(*, target_group: TargetGroup, on: datetime.date) -> PlacementRule | None:
    """The target group's own rule if it has one in force that day, otherwise the national rule."""
    candidates = PlacementRule.objects.filter(_RELEASED, valid_from__lte=on)
    own = candidates.filter(target_group=target_group).order_by("-valid_from", "-version").first()
    return own or candidates.filter(target_group__isnull=True).order_by("-valid_from", "-version").first()


def guide_with_content(*, pk: int) -> AssessmentGuide | None:
    """A guide with its parameters, criteria, thresholds and the cited description cells in few queries."""
    criteria = GuideCriterion.objects.prefetch_related("thresholds", "cells")
    parameters = GuideParameter.objects.prefetch_related(Prefetch("criteria", criteria))
    return (
        AssessmentGuide.objects.select_related("target_group", "description")
        .prefetch_related(
            Prefetch("parameters", parameters),
            Prefetch("description__cells", DescriptionCell.objects.all()),
        )
        .filter(pk=pk)
        .first()
    )


def form_template_in_force(*, target_group: TargetGroup, on: datetime.date) -> FormTemplate | None:
    return (
        FormTemplate.objects.filter(_RELEASED, target_group=target_group, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )
