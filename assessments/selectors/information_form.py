"""Reads of the information form: question specs, the form's answers, what is missing before submission."""

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessments.domain.answers import ColumnSpec, QuestionSpec, is_answered
from assessments.models import (
    Answer,
    Case,
    InformationForm,
)
from targetgroups.models import FormQuestion


def _max_rows(question: FormQuestion) -> int:
    """The question's own row limit, never above the system's (settings.FORM_TABLE_MAX_ROWS)."""
    limit = settings.FORM_TABLE_MAX_ROWS
    return limit if question.max_rows is None else min(question.max_rows, limit)


def spec_for(question: FormQuestion) -> QuestionSpec:
    """The question's rules, with the system's bounds on what one answer may cost (see settings)."""
    return QuestionSpec(
        kind=question.kind,
        required=question.required,
        min_value=question.min_value,
        max_value=question.max_value,
        max_words=question.max_words,
        choices=tuple(question.choices or ()),
        columns=tuple(ColumnSpec.from_json(c) for c in question.columns or ()),
        max_rows=_max_rows(question),
        max_chars=settings.FORM_TEXT_MAX_CHARS,
        max_cell_chars=settings.FORM_TABLE_CELL_MAX_CHARS,
    )


def last_submitted_form(case: Case) -> InformationForm | None:
    """The newest submitted form of an earlier case about the same supplier/department and target group."""
    return (
        InformationForm.objects.filter(
            case__supplier_id=case.supplier_id,
            case__department=case.department,
            case__target_group_id=case.target_group_id,
            submissions__isnull=False,
        )
        .exclude(case=case)
        .order_by("-submitted_at")
        .first()
    )


def editable_question_ids(form: InformationForm) -> set[int] | None:
    """None = every question is editable; a set = only these (during a supplement request)."""
    if form.status == InformationForm.Status.SUPPLEMENT:
        request = form.supplement_requests.filter(answered_at__isnull=True).first()
        if request is not None:
            return set(request.items.values_list("question_id", flat=True))
    return None


def form_answers(form: InformationForm) -> list[Answer]:
    return list(
        form.answers.select_related("question")
        .annotate(live_attachments=Count("attachments", filter=Q(attachments__removed_at__isnull=True)))
        .order_by("question__position", "question__id")
    )


def missing_for_submit(form: InformationForm) -> list[tuple[Answer, str]]:
    """Answers that stop submission, each with the Danish reason."""
    problems = []
    for answer in form_answers(form):
        spec = spec_for(answer.question)
        if answer.carried_over:
            problems.append((answer, _("Bekræft eller ret svaret fra sidste skema.")))
        elif spec.required and not is_answered(
            spec, answer.value, attachment_count=getattr(answer, "live_attachments", 0)
        ):
            problems.append((answer, _("Spørgsmålet skal besvares.")))
    return problems
