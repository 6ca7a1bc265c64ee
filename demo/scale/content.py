"""What every case of a target group shares: the versions it binds, its questions and the answers a supplier gives.

Answers are parsed once per question with the same rules as a save (`parse_answer`), so the stored values and
the submission snapshot have the shape the services write.
"""

from dataclasses import dataclass

from assessments.domain.answers import display_value, parse_answer
from assessments.selectors.information_form import spec_for
from demo.cases import _raw_answer
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS
from targetgroups.domain.placement import RuleSettings
from targetgroups.models import (
    AssessmentGuide,
    FormTemplate,
    GuideCriterion,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)

from .copy import dumps

LEVEL_LABELS = {1: "Let", 2: "Moderat", 3: "Højt"}
PARAMETERS = [p.value for p in SUPPLIER_PARAMETERS]
PARAMETER_LABELS = {p.value: str(SUPPLIER_PARAMETER_LABELS[p]) for p in SUPPLIER_PARAMETERS}


@dataclass
class Question:
    id: int
    key: str
    value_json: str | None  # the stored answer (None: left blank, e.g. a file question without upload)


@dataclass
class Group:
    """One target group and the published versions a case opened today binds."""

    id: int
    name: str
    description_id: int
    guide_id: int
    template_id: int
    rule: PlacementRule
    rule_settings: RuleSettings
    validity_months: int
    questions: list[Question]
    snapshot_json: str  # the submission snapshot of a fully answered form
    criteria: dict[tuple[str, int], list[int]]  # the guide's criteria per (parameter, level)
    first_cell: dict[int, int]  # criterion → the lowest id of the description boxes it points to


def _published(model, tg: TargetGroup):
    return model.objects.filter(target_group=tg, status=VersionStatus.PUBLISHED).order_by("-version").first()


def load_groups() -> list[Group]:
    national = PlacementRule.objects.filter(target_group__isnull=True, status=VersionStatus.PUBLISHED).first()
    groups = []
    for tg in TargetGroup.objects.order_by("pk"):
        description = _published(TargetGroupDescription, tg)
        guide = _published(AssessmentGuide, tg)
        template = _published(FormTemplate, tg)
        rule = _published(PlacementRule, tg) or national
        if not (description and guide and template and rule):
            continue
        questions, answers = [], {}
        for q in template.questions.order_by("position", "pk"):
            spec = spec_for(q)
            value = None
            if q.kind != "file":
                parsed = parse_answer(spec, _raw_answer(q))
                value = parsed.value if parsed.ok else None
            questions.append(Question(q.pk, q.key, None if value is None else dumps(value)))
            answers[q.key] = {
                "question_id": q.pk,
                "label": q.label,
                "parameter": q.parameter,
                "kind": q.kind,
                "value": value,
                "display": display_value(spec, value),
                "revision": 1 if value is not None else 0,
                "attachments": [],
            }
        criteria: dict[tuple[str, int], list[int]] = {}
        first_cell: dict[int, int] = {}
        for criterion in (
            GuideCriterion.objects.filter(guide_parameter__guide=guide)
            .order_by("pk")
            .values("pk", "guide_parameter__parameter", "level")
        ):
            criteria.setdefault((criterion["guide_parameter__parameter"], criterion["level"]), []).append(
                criterion["pk"]
            )
        for link in GuideCriterion.cells.through.objects.filter(guidecriterion__guide_parameter__guide=guide).values(
            "guidecriterion_id", "descriptioncell_id"
        ):
            known = first_cell.get(link["guidecriterion_id"])
            if known is None or link["descriptioncell_id"] < known:
                first_cell[link["guidecriterion_id"]] = link["descriptioncell_id"]
        groups.append(
            Group(
                tg.pk,
                str(tg),
                description.pk,
                guide.pk,
                template.pk,
                rule,
                rule.settings(),
                guide.decision_validity_months,
                questions,
                dumps({"template": template.pk, "answers": answers}),
                criteria,
                first_cell,
            )
        )
    return groups


def result_snapshot(levels: list[int], placement, rule: PlacementRule, reasons: str) -> dict:
    """The reconciled result as `assessments.selectors.decisions.result_snapshot` builds it (no citations)."""
    return {
        "parameters": [
            {
                "parameter": p,
                "label": PARAMETER_LABELS[p],
                "level": level,
                "level_label": LEVEL_LABELS[level],
                "reasons": reasons,
                "questions": [],
                "criteria": [],
                "cells": [],
            }
            for p, level in zip(PARAMETERS, levels, strict=True)
        ],
        "placement": {"level": int(placement.level), "explanation": placement.explanation},
        "rule": {"id": rule.pk, "name": rule.name, "version": rule.version},
    }
