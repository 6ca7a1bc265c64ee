"""Reads of the versioned model content, including 'which version was in force on a given day'."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from .models import (
    AssessmentGuide,
    DescriptionCell,
    FormQuestion,
    FormTemplate,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    SupplierParameterChoices,
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


def form_template_problems(*, template: FormTemplate) -> list[str]:
    """What keeps a form template draft from being published, in Danish; empty when it is complete."""
    problems = []
    if template.guide.status != VersionStatus.PUBLISHED:
        problems.append(
            _("Skemaet bygger på vejledningen version %(v)d, som ikke er den gældende offentliggjorte vejledning.")
            % {"v": template.guide.version}
        )
    if template.guide.target_group_id != template.target_group_id:
        problems.append(_("Vejledningen hører til en anden målgruppe end skemaet."))
    covered = set(template.questions.exclude(parameter="").values_list("parameter", flat=True))
    for code, label in SupplierParameterChoices.choices:
        if code not in covered:
            problems.append(_("Parameteret «%(p)s» har endnu intet spørgsmål.") % {"p": label})
    foreign = (
        GuideCriterion.objects.filter(questions__template=template)
        .exclude(guide_parameter__guide_id=template.guide_id)
        .exists()
    )
    if foreign:
        problems.append(_("Et eller flere spørgsmål henviser til kriterier i en anden vejledning."))
    return problems


def form_templates_by_target_group() -> QuerySet[TargetGroup]:
    """Every target group with all its form-template versions (newest first) and its published guide."""
    return TargetGroup.objects.prefetch_related(
        Prefetch(
            "form_templates",
            FormTemplate.objects.select_related("guide")
            .annotate(question_count=Count("questions"))
            .order_by("-version"),
            to_attr="template_versions",
        ),
        Prefetch("guides", AssessmentGuide.objects.filter(status=VersionStatus.PUBLISHED), to_attr="current_guides"),
    )


def form_template_with_questions(*, pk: int) -> FormTemplate | None:
    """A template with its questions and the guide criteria each question serves, in a fixed number of queries."""
    criteria = GuideCriterion.objects.select_related("guide_parameter").order_by("guide_parameter__id", "level")
    questions = FormQuestion.objects.prefetch_related(Prefetch("criteria", criteria)).order_by("position", "id")
    return (
        FormTemplate.objects.select_related("target_group", "guide", "published_by")
        .prefetch_related(Prefetch("questions", questions))
        .filter(pk=pk)
        .first()
    )


def guide_parameter_help(*, guide_id: int, parameter: str) -> GuideParameter | None:
    """One parameter of one guide version (the case's bound version), with its guide and its criteria by level:
    the text of the contextual help next to the parameter. None for a section that is no parameter."""
    return (
        GuideParameter.objects.filter(guide_id=guide_id, parameter=parameter)
        .select_related("guide__target_group")
        .prefetch_related(Prefetch("criteria", GuideCriterion.objects.order_by("level")))
        .first()
    )
