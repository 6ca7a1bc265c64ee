"""The supplier's copy of a submitted oplysningsskema as an archivable PDF.

Everything shown comes from the submission's frozen snapshot (assessments.services.information_form._snapshot), so the
PDF says what was submitted at that moment even after a supplement request reopened questions. Only the
table column headings and the question order are read from the (immutable, published) form template.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from accounts.models import User
from assessments.models import Submission
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS
from targetgroups.models import FormQuestion

from .pdf import date_for_filename, pdf_response, render_pdf

TEMPLATE = "reports/submission.html"
GENERAL = "generelt"
GENERAL_LABEL = "Generelt"
SHORT_SHA = 12
# A contents list pays off once the document runs to several pages: many table rows or much text.
TOC_MIN_TABLE_ROWS = 25
TOC_MIN_TEXT_CHARS = 6000


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


@dataclass
class AnswerItem:
    """One question with its submitted answer, shaped for the template."""

    key: str
    label: str
    kind: str
    display: str
    value: Any
    answered: bool
    position: tuple[int, int]
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Section:
    id: str
    label: str
    items: list[AnswerItem]


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return str(value)


def _table(question: FormQuestion | None, rows: list[dict[str, Any]]) -> tuple[list[Column], list[list[Cell]]]:
    specs = list(question.columns or ()) if question is not None else []
    if not specs:
        # The question is gone (should not happen for a published template): show the stored keys.
        keys = list(dict.fromkeys(k for row in rows for k in row))
        specs = [{"key": k, "label": k} for k in keys]
    columns = [
        Column(key=str(c["key"]), label=str(c.get("label", c["key"])), numeric=c.get("kind") == "integer")
        for c in specs
    ]
    return columns, [[Cell(_cell(row.get(c.key)), c.numeric) for c in columns] for row in rows]


def _item(key: str, data: dict[str, Any], question: FormQuestion | None) -> AnswerItem:
    kind = data.get("kind", "")
    value = data.get("value")
    attachments = [
        {"name": a.get("name", ""), "sha256": a.get("sha256", ""), "short": (a.get("sha256") or "")[:SHORT_SHA]}
        for a in data.get("attachments") or ()
    ]
    item = AnswerItem(
        key=key,
        label=data.get("label", key),
        kind=kind,
        display=data.get("display", ""),
        value=value,
        answered=bool(attachments) if kind == "file" else value not in (None, "", []),
        position=(question.position, question.pk) if question is not None else (10_000, data.get("question_id") or 0),
        attachments=attachments,
    )
    if kind == "table" and isinstance(value, list) and value:
        item.columns, item.rows = _table(question, value)
    return item


def submission_sections(submission: Submission) -> list[Section]:
    """The answers grouped as on the form: general questions first, then the eight parameters in model order."""
    answers: dict[str, dict[str, Any]] = submission.snapshot.get("answers", {})
    ids = [a["question_id"] for a in answers.values() if a.get("question_id")]
    questions = {q.pk: q for q in FormQuestion.objects.filter(pk__in=ids).only("id", "position", "columns")}
    grouped: dict[str, list[AnswerItem]] = {}
    for key, data in answers.items():
        parameter = data.get("parameter") or GENERAL
        grouped.setdefault(parameter, []).append(_item(key, data, questions.get(int(data.get("question_id") or 0))))
    order = [(GENERAL, GENERAL_LABEL)] + [(p.value, SUPPLIER_PARAMETER_LABELS[p]) for p in SUPPLIER_PARAMETERS]
    known = {p for p, _label in order}
    # A parameter the model no longer knows still gets shown, last, under its stored name.
    order += [(p, p) for p in grouped if p not in known]
    return [
        Section(id=f"afsnit-{parameter}", label=label, items=sorted(grouped[parameter], key=lambda i: i.position))
        for parameter, label in order
        if grouped.get(parameter)
    ]


def _wants_toc(sections: list[Section]) -> bool:
    items = [i for s in sections for i in s.items]
    rows = sum(len(i.rows) for i in items)
    text = sum(len(i.value) for i in items if isinstance(i.value, str))
    return len(sections) > 1 and (rows >= TOC_MIN_TABLE_ROWS or text >= TOC_MIN_TEXT_CHARS)


def _person(user: User | None) -> str:
    return user.display_name if user is not None else ""


def submission_context(submission: Submission, *, toc: bool | None = None) -> dict[str, Any]:
    """Template context of reports/submission.html. `toc=None` adds a contents list when the form is long."""
    form = submission.form
    case = form.case
    sections = submission_sections(submission)
    with_toc = _wants_toc(sections) if toc is None else toc
    submitted_at = timezone.localtime(submission.submitted_at)
    return {
        "kind": "Oplysningsskema",
        "reference": case.reference,
        "submission": submission,
        "submitted_at": submitted_at,
        "submitted_by": _person(submission.submitted_by),
        "case": case,
        "supplier": case.supplier,
        "department": case.department if case.department_id else None,
        "target_group": case.target_group,
        "socialtilsyn": case.socialtilsyn,
        "template": form.template,
        "sections": sections,
        "toc": [{"id": s.id, "label": s.label} for s in sections] if with_toc else [],
    }


def _load(submission: Submission) -> Submission:
    return Submission.objects.select_related(
        "submitted_by",
        "form__template",
        "form__case__supplier",
        "form__case__department__supplier",
        "form__case__target_group",
        "form__case__socialtilsyn",
    ).get(pk=submission.pk)


def submission_pdf_bytes(submission: Submission, *, toc: bool | None = None) -> bytes:
    """The submitted oplysningsskema as a tagged PDF/A-3A: the supplier's copy of what it sent at that time.

    Renders only the submission's snapshot (plus column headings and order from the published template).
    Does not check permissions: the calling view must make sure the user may see this case's form
    (the supplier's own users and the case's consultants and leader).
    """
    submission = _load(submission)
    case = submission.form.case
    return render_pdf(
        TEMPLATE,
        submission_context(submission, toc=toc),
        title=f"Oplysningsskema for {case.subject_name}",
        author=case.supplier.name,
        subject=f"Indsendelse {submission.number} af oplysningsskemaet i sag {case.reference} ({case.target_group})",
    )


def submission_pdf_filename(submission: Submission) -> str:
    return (
        f"Oplysningsskema {submission.form.case.reference} indsendelse {submission.number} "
        f"{date_for_filename(submission.submitted_at)}.pdf"
    )


def submission_pdf_response(*, submission: Submission) -> HttpResponse:
    """The PDF of `submission` as a download. Permission is checked by the calling view, not here.

    Renders in the calling process: web requests ask for the PDF through assessments.services.exports."""
    return pdf_response(submission_pdf_bytes(submission), submission_pdf_filename(submission))
