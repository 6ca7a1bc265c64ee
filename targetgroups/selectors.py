"""Reads of the versioned model content, including 'which version was in force on a given day'."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .domain.model import Level
from .domain.placement import requirement_text
from .inputs import GENERAL_LABEL
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


def target_groups_with_current_versions() -> list[TargetGroup]:
    """Every target group with its published description(s) and guide(s) in `current_descriptions` and
    `current_guides` (newest version first), as the target-group table shows them.

    Three plain queries of the columns the table shows, grouped here: the staff dashboards show this table on
    every visit, and Django's prefetch machinery with whole rows took twice the CPU for the same nine groups."""
    published = Q(status=VersionStatus.PUBLISHED)
    descriptions: dict[int, list[TargetGroupDescription]] = defaultdict(list)
    for description in TargetGroupDescription.objects.filter(published).only("target_group", "version", "valid_from"):
        descriptions[description.target_group_id].append(description)
    guides: dict[int, list[AssessmentGuide]] = defaultdict(list)
    for guide in AssessmentGuide.objects.filter(published).only("target_group", "version", "valid_from"):
        guides[guide.target_group_id].append(guide)
    groups = list(TargetGroup.objects.all())
    for group in groups:
        group.current_descriptions = descriptions[group.pk]  # type: ignore[attr-defined]
        group.current_guides = guides[group.pk]  # type: ignore[attr-defined]
    return groups


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


def placement_rules_released() -> list[tuple[PlacementRule, dict[Level, str]]]:
    """Every published or retired placement rule with its requirement in words (the rules page)."""
    rules = PlacementRule.objects.exclude(status=VersionStatus.DRAFT).select_related("target_group")
    return [(rule, requirement_text(rule.settings())) for rule in rules]


def form_template_rows() -> list[dict[str, Any]]:
    """Per target group: its published form template, its draft, earlier versions and its published guide."""
    rows = []
    for tg in form_templates_by_target_group():
        versions = tg.template_versions  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
        guides = tg.current_guides  # type: ignore[attr-defined]
        rows.append(
            {
                "target_group": tg,
                "published": next((v for v in versions if v.status == VersionStatus.PUBLISHED), None),
                "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
                "retired": [v for v in versions if v.status == VersionStatus.RETIRED],
                "guide": guides[0] if guides else None,
            }
        )
    return rows


def target_group_or_404(*, pk: int) -> TargetGroup:
    target_group = TargetGroup.objects.filter(pk=pk).first()
    if target_group is None:
        raise Http404
    return target_group


def form_template_or_404(*, pk: int) -> FormTemplate:
    """A form-template version with its target group and guide (the editing pages)."""
    template = FormTemplate.objects.select_related("target_group", "guide").filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def form_question_or_404(*, pk: int) -> FormQuestion:
    """A question with its template, the template's target group and guide (the editing pages)."""
    question = FormQuestion.objects.select_related("template__target_group", "template__guide").filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def form_template_draft(*, target_group: TargetGroup) -> FormTemplate | None:
    """The target group's draft form template, if it has one (at most one exists)."""
    return FormTemplate.objects.filter(target_group=target_group, status=VersionStatus.DRAFT).first()


def form_template_published(*, target_group: TargetGroup) -> FormTemplate | None:
    """The target group's form template in force (published), if any."""
    return FormTemplate.objects.filter(target_group=target_group, status=VersionStatus.PUBLISHED).first()


def form_template_draft_sources(*, target_group: TargetGroup) -> tuple[FormTemplate | None, AssessmentGuide | None]:
    """What a new draft is built from: the newest released form template (copied) and the published guide."""
    source = (
        FormTemplate.objects.filter(target_group=target_group)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    guide = AssessmentGuide.objects.filter(target_group=target_group, status=VersionStatus.PUBLISHED).first()
    return source, guide


def guide_criteria_of_template(*, template: FormTemplate) -> QuerySet[GuideCriterion]:
    """The criteria of the template's guide, which a question may cite (the choices of the question form)."""
    return (
        GuideCriterion.objects.filter(guide_parameter__guide=template.guide)
        .select_related("guide_parameter")
        .order_by("guide_parameter__id", "level")
    )


def form_template_sections(*, template: FormTemplate) -> list[dict[str, Any]]:
    """The questions grouped as the supplier meets them: 'Generelt' first, then the eight parameters.

    Each question gets `cited`: the guide criteria it serves, grouped by parameter in the parameters' order.
    Reads only what `form_template_with_questions` prefetched.
    """
    order = {code: i for i, code in enumerate(SupplierParameterChoices.values)}
    groups: dict[str, list[FormQuestion]] = {code: [] for code in ["", *SupplierParameterChoices.values]}
    for question in template.questions.all():
        criteria = sorted(question.criteria.all(), key=lambda c: (order[c.guide_parameter.parameter], c.level))
        cited: dict[str, dict[str, Any]] = {}
        for criterion in criteria:
            entry = cited.setdefault(
                criterion.guide_parameter.parameter,
                {
                    "code": criterion.guide_parameter.parameter,
                    "label": criterion.guide_parameter.get_parameter_display(),
                    "criteria": [],
                },
            )
            entry["criteria"].append(criterion)
        question.cited = list(cited.values())  # type: ignore[attr-defined]
        groups.setdefault(question.parameter, []).append(question)
    sections: list[dict[str, Any]] = [
        {"code": "general", "label": GENERAL_LABEL, "number": None, "parameter": "", "questions": groups[""]}
    ]
    for number, (code, label) in enumerate(SupplierParameterChoices.choices, start=1):
        sections.append({"code": code, "label": label, "number": number, "parameter": code, "questions": groups[code]})
    return sections
