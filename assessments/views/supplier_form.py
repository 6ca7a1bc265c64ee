"""The supplier's pages of the oplysningsskema: overview, one page per section, review and submit.

Thin views: they read what the browser sent, call one selector or service and render. Every page answers
404 to anyone who is not a user of the case's supplier, so the URLs reveal nothing about other suppliers'
cases. Autosave lives in supplier_autosave, files in supplier_attachments.

Without JavaScript every page works by ordinary form posts ("Gem og fortsæt"); static/js/autosave.js
adds saving per answer as the supplier types, with unsent edits kept in the browser until they reach us.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from assessments.domain.answers import SectionOutcome
from assessments.forms.information_form import SectionForm, field_name, file_field_name
from assessments.models import Attachment, Case, InformationForm
from assessments.selectors.information_form import supplier_form_or_404
from assessments.selectors.supplier_form import (
    QuestionItem,
    Section,
    SectionPage,
    overview_context,
    review_context,
    section_answers,
    section_page,
    section_url,
)
from assessments.services.form_section import section_save
from assessments.services.information_form import form_submit
from assessments.views.autosave_texts import autosave_texts
from core.errors import ActionForm, errors_onto
from crispy_dkfds.templatetags.crispy_dkfds import dkfds_anchor
from targetgroups.domain.questions import FILE, TABLE
from targetgroups.models import FormQuestion


@login_required
def form_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, form = supplier_form_or_404(request.user, pk)
    return render(request, "assessments/supplier/overview.html", overview_context(case, form))


# --- one section: the page --------------------------------------------------------------------------------


def _bound_form(page: SectionPage, data: QueryDict | None, outcome: SectionOutcome, more_rows: set[int]) -> SectionForm:
    """The section's editable questions as inputs, with what was posted and the service's messages on them."""
    section_form = SectionForm(
        data, None, questions=page.editable, initial_values={a.question_id: a.value for a in page.section.answers}
    )
    for question in page.editable:
        if question.pk in more_rows:
            section_form.show_more_rows(question)
        if question.kind != FILE:
            for message in outcome.errors.get(question.pk, []):
                section_form.add_error(field_name(question), message)
            if question.pk in outcome.cell_errors:
                section_form.set_cell_errors(question, outcome.cell_errors[question.pk])
    return section_form


def _items(
    page: SectionPage, section_form: SectionForm, data: QueryDict | None, outcome: SectionOutcome
) -> list[QuestionItem]:
    editable_ids = {q.pk for q in page.editable}
    items = []
    for answer in page.section.answers:
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
                supplement_comment=page.comments.get(q.pk),
                attachments=page.attachments.get(answer.pk, []),
            )
        )
    return items


def _anchor(section_form: SectionForm, question: FormQuestion) -> str:
    if question.kind == FILE:
        return file_field_name(question)
    if question.kind == TABLE:
        return f"id_{field_name(question)}-0-{question.columns[0]['key']}" if question.columns else ""
    return dkfds_anchor(section_form[field_name(question)])


def _error_summary(
    items: list[QuestionItem], section_form: SectionForm, outcome: SectionOutcome
) -> list[tuple[str, str]]:
    """Every message of the page, each linking to its input; cell errors of tables link to their cell."""
    summary: list[tuple[str, str]] = []
    for q in (item.question for item in items):
        for message in outcome.errors.get(q.pk, []):
            summary.append((_anchor(section_form, q), f"{q.label}: {message}"))
        for (row, column), message in sorted(outcome.cell_errors.get(q.pk, {}).items()):
            text = _("%(q)s, række %(n)d: %(msg)s") % {"q": q.label, "n": row + 1, "msg": message}
            summary.append((f"id_{field_name(q)}-{row}-{column}", text))
        if q.pk in outcome.conflicts:
            summary.append((f"conflict-{q.pk}", _("«%(q)s» er ændret af en anden, mens du skrev.") % {"q": q.label}))
    return summary


def _section_context(
    case: Case,
    form: InformationForm,
    slug: str,
    *,
    data: QueryDict | None = None,
    outcome: SectionOutcome | None = None,
    more_rows: set[int] | None = None,
) -> dict[str, Any]:
    page = section_page(case, form, slug)
    outcome = outcome or SectionOutcome()
    section_form = _bound_form(page, data, outcome, more_rows or set())
    items = _items(page, section_form, data, outcome)
    return {
        "case": case,
        "form": form,
        "section": page.section,
        "sections": page.sections,
        "previous": page.previous,
        "next": page.next,
        "position": page.index + 1,
        "items": items,
        "section_form": section_form,
        "error_summary": _error_summary(items, section_form, outcome),
        "supplement": page.supplement,
        "any_editable": bool(page.editable),
        "autosave_texts": autosave_texts(),
        "parameter_help": page.parameter_help,
    }


# --- one section: saving it -------------------------------------------------------------------------------


def _report(request: AuthenticatedHttpRequest, outcome: SectionOutcome) -> None:
    for name in outcome.uploaded:
        messages.success(request, _("Filen «%(name)s» er uploadet.") % {"name": name})
    if outcome.confirmed:
        messages.success(request, _("Svaret er bekræftet."))
    if outcome.removed is not None:
        messages.success(request, _("Filen «%(name)s» er fjernet.") % {"name": outcome.removed})


def _more_rows(request: AuthenticatedHttpRequest, focus: int | None) -> tuple[set[int], int | None]:
    """The table that asked for more empty rows ("Tilføj rækker", without JavaScript), which gets the focus."""
    add_rows = request.POST.get("add_rows", "")
    if add_rows.startswith("q") and add_rows[1:].isdigit():
        return {int(add_rows[1:])}, int(add_rows[1:])
    return set(), focus


def _after_save(
    request: AuthenticatedHttpRequest,
    case: Case,
    sections: list[Section],
    section: Section,
    focus: int | None,
    more_rows: set[int],
) -> HttpResponse:
    """Where a saved section goes: back to the question asked about, the same page, or the next section."""
    url = section_url(case, section.slug)
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
        return redirect(section_url(case, sections[index + 1].slug))
    return redirect("assessments:form_submit", case.pk)


def section_post(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: InformationForm,
    slug: str,
    *,
    focus: int | None = None,
    confirm: FormQuestion | None = None,
    remove: Attachment | None = None,
    upload: FormQuestion | None = None,
) -> HttpResponse:
    """Save the section (section_save), then do the one extra thing the pressed button asked for."""
    sections, section = section_answers(form, slug)
    posted = SectionForm(request.POST, request.FILES, questions=section.questions, initial_values={})
    outcome = section_save(
        form=form,
        answers=section.answers,
        posted=posted.section_input(),
        user=request.user,
        confirm=confirm,
        remove=remove,
        upload=upload,
    )
    _report(request, outcome)
    more_rows, focus = _more_rows(request, focus)
    if not outcome.ok:
        context = _section_context(case, form, slug, data=request.POST, outcome=outcome, more_rows=more_rows)
        return render(request, "assessments/supplier/section.html", context)
    return _after_save(request, case, sections, section, focus, more_rows)


@login_required
@require_http_methods(["GET", "POST"])
def form_section(request: AuthenticatedHttpRequest, pk: int, section: str) -> HttpResponse:
    case, form = supplier_form_or_404(request.user, pk, only=())  # the page shows the case's reference only
    if request.method == "POST":
        return section_post(request, case, form, section)
    more = request.GET.get("flere", "")
    context = _section_context(case, form, section, more_rows={int(more)} if more.isdigit() else set())
    return render(request, "assessments/supplier/section.html", context)


# --- review and submit ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def form_review_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, form = supplier_form_or_404(request.user, pk)
    action = ActionForm(request.POST if request.method == "POST" else None)
    if action.is_bound:
        with errors_onto(action):
            submission = form_submit(form=form, user=request.user)
        if not action.errors:
            when = date_format(timezone.localtime(submission.submitted_at), "DATETIME_FORMAT")
            text = _("Skemaet er indsendt %(when)s. Socialtilsynet har fået besked.") % {"when": when}
            messages.success(request, text)
            return redirect("assessments:form_fill", case.pk)
        form.refresh_from_db()
    context = review_context(case, form)
    context["submit_error"] = (
        " ".join(str(e) for e in action.non_field_errors()) if action.is_bound and action.errors else None
    )
    return render(request, "assessments/supplier/review.html", context)
