"""Reads of the information form: question specs, the form's answers, what is missing before submission."""

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.answers import is_answered
from assessments.domain.workflow import Action, State, TransitionNotAllowed, check_transition
from assessments.models import Answer, Attachment, Case, InformationForm
from assessments.permissions import case_roles
from assessments.selectors.access import case_for
from core.errors import ActionNotAllowed
from targetgroups.domain.questions import ColumnSpec, QuestionSpec
from targetgroups.models import FormQuestion


def case_with_perm_or_404(user: User, pk: int, perm: str, *, only: tuple[str, ...] | None = None) -> Case:
    """A case the user may see and holds `perm` on; 404 for 'absent' and 'not yours' alike.

    `only`: the case's relations the page shows (assessments.selectors.access.case_for)."""
    case = case_for(user, pk, only=only)
    if case is None or not user.has_perm(perm, case):
        raise Http404
    return case


def form_of_case(case: Case) -> InformationForm | None:
    """The case's information form (None before the consultants asked for it), with the case set on it."""
    form = InformationForm.objects.filter(case=case).select_related("template", "requested_by").first()
    if form is not None:
        form.case = case
    return form


def supplier_form_or_404(user: User, pk: int, *, only: tuple[str, ...] | None = None) -> tuple[Case, InformationForm]:
    """The case and its form, for a user of the case's supplier only (everyone else, and no form yet: 404)."""
    case = case_with_perm_or_404(user, pk, "assessments.fill_form", only=only)
    form = form_of_case(case)
    if form is None:
        raise Http404
    return case, form


def supplier_answer_or_404(user: User, pk: int, question_pk: int) -> tuple[Case, InformationForm, Answer]:
    """The case, its form and the answer to one question, for a user of the case's supplier only (everyone
    else, no form yet, no such question: 404). The form rides along with the answer: two queries."""
    case = case_with_perm_or_404(user, pk, "assessments.fill_form", only=())
    answer = (
        Answer.objects.select_related("question", "form__template", "form__requested_by")
        .filter(form__case=case, question_id=question_pk)
        .first()
    )
    if answer is None:
        raise Http404
    form = answer.form
    form.case = case
    return case, form, answer


def answer_or_404(form: InformationForm, question_pk: int) -> Answer:
    return get_object_or_404(Answer.objects.select_related("question"), form=form, question_id=question_pk)


def live_attachment_or_404(form: InformationForm, attachment_pk: int) -> Attachment:
    """An attachment of the form that is not removed."""
    return get_object_or_404(
        Attachment.objects.select_related("answer__question"),
        pk=attachment_pk,
        answer__form=form,
        removed_at__isnull=True,
    )


def attachment_for_download_or_404(user: User, pk: int, attachment_pk: int) -> tuple[Case, Attachment]:
    """An attachment of a case the user may see (removed ones too: earlier submissions cite them)."""
    case = case_with_perm_or_404(user, pk, "assessments.view_case")
    return case, get_object_or_404(Attachment, pk=attachment_pk, answer__form__case=case)


def require_action(user: User, case: Case, action: Action) -> None:
    """Refuse (ActionNotAllowed, the workflow table's Danish reason) unless the user may take the action now."""
    try:
        check_transition(action, State(case.state), case_roles(user, case))
    except TransitionNotAllowed as exc:
        raise ActionNotAllowed(str(exc)) from exc


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


def form_answers(form: InformationForm, *, parameter: str | None = None) -> list[Answer]:
    """The form's answers with their questions and the count of live attachments, in the template's order.

    `parameter`: only the answers to that parameter's questions ("" the general ones)."""
    answers = form.answers.all() if parameter is None else form.answers.filter(question__parameter=parameter)
    return list(
        answers.select_related("question")
        .annotate(live_attachments=Count("attachments", filter=Q(attachments__removed_at__isnull=True)))
        .order_by("question__position", "question__id")
    )


def missing_for_submit(form: InformationForm) -> list[tuple[Answer, str]]:
    """Answers that stop submission, each with the Danish reason."""
    problems: list[tuple[Answer, str]] = []
    for answer in form_answers(form):
        spec = spec_for(answer.question)
        if answer.carried_over:
            problems.append((answer, _("Bekræft eller ret svaret fra sidste skema.")))
        elif spec.required and not is_answered(
            spec, answer.value, attachment_count=getattr(answer, "live_attachments", 0)
        ):
            problems.append((answer, _("Spørgsmålet skal besvares.")))
    return problems
