"""Reads for the supplier's pages of the oplysningsskema: sections, progress, the overview and the review.

A section is the general questions or one of the eight parameters; the pages walk them in the model's order.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.domain.answers import Conflict, Progress, count_words, display_value, progress
from assessments.models import Answer, Attachment, Case, InformationForm, SupplementRequest
from assessments.selectors.information_form import editable_question_ids, form_answers, missing_for_submit, spec_for
from targetgroups.domain.questions import FILE, TABLE, ColumnSpec, QuestionSpec
from targetgroups.models import FormQuestion, GuideCriterion, SupplierParameterChoices
from targetgroups.selectors import guide_parameter_help

GENERAL = "generelt"


@dataclass
class Section:
    slug: str
    title: str
    answers: list[Answer]
    progress: Progress
    carried_over: int

    @property
    def questions(self) -> list[FormQuestion]:
        return [a.question for a in self.answers]


def answers_progress(answers: list[Answer]) -> Progress:
    return progress([(spec_for(a.question), a.value, getattr(a, "live_attachments", 0)) for a in answers])


def section_slug(question: FormQuestion) -> str:
    return question.parameter or GENERAL


def form_sections(answers: list[Answer]) -> list[Section]:
    """General questions first, then the eight parameters in the model's order; empty sections left out."""
    titles = {GENERAL: _("Generelle oplysninger")} | {v: str(label) for v, label in SupplierParameterChoices.choices}
    grouped: dict[str, list[Answer]] = {slug: [] for slug in titles}
    for answer in answers:
        grouped[section_slug(answer.question)].append(answer)
    return [
        Section(
            slug=slug,
            title=titles[slug],
            answers=items,
            progress=answers_progress(items),
            carried_over=sum(1 for a in items if a.carried_over),
        )
        for slug, items in grouped.items()
        if items
    ]


def section_or_404(sections: list[Section], slug: str) -> Section:
    section = next((s for s in sections if s.slug == slug), None)
    if section is None:
        raise Http404
    return section


def section_url(case: Case, slug: str) -> str:
    return reverse("assessments:form_section", args=[case.pk, slug])


def question_url(case: Case, answer: Answer) -> str:
    return f"{section_url(case, section_slug(answer.question))}#q-{answer.question_id}"


def open_supplement(form: InformationForm) -> SupplementRequest | None:
    if form.status != InformationForm.Status.SUPPLEMENT:
        return None
    return (
        form.supplement_requests.filter(answered_at__isnull=True)
        .select_related("created_by")
        .prefetch_related("items__question")
        .first()
    )


def table_rows(question: FormQuestion, value: Any) -> list[list[str]]:
    """A read-only table: the stored rows as display strings per column."""
    if question.kind != TABLE or not value:
        return []
    return [
        [
            display_value(QuestionSpec(kind=c.kind), row.get(c.key)) if row.get(c.key) is not None else "–"
            for c in spec_for(question).columns
        ]
        for row in value
    ]


def overview_context(case: Case, form: InformationForm) -> dict[str, Any]:
    """The form's front page: progress per section, an open supplement request, earlier submissions."""
    answers = form_answers(form)
    sections = form_sections(answers)
    supplement = open_supplement(form)
    by_question = {a.question_id: a for a in answers}
    supplement_items = [
        {"item": item, "url": question_url(case, by_question[item.question_id])}
        for item in (supplement.items.all() if supplement is not None else [])
    ]
    days_left = (form.deadline - timezone.localdate()).days
    return {
        "case": case,
        "form": form,
        "sections": sections,
        "total": answers_progress(answers),
        "carried_over": sum(1 for a in answers if a.carried_over),
        "supplement": supplement,
        "supplement_items": supplement_items,
        "submissions": form.submissions.select_related("submitted_by").order_by("-number"),
        "days_left": days_left,
        "days_overdue": -days_left,
        "first_section": sections[0] if sections else None,
        "status_badge": _status_badge(form),
        "accepted": form.status == InformationForm.Status.ACCEPTED,
    }


def _status_badge(form: InformationForm) -> str:
    """The badge class of the form's status on the overview."""
    if form.status in (InformationForm.Status.SUBMITTED, InformationForm.Status.ACCEPTED):
        return "badge-success"
    if form.status == InformationForm.Status.SUPPLEMENT:
        return "badge-warning"
    return "badge-info"


@dataclass
class QuestionItem:
    """Everything the section page shows about one question."""

    answer: Answer
    editable: bool
    bound: Any = None  # the BoundField, when the question has an input
    errors: list[str] = field(default_factory=list)
    conflict: Conflict | None = None
    revision: int = 0
    supplement_comment: str | None = None
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def question(self) -> FormQuestion:
        return self.answer.question

    @property
    def display(self) -> str:
        return display_value(spec_for(self.question), self.answer.value)

    @property
    def is_file(self) -> bool:
        return self.question.kind == FILE

    @property
    def is_table(self) -> bool:
        return self.question.kind == TABLE

    @property
    def table_rows(self) -> list[list[str]]:
        return table_rows(self.question, self.answer.value)

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        return spec_for(self.question).columns

    @property
    def word_count(self) -> int:
        value = self.bound.value() if self.bound is not None else self.answer.value
        return count_words(value) if isinstance(value, str) else 0


@dataclass
class SectionPage:
    """One section of the form as the supplier sees it; the view binds the editable questions to inputs."""

    case: Case
    form: InformationForm
    sections: list[Section]
    section: Section
    editable: list[FormQuestion]
    supplement: SupplementRequest | None
    comments: dict[int, str]
    attachments: dict[int, list[Attachment]]
    parameter_help: Any

    @property
    def index(self) -> int:
        return self.sections.index(self.section)

    @property
    def previous(self) -> Section | None:
        return self.sections[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Section | None:
        return self.sections[self.index + 1] if self.index + 1 < len(self.sections) else None


def section_answers(form: InformationForm, slug: str) -> tuple[list[Section], Section]:
    """The form's sections and the one named by slug (404 when the form has no such section)."""
    sections = form_sections(form_answers(form))
    return sections, section_or_404(sections, slug)


def _with_criteria(answers: list[Answer]) -> None:
    """Load the questions again with the guide's criteria (the help beside each question)."""
    criteria = GuideCriterion.objects.select_related("guide_parameter").order_by("guide_parameter__id", "level")
    questions = {
        q.pk: q
        for q in FormQuestion.objects.filter(pk__in=[a.question_id for a in answers]).prefetch_related(
            Prefetch("criteria", queryset=criteria)
        )
    }
    for answer in answers:
        answer.question = questions[answer.question_id]


def section_page(case: Case, form: InformationForm, slug: str) -> SectionPage:
    sections, section = section_answers(form, slug)
    allowed = editable_question_ids(form)
    supplement = open_supplement(form)
    _with_criteria(section.answers)
    attachments: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(
        answer__in=[a for a in section.answers if a.question.kind == FILE], removed_at__isnull=True
    ).select_related("uploaded_by"):
        attachments.setdefault(att.answer_id, []).append(att)
    return SectionPage(
        case=case,
        form=form,
        sections=sections,
        section=section,
        editable=[
            a.question for a in section.answers if form.is_editable and (allowed is None or a.question_id in allowed)
        ],
        supplement=supplement,
        comments={item.question_id: item.comment for item in supplement.items.all()} if supplement else {},
        attachments=attachments,
        # Plain-language help for the parameter, from the guide version the case is bound to.
        parameter_help=guide_parameter_help(guide_id=case.guide_id, parameter=section.slug)
        if section.slug != GENERAL
        else None,
    )


def section_progress(form: InformationForm, question: FormQuestion) -> Progress:
    """Progress of the section a question belongs to (autosave reports it after each save)."""
    return answers_progress(form_answers(form, parameter=question.parameter))


def review_context(case: Case, form: InformationForm) -> dict[str, Any]:
    """The review page before submitting: every answer by section, and what still stops the submission."""
    answers = form_answers(form)
    attachments: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(answer__form=form, removed_at__isnull=True):
        attachments.setdefault(att.answer_id, []).append(att)
    missing = [
        {"answer": a, "reason": reason, "url": question_url(case, a)}
        for a, reason in (missing_for_submit(form) if form.is_editable else [])
    ]
    rows = [
        {
            "section": s,
            "answers": [
                {
                    "answer": a,
                    "display": display_value(spec_for(a.question), a.value),
                    "attachments": attachments.get(a.pk, []),
                    "table": table_rows(a.question, a.value) if a.question.kind == TABLE else None,
                }
                for a in s.answers
            ],
        }
        for s in form_sections(answers)
    ]
    return {
        "case": case,
        "form": form,
        "sections": rows,
        "missing": missing,
        "last_submission": form.submissions.order_by("-number").first(),
    }
