"""The evidence beside one parameter on the judgement and reconciliation pages.

The guide's criteria for the three levels (the case's bound version), the description boxes they rest on,
and the supplier's answers as they stood in the newest submission; plus what a judgement cites of them.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.domain.answers import FILE, TABLE, QuestionSpec, display_value
from assessments.domain.review import grid_order
from assessments.models import Case, ParameterJudgement, ReconciledParameter, Submission
from assessments.selectors.information_form import spec_for
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, Level, SupplierParameter
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion, GuideParameter

CITED = ("cited_questions", "cited_criteria", "cited_cells")


def label(parameter: str | None) -> str:
    """The parameter's Danish label in the user's language (the catalog holds the domain's plain strings)."""
    return _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(parameter)]) if parameter else ""


def parameter_or_404(parameter: str) -> SupplierParameter:
    try:
        return SupplierParameter(parameter)
    except ValueError:
        raise Http404 from None


# --- the evidence beside a parameter: guide criteria, description boxes, the supplier's answers -----------


@dataclass
class Evidence:
    """What the guide (the case's bound version), the description and the supplier say about one parameter."""

    guide_parameter: GuideParameter | None
    columns: list[dict[str, Any]]  # one per level: {"level", "criterion", "cells"} (+ "checkbox")
    cells: list[DescriptionCell]
    answers: list[dict[str, Any]]  # {"question", "display", "empty", "table", "files", "is_file"} (+ "checkbox")
    submission: Submission | None
    questions_qs: QuerySet[FormQuestion]  # the choices of the citation checkboxes
    criteria_qs: QuerySet[GuideCriterion]
    cells_qs: QuerySet[DescriptionCell]
    cell_boxes: list[dict[str, Any]] = field(default_factory=list)  # {"cell", "checkbox"}, set by the form


def _by_grid(cell: DescriptionCell) -> tuple[str, int]:
    return grid_order(cell.reference, cell.level)


def _cell_text(kind: str, choices: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    return display_value(QuestionSpec(kind=kind, choices=tuple(choices or ())), value)


def _render_answer(question: FormQuestion, item: dict[str, Any] | None) -> dict[str, Any]:
    """One answer of the latest submission, as the page shows it (a table as a table, files as links)."""
    spec = spec_for(question)
    value = item.get("value") if item else None
    rendered = {
        "question": question,
        "display": display_value(spec, value) if question.kind != FILE else "",
        "empty": value in (None, [], ""),
        "table": None,
        "files": (item or {}).get("attachments", []),
        "is_file": question.kind == FILE,
    }
    if question.kind == TABLE and value:
        rendered["table"] = {
            "columns": [c.label for c in spec.columns],
            "rows": [[_cell_text(c.kind, c.choices, row.get(c.key)) for c in spec.columns] for row in value],
        }
    return rendered


def parameter_evidence(case: Case, parameter: str) -> Evidence:
    """The guide's criteria for the three levels, the description boxes they cite and the supplier's answers.

    Always the versions the case is bound to (case.guide, case.description, case.form_template), and the
    answers as they stood in the newest submission (Submission.snapshot), not the live, editable answers.
    """
    guide_parameter = GuideParameter.objects.filter(guide_id=case.guide_id, parameter=parameter).first()
    criteria_qs = GuideCriterion.objects.filter(
        guide_parameter__guide_id=case.guide_id, guide_parameter__parameter=parameter
    ).order_by("level")
    own_cells = DescriptionCell.objects.filter(description_id=case.description_id)
    by_level = {c.level: c for c in criteria_qs.prefetch_related("thresholds", Prefetch("cells", queryset=own_cells))}
    columns: list[dict[str, Any]] = []
    for level in Level:
        criterion = by_level.get(level)
        cells = sorted(criterion.cells.all(), key=_by_grid) if criterion else []
        columns.append({"level": int(level), "criterion": criterion, "cells": cells})
    questions_qs = FormQuestion.objects.filter(template_id=case.form_template_id, parameter=parameter).order_by(
        "position", "id"
    )
    submission = Submission.objects.filter(form__case=case).order_by("-number").first()
    snapshot = (submission.snapshot or {}).get("answers", {}) if submission else {}
    return Evidence(
        guide_parameter=guide_parameter,
        columns=columns,
        cells=sorted({c for col in columns for c in col["cells"]}, key=_by_grid),
        answers=[_render_answer(q, snapshot.get(q.key)) for q in questions_qs],
        submission=submission,
        questions_qs=questions_qs,
        criteria_qs=criteria_qs,
        cells_qs=own_cells.filter(criteria__in=criteria_qs).distinct(),
    )


def citations_of(obj: ParameterJudgement | ReconciledParameter | None) -> dict[str, list[Any]]:
    """The evidence a (parameter) judgement or reconciled parameter cites, for read-only display."""
    if obj is None:
        return {"questions": [], "criteria": [], "cells": []}
    return {
        "questions": list(obj.cited_questions.all()),
        "criteria": sorted(obj.cited_criteria.all(), key=lambda c: c.level),
        "cells": sorted(obj.cited_cells.all(), key=_by_grid),
    }


def citation_initial(obj: ParameterJudgement | ReconciledParameter | None) -> dict[str, list[int]]:
    """The citation checkboxes as the saved object has them."""
    if obj is None:
        return {}
    return {name: [o.pk for o in getattr(obj, name).all()] for name in CITED}
