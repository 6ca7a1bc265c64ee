"""The supplier's pages of the oplysningsskema: overview, one page per section, autosave, uploads, review.

Thin views: they read what the browser sent, call assessments.services.information_form and render. Every page
answers 404 to anyone who is not a user of the case's supplier (the downloads: anyone who may not see
the case), so the URLs reveal nothing about other suppliers' cases.

Without JavaScript every page works by ordinary form posts ("Gem og fortsæt"); static/js/autosave.js
adds saving per answer as the supplier types, with unsent edits kept in the browser until they reach us.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from assessments.domain.answers import (
    FILE,
    TABLE,
    Progress,
    QuestionSpec,
    count_words,
    display_value,
    parse_answer,
    progress,
)
from assessments.forms.information_form import SectionForm, field_name, file_field_name, is_blank_row
from assessments.models import Answer, Attachment, Case, InformationForm
from assessments.selectors.cases import case_for
from assessments.selectors.information_form import editable_question_ids, form_answers, missing_for_submit, spec_for
from assessments.services.information_form import (
    Conflict,
    SaveResult,
    answer_confirm,
    answer_save,
    attachment_add,
    attachment_remove,
    form_submit,
)
from audit.services import audit_download
from privacy.text import cpr_check
from targetgroups.models import FormQuestion, GuideCriterion, SupplierParameterChoices
from targetgroups.selectors import guide_parameter_help

GENERAL = "generelt"


# --- loading ------------------------------------------------------------------------------------------------


def _case_or_404(request: HttpRequest, pk: int, perm: str) -> Case:
    case = case_for(request.user, pk)
    if case is None or not request.user.has_perm(perm, case):
        raise Http404
    return case


def _supplier_form(request: HttpRequest, pk: int) -> tuple[Case, InformationForm]:
    """The case and its form, for a user of the case's supplier only (everyone else: 404)."""
    case = _case_or_404(request, pk, "assessments.fill_form")
    form = InformationForm.objects.filter(case=case).select_related("template", "requested_by").first()
    if form is None:
        raise Http404
    form.case = case
    return case, form


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- sections -----------------------------------------------------------------------------------------------


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


def _progress(answers: list[Answer]) -> Progress:
    return progress([(spec_for(a.question), a.value, getattr(a, "live_attachments", 0)) for a in answers])


def _sections(answers: list[Answer]) -> list[Section]:
    """General questions first, then the eight parameters in the model's order; empty sections left out."""
    titles = {GENERAL: _("Generelle oplysninger")} | {v: str(label) for v, label in SupplierParameterChoices.choices}
    grouped: dict[str, list[Answer]] = {slug: [] for slug in titles}
    for answer in answers:
        grouped[answer.question.parameter or GENERAL].append(answer)
    return [
        Section(
            slug=slug,
            title=titles[slug],
            answers=items,
            progress=_progress(items),
            carried_over=sum(1 for a in items if a.carried_over),
        )
        for slug, items in grouped.items()
        if items
    ]


def _section_url(case: Case, slug: str) -> str:
    return reverse("assessments:form_section", args=[case.pk, slug])


def _open_supplement(form: InformationForm):
    if form.status != InformationForm.Status.SUPPLEMENT:
        return None
    return (
        form.supplement_requests.filter(answered_at__isnull=True)
        .select_related("created_by")
        .prefetch_related("items__question")
        .first()
    )


def _section_for_question(sections: list[Section], question_pk: int) -> Section:
    for section in sections:
        if any(a.question_id == question_pk for a in section.answers):
            return section
    raise Http404


# --- the overview -------------------------------------------------------------------------------------------


@login_required
def form_overview(request: HttpRequest, pk: int) -> HttpResponse:
    case, form = _supplier_form(request, pk)
    answers = form_answers(form)
    sections = _sections(answers)
    supplement = _open_supplement(form)
    supplement_items = []
    if supplement is not None:
        slug_of = {a.question_id: (a.question.parameter or GENERAL) for a in answers}
        supplement_items = [
            {"item": item, "url": f"{_section_url(case, slug_of[item.question_id])}#q-{item.question_id}"}
            for item in supplement.items.all()
        ]
    days_left = (form.deadline - timezone.localdate()).days
    return render(
        request,
        "assessments/supplier/overview.html",
        {
            "case": case,
            "form": form,
            "sections": sections,
            "total": _progress(answers),
            "carried_over": sum(1 for a in answers if a.carried_over),
            "supplement": supplement,
            "supplement_items": supplement_items,
            "submissions": form.submissions.select_related("submitted_by").order_by("-number"),
            "days_left": days_left,
            "days_overdue": -days_left,
            "first_section": sections[0] if sections else None,
        },
    )


# --- one section --------------------------------------------------------------------------------------------


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
    def table_rows(self) -> list[dict]:
        """A read-only table: the stored rows as display strings per column."""
        if not self.is_table or not self.answer.value:
            return []
        spec = spec_for(self.question)
        return [
            [
                display_value(QuestionSpec(kind=c.kind), row.get(c.key)) if row.get(c.key) is not None else "–"
                for c in spec.columns
            ]
            for row in self.answer.value
        ]

    @property
    def columns(self):
        return spec_for(self.question).columns

    @property
    def word_count(self) -> int:
        value = self.bound.value() if self.bound is not None else self.answer.value
        return count_words(value) if isinstance(value, str) else 0


@dataclass
class SectionOutcome:
    """What one POST of a section did: per question, the errors and conflicts to show; new revisions."""

    errors: dict[int, list[str]] = field(default_factory=dict)
    cell_errors: dict[int, dict[tuple[int, str], str]] = field(default_factory=dict)
    conflicts: dict[int, Conflict] = field(default_factory=dict)
    revisions: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cell_errors and not self.conflicts


def _section_context(request, case, form, slug: str, *, data=None, files=None, outcome=None, more_rows=()):
    answers = form_answers(form)
    sections = _sections(answers)
    index = next((i for i, s in enumerate(sections) if s.slug == slug), None)
    if index is None:
        raise Http404
    section = sections[index]
    allowed = editable_question_ids(form)
    supplement = _open_supplement(form)
    comments = {item.question_id: item.comment for item in supplement.items.all()} if supplement else {}
    editable = [
        a.question for a in section.answers if form.is_editable and (allowed is None or a.question_id in allowed)
    ]
    criteria = GuideCriterion.objects.select_related("guide_parameter").order_by("guide_parameter__id", "level")
    questions = {
        q.pk: q
        for q in FormQuestion.objects.filter(pk__in=[a.question_id for a in section.answers]).prefetch_related(
            Prefetch("criteria", queryset=criteria)
        )
    }
    for answer in section.answers:
        answer.question = questions[answer.question_id]
    attachments: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(
        answer__in=[a for a in section.answers if a.question.kind == FILE], removed_at__isnull=True
    ).select_related("uploaded_by"):
        attachments.setdefault(att.answer_id, []).append(att)

    section_form = SectionForm(
        data, files, questions=editable, initial_values={a.question_id: a.value for a in section.answers}
    )
    outcome = outcome or SectionOutcome()
    for question in editable:
        if question.pk in more_rows:
            section_form.show_more_rows(question)
        if question.kind != FILE:
            for message in outcome.errors.get(question.pk, []):
                section_form.add_error(field_name(question), message)
            if question.pk in outcome.cell_errors:
                section_form.set_cell_errors(question, outcome.cell_errors[question.pk])
    editable_ids = {q.pk for q in editable}
    items = []
    for answer in section.answers:
        q = answer.question
        posted_rev = data.get(f"rev-{field_name(q)}") if data is not None else None
        items.append(
            QuestionItem(
                answer=answer,
                editable=q.pk in editable_ids,
                bound=section_form[field_name(q)] if q.pk in editable_ids and q.kind != FILE else None,
                errors=outcome.errors.get(q.pk, []) if q.kind == FILE else [],
                conflict=outcome.conflicts.get(q.pk),
                revision=outcome.revisions.get(q.pk, int(posted_rev) if posted_rev else answer.revision),
                supplement_comment=comments.get(q.pk),
                attachments=attachments.get(answer.pk, []),
            )
        )
    # The error summary lists cell errors of tables too, each linking to its cell.
    summary = []
    for item in items:
        q = item.question
        for message in outcome.errors.get(q.pk, []):
            anchor = f"{file_field_name(q)}" if q.kind == FILE else _anchor(section_form, q)
            summary.append((anchor, f"{q.label}: {message}"))
        for (row, column), message in sorted(outcome.cell_errors.get(q.pk, {}).items()):
            summary.append(
                (
                    f"id_{field_name(q)}-{row}-{column}",
                    _("%(q)s, række %(n)d: %(msg)s") % {"q": q.label, "n": row + 1, "msg": message},
                )
            )
        if q.pk in outcome.conflicts:
            summary.append((f"conflict-{q.pk}", _("«%(q)s» er ændret af en anden, mens du skrev.") % {"q": q.label}))
    return {
        "case": case,
        "form": form,
        "section": section,
        "sections": sections,
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "position": index + 1,
        "items": items,
        "section_form": section_form,
        "error_summary": summary,
        "supplement": supplement,
        "any_editable": bool(editable),
        "autosave_texts": _autosave_texts(),
        # Plain-language help for the parameter, from the guide version the case is bound to.
        "parameter_help": guide_parameter_help(guide_id=case.guide_id, parameter=section.slug)
        if section.slug != GENERAL
        else None,
    }


def _autosave_texts() -> dict[str, str]:
    """The words autosave.js shows, translated here so the script carries no language of its own."""
    return {
        "saving": _("Gemmer …"),
        "saved": _("Gemt kl. %(time)s"),
        "unsaved": _("Ændret – gemmes om lidt"),
        "confirmed": _("Svaret er bekræftet"),
        "offline": _("Ikke gemt endnu – vi prøver igen, så snart der er forbindelse. Ændringen er gemt i browseren."),
        "logged_out": _(
            "Ikke gemt – du er måske blevet logget ud. Log ind igen i en ny fane; ændringen er gemt i browseren."
        ),
        "not_saved_error": _("Ikke gemt – ret fejlen ovenfor."),
        "not_saved_conflict": _("Ikke gemt – en anden har ændret svaret. Vælg nedenfor, hvilket svar der skal gælde."),
        "error_prefix": _("Fejl:"),
        "conflict_heading": _("En anden har gemt et andet svar, mens du skrev"),
        "your_value": _("Din værdi"),
        "saved_by": _("Gemt af %(who)s kl. %(when)s"),
        "colleague": _("en kollega"),
        "keep_mine": _("Behold min"),
        "use_saved": _("Brug den gemte"),
        "progress": _("%(answered)s af %(required)s obligatoriske svar"),
        "no_required": _("Ingen obligatoriske spørgsmål"),
        # A context of its own: the template uses "%(n)s ord" as a plural, the script has no count to pluralise.
        "words": pgettext("autosave", "%(n)s ord"),
        "words_of": _("%(n)s af højst %(max)s ord"),
        "incomplete_row": _(
            "Række %(rows)s er ikke udfyldt helt. Den ligger i browseren indtil videre "
            "og gemmes, så snart rækken er udfyldt."
        ),
        "incomplete_rows": _(
            "Række %(rows)s er ikke udfyldt helt. De ligger i browseren indtil videre "
            "og gemmes, så snart rækkerne er udfyldt."
        ),
        "and": pgettext("list", "og"),
        "cell_required": _("Udfyld «%(label)s»."),
        "restored_rows": _(
            "Vi har sat halvt udfyldte tabelrækker ind igen fra browseren. De gemmes, så snart rækkerne er udfyldt."
        ),
        "restored": _(
            "Vi har fundet %(n)s ændring(er), der ikke nåede frem sidst, og sat dem ind igen. De bliver gemt nu."
        ),
    }


def _anchor(section_form: SectionForm, question: FormQuestion) -> str:
    from crispy_dkfds.templatetags.crispy_dkfds import dkfds_anchor

    if question.kind == TABLE:
        return f"id_{field_name(question)}-0-{question.columns[0]['key']}" if question.columns else ""
    return dkfds_anchor(section_form[field_name(question)])


def _outcome_of_save(outcome: SectionOutcome, question: FormQuestion, raw: Any, result: SaveResult) -> None:
    if result.parsed.errors:
        outcome.errors[question.pk] = list(result.parsed.errors)
    if result.parsed.cell_errors:
        # The parser counts only the rows that hold something; the page counts every row it showed.
        shown = [i for i, row in enumerate(raw) if not is_blank_row(row)]
        outcome.cell_errors[question.pk] = {(shown[r], c): m for (r, c), m in result.parsed.cell_errors.items()}
    if result.conflict is not None:
        outcome.conflicts[question.pk] = result.conflict
    if result.saved:
        outcome.revisions[question.pk] = result.answer.revision


def _save_section(request, form: InformationForm, section: Section, *, confirm_pk: int | None = None) -> SectionOutcome:
    """Save every editable answer of the section from the POST, and any file chosen in it.

    A carried-over answer posted back unchanged stays carried over: only the supplier's explicit
    confirmation (or a change) clears the mark.
    """
    outcome = SectionOutcome()
    allowed = editable_question_ids(form)
    editable = [a for a in section.answers if allowed is None or a.question_id in allowed]
    section_form = SectionForm(request.POST, request.FILES, questions=[a.question for a in editable], initial_values={})
    force = request.POST.get("force")
    for answer in editable:
        question = answer.question
        if question.kind == FILE:
            upload = request.FILES.get(file_field_name(question))
            if upload is not None:
                try:
                    attachment_add(form=form, question=question, upload=upload, user=request.user)
                except ValidationError as error:
                    outcome.errors[question.pk] = error.messages
                else:
                    messages.success(request, _("Filen «%(name)s» er uploadet.") % {"name": upload.name})
            continue
        raw = section_form.raw(question)
        if answer.carried_over and question.pk != confirm_pk:
            parsed = parse_answer(spec_for(question), raw, text_check=cpr_check)
            if parsed.ok and parsed.value == answer.value:
                continue
        try:
            expected = int(request.POST.get(f"rev-{field_name(question)}", answer.revision))
        except ValueError:
            expected = -1
        result = answer_save(
            form=form,
            question=question,
            raw=raw,
            user=request.user,
            expected_revision=expected,
            force=force == str(question.pk),
        )
        _outcome_of_save(outcome, question, raw, result)
    return outcome


def _handle_section_post(
    request,
    case: Case,
    form: InformationForm,
    slug: str,
    *,
    confirm: FormQuestion | None = None,
    remove: Attachment | None = None,
    upload: FormQuestion | None = None,
    focus: int | None = None,
) -> HttpResponse:
    """Save the section, then do the one extra thing the pressed button asked for."""
    if not form.is_editable:
        messages.error(request, _("Skemaet er indsendt og kan ikke ændres nu."))
        return redirect("assessments:form_fill", case.pk)
    sections = _sections(form_answers(form))
    section = next((s for s in sections if s.slug == slug), None)
    if section is None:
        raise Http404
    outcome = _save_section(request, form, section, confirm_pk=confirm.pk if confirm else None)
    if upload is not None and file_field_name(upload) not in request.FILES:
        outcome.errors.setdefault(upload.pk, []).append(_("Vælg en fil, før du trykker «Upload fil»."))
    try:
        if confirm is not None and confirm.pk not in outcome.errors and confirm.pk not in outcome.conflicts:
            answer_confirm(form=form, question=confirm, user=request.user)
            messages.success(request, _("Svaret er bekræftet."))
        if remove is not None:
            attachment_remove(attachment=remove, user=request.user)
            messages.success(request, _("Filen «%(name)s» er fjernet.") % {"name": remove.original_name})
    except PermissionDenied as error:
        messages.error(request, str(error))
    more_rows = set()
    add_rows = request.POST.get("add_rows", "")
    if add_rows.startswith("q") and add_rows[1:].isdigit():
        more_rows.add(int(add_rows[1:]))
        focus = int(add_rows[1:])
    if not outcome.ok:
        context = _section_context(request, case, form, slug, data=request.POST, outcome=outcome, more_rows=more_rows)
        return render(request, "assessments/supplier/section.html", context)
    url = _section_url(case, slug)
    if more_rows:
        return redirect(f"{url}?flere={focus}#q-{focus}")
    if focus is not None or request.POST.get("force"):
        return redirect(f"{url}#q-{focus or request.POST.get('force')}")
    if request.POST.get("action") == "save_stay":
        messages.success(request, _("Svarene er gemt."))
        return redirect(url)
    messages.success(request, _("Svarene i «%(section)s» er gemt.") % {"section": section.title})
    index = sections.index(section)
    if index + 1 < len(sections):
        return redirect(_section_url(case, sections[index + 1].slug))
    return redirect("assessments:form_submit", case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def form_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    case, form = _supplier_form(request, pk)
    if request.method == "POST":
        return _handle_section_post(request, case, form, section)
    more = request.GET.get("flere", "")
    context = _section_context(request, case, form, section, more_rows={int(more)} if more.isdigit() else set())
    return render(request, "assessments/supplier/section.html", context)


# --- single answers: autosave and confirm -------------------------------------------------------------------


def _answer_or_404(form: InformationForm, question_pk: int) -> Answer:
    return get_object_or_404(Answer.objects.select_related("question"), form=form, question_id=question_pk)


def _conflict_json(conflict: Conflict) -> dict:
    saved_at = timezone.localtime(conflict.saved_at) if conflict.saved_at else None
    return {
        "current_display": conflict.current_display,
        "current_revision": conflict.current_revision,
        "saved_by": conflict.saved_by,
        "saved_at": date_format(saved_at, "TIME_FORMAT") if saved_at else "",
        "saved_on": date_format(saved_at, "MONTH_DAY_FORMAT") if saved_at else "",
        "your_display": conflict.your_display,
    }


@login_required
@require_POST
def answer_autosave(request: HttpRequest, pk: int, question_pk: int) -> JsonResponse:
    """Save one answer sent by autosave.js. 200 saved, 409 conflict (both values), 422 refused, 403 locked.

    The body is the section's inputs for this one question, form-encoded, plus `revision` (what the page
    last saw) and `force=1` when the supplier chose to keep their own value after a conflict.
    """
    _case, form = _supplier_form(request, pk)
    answer = _answer_or_404(form, question_pk)
    question = answer.question
    if question.kind == FILE:
        raise Http404
    section_form = SectionForm(request.POST, questions=[question], initial_values={})
    raw = section_form.raw(question)
    try:
        expected = int(request.POST.get("revision", ""))
    except ValueError:
        expected = -1
    try:
        result = answer_save(
            form=form,
            question=question,
            raw=raw,
            user=request.user,
            expected_revision=expected,
            force=request.POST.get("force") == "1",
        )
    except PermissionDenied as error:
        return JsonResponse({"saved": False, "errors": [str(error)], "locked": True}, status=403)
    outcome = SectionOutcome()
    _outcome_of_save(outcome, question, raw, result)
    answers = form_answers(form)
    section_answers = [a for a in answers if (a.question.parameter or GENERAL) == (question.parameter or GENERAL)]
    section_progress = _progress(section_answers)
    saved_at = timezone.localtime(result.answer.updated_at)
    body = {
        "saved": result.saved,
        "revision": result.answer.revision,
        "carried_over": result.answer.carried_over,
        "saved_at": date_format(saved_at, "TIME_FORMAT"),
        "errors": outcome.errors.get(question.pk, []),
        "cell_errors": [
            {"row": row, "column": column, "message": message}
            for (row, column), message in sorted(outcome.cell_errors.get(question.pk, {}).items())
        ],
        "conflict": _conflict_json(result.conflict) if result.conflict else None,
        "progress": {
            "answered": section_progress.answered,
            "required": section_progress.required,
            "percent": section_progress.percent,
        },
    }
    status = 200 if result.saved else 409 if result.conflict else 422
    return JsonResponse(body, status=status)


@login_required
@require_POST
def answer_confirm_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Confirm a carried-over answer. From the section page's form it also saves the rest of the section."""
    case, form = _supplier_form(request, pk)
    answer = _answer_or_404(form, question_pk)
    if _wants_json(request):
        try:
            answer = answer_confirm(form=form, question=answer.question, user=request.user)
        except PermissionDenied as error:
            return JsonResponse({"saved": False, "errors": [str(error)]}, status=403)
        return JsonResponse({"saved": True, "revision": answer.revision, "carried_over": answer.carried_over})
    slug = answer.question.parameter or GENERAL
    return _handle_section_post(request, case, form, slug, confirm=answer.question, focus=question_pk)


# --- files --------------------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Upload a file to a file question (the section's other answers are saved with it)."""
    case, form = _supplier_form(request, pk)
    answer = _answer_or_404(form, question_pk)
    if answer.question.kind != FILE:
        raise Http404
    slug = answer.question.parameter or GENERAL
    return _handle_section_post(request, case, form, slug, upload=answer.question, focus=question_pk)


@login_required
@require_POST
def attachment_remove_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case, form = _supplier_form(request, pk)
    attachment = get_object_or_404(
        Attachment.objects.select_related("answer__question"),
        pk=attachment_pk,
        answer__form=form,
        removed_at__isnull=True,
    )
    slug = attachment.answer.question.parameter or GENERAL
    return _handle_section_post(request, case, form, slug, remove=attachment, focus=attachment.answer.question_id)


# Attachment.content_type holds the kind privacy.files proved from the content ("pdf", "png", …).
MIME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Stream an attachment from private storage to anyone who may see the case (nobody else: 404)."""
    case = _case_or_404(request, pk, "assessments.view_case")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, answer__form__case=case)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_download(
        actor=request.user, case=case, obj=attachment, filename=attachment.original_name, action="attachment_download"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=MIME_TYPES.get(attachment.content_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- review and submit --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def form_review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case, form = _supplier_form(request, pk)
    submit_error = None
    if request.method == "POST":
        try:
            submission = form_submit(form=form, user=request.user)
        except ValidationError as error:
            submit_error = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Skemaet er indsendt %(when)s. Socialtilsynet har fået besked.")
                % {"when": date_format(timezone.localtime(submission.submitted_at), "DATETIME_FORMAT")},
            )
            return redirect("assessments:form_fill", case.pk)
        form.refresh_from_db()
    answers = form_answers(form)
    sections = _sections(answers)
    attachments: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(answer__form=form, removed_at__isnull=True):
        attachments.setdefault(att.answer_id, []).append(att)
    slug_of = {a.question_id: (a.question.parameter or GENERAL) for a in answers}
    missing = [
        {"answer": a, "reason": reason, "url": f"{_section_url(case, slug_of[a.question_id])}#q-{a.question_id}"}
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
                    "table": QuestionItem(answer=a, editable=False).table_rows if a.question.kind == TABLE else None,
                }
                for a in s.answers
            ],
        }
        for s in sections
    ]
    return render(
        request,
        "assessments/supplier/review.html",
        {
            "case": case,
            "form": form,
            "sections": rows,
            "missing": missing,
            "submit_error": submit_error,
            "last_submission": form.submissions.order_by("-number").first(),
        },
    )
