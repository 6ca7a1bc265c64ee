"""The evidence beside one parameter on the judgement and reconciliation pages.

The guide's criteria for the three levels (the case's bound version), the description boxes they rest on,
and the supplier's answers as they stood in the newest submission; plus what a judgement cites of them.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
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
    # The rows of the three querysets as this page already read them (the checkboxes' choices, in order).
    questions: list[FormQuestion] = field(default_factory=list)
    criteria: list[GuideCriterion] = field(default_factory=list)

    def choices(self) -> dict[str, list[Any]]:
        """The loaded choices of the citation checkboxes, by field name (no query to list them again)."""
        return {"cited_questions": self.questions, "cited_criteria": self.criteria, "cited_cells": self.cells}


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
    criteria_qs = GuideCriterion.objects.filter(
        guide_parameter__guide_id=case.guide_id, guide_parameter__parameter=parameter
    ).order_by("level")
    own_cells = DescriptionCell.objects.filter(description_id=case.description_id)
    criteria = list(
        criteria_qs.select_related("guide_parameter").prefetch_related(
            "thresholds", Prefetch("cells", queryset=own_cells)
        )
    )
    # The guide parameter rides along with its criteria; a parameter without criteria reads it alone.
    if criteria:
        guide_parameter: GuideParameter | None = criteria[0].guide_parameter
    else:
        guide_parameter = GuideParameter.objects.filter(guide_id=case.guide_id, parameter=parameter).first()
    if guide_parameter is not None and guide_parameter.guide_id == case.guide_id:
        guide_parameter.guide = case.guide  # loaded with the case (the help box names its version)
        if case.guide.target_group_id == case.target_group_id:
            case.guide.target_group = case.target_group
    by_level = {c.level: c for c in criteria}
    columns: list[dict[str, Any]] = []
    for level in Level:
        criterion = by_level.get(level)
        cells = sorted(criterion.cells.all(), key=_by_grid) if criterion else []
        columns.append({"level": int(level), "criterion": criterion, "cells": cells})
    questions_qs = FormQuestion.objects.filter(template_id=case.form_template_id, parameter=parameter).order_by(
        "position", "id"
    )
    questions = list(questions_qs)
    submission = Submission.objects.filter(form__case=case).order_by("-number").first()
    snapshot = (submission.snapshot or {}).get("answers", {}) if submission else {}
    return Evidence(
        guide_parameter=guide_parameter,
        columns=columns,
        cells=sorted({c for col in columns for c in col["cells"]}, key=_by_grid),
        answers=[_render_answer(q, snapshot.get(q.key)) for q in questions],
        submission=submission,
        questions_qs=questions_qs,
        criteria_qs=criteria_qs,
        cells_qs=own_cells.filter(criteria__in=criteria_qs).distinct(),
        questions=questions,
        criteria=criteria,
    )


def load_citations(objs: Sequence[ParameterJudgement | ReconciledParameter | None], evidence: Evidence) -> None:
    """Read what each of `objs` cites in one query over the link tables, as if prefetched (`obj.cited_*.all()`).

    The cited objects are taken from the page's evidence (the forms only ever store citations of it); one a
    page does not show (older data) is read by its key. Equivalent to prefetch_related(*CITED), in one query
    instead of three per kind of object.
    """
    present = [obj for obj in objs if obj is not None and obj.pk is not None]
    if not present:
        return
    parts: list[str] = []
    params: list[Any] = []
    quote = connection.ops.quote_name
    for model in dict.fromkeys(type(obj) for obj in present):
        ids = [obj.pk for obj in present if type(obj) is model]
        for tag, name in enumerate(CITED):
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through  # type: ignore[union-attr]
            source = through._meta.get_field(m2m.m2m_field_name()).column  # type: ignore[union-attr]
            target = through._meta.get_field(m2m.m2m_reverse_field_name()).column  # type: ignore[union-attr]
            # Only the models' own table and column names are formatted in; the keys are bound parameters.
            table = quote(through._meta.db_table)
            parts.append(
                f"SELECT %s, {tag}, {quote(source)}, {quote(target)} FROM {table} WHERE {quote(source)} = ANY(%s)"  # noqa: S608
            )
            params += [model._meta.label_lower, ids]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        links = cursor.fetchall()
    known: list[dict[int, Any]] = [
        {q.pk: q for q in evidence.questions},
        {c.pk: c for c in evidence.criteria},
        {c.pk: c for c in evidence.cells},
    ]
    models: list[type[Any]] = [FormQuestion, GuideCriterion, DescriptionCell]
    for tag, model in enumerate(models):
        missing = {target for _label, t, _source, target in links if t == tag and target not in known[tag]}
        if missing:
            known[tag].update(model.objects.in_bulk(missing))
    for obj in present:
        label_lower = obj._meta.label_lower
        for tag, name in enumerate(CITED):
            cited = [
                known[tag][target]
                for lbl, t, source, target in links
                if lbl == label_lower and t == tag and source == obj.pk and target in known[tag]
            ]
            if tag == 0:
                cited.sort(key=lambda q: (q.position, q.pk))
            queryset = getattr(obj, name).get_queryset()
            queryset._result_cache = cited
            queryset._prefetch_done = True
            caches: dict[str, Any] = obj.__dict__.setdefault("_prefetched_objects_cache", {})
            caches[name] = queryset


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
