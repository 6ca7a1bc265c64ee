"""The fagadministrator's pages for form templates (oplysningsskemaer): versions, questions, publication.

Thin views: parse the request, call a selector or a service, render. Every page is for fagadministrators
only; a published version is shown read-only and every change goes to a draft (a change asked of a published
version answers the 403 page with the reason).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.errors import ActionForm, ActionNotAllowed, errors_onto

from .forms import KIND_HINTS, FormTemplateForm, PublishForm, QuestionForm, QuestionKindForm
from .inputs import GENERAL
from .models import FormQuestion, FormTemplate, QuestionKind
from .selectors import (
    form_question_or_404,
    form_template_draft,
    form_template_draft_sources,
    form_template_or_404,
    form_template_problems,
    form_template_published,
    form_template_rows,
    form_template_sections,
    form_template_with_questions,
    guide_criteria_of_template,
    target_group_or_404,
)
from .services import (
    form_question_create,
    form_question_delete,
    form_question_move,
    form_question_update,
    form_template_new_draft,
    form_template_update,
    version_publish,
)


def _require_fagadmin(request: HttpRequest) -> None:
    if not request.user.has_perm("targetgroups.manage_content"):
        raise PermissionDenied


def _detail_url(template: FormTemplate, anchor: str = "") -> str:
    url = reverse("targetgroups:form_template", kwargs={"pk": template.pk})
    return f"{url}#{anchor}" if anchor else url


def _require_draft(template: FormTemplate) -> None:
    if not template.is_draft:
        raise ActionNotAllowed(_("En offentliggjort version kan ikke ændres. Opret en ny kladde for at ændre skemaet."))


@login_required
def form_template_list(request: HttpRequest) -> HttpResponse:
    """Every target group with its published form template, its draft and earlier versions."""
    _require_fagadmin(request)
    return render(request, "targetgroups/form_template_list.html", {"rows": form_template_rows()})


@login_required
def form_template_new_draft_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a draft for a target group: a copy of its newest released version, or an empty one."""
    _require_fagadmin(request)
    target_group = target_group_or_404(pk=pk)
    draft = form_template_draft(target_group=target_group)
    if draft is not None:
        messages.info(request, _("Målgruppen har allerede en kladde. Du kan arbejde videre i den."))
        return redirect(_detail_url(draft))
    source, guide = form_template_draft_sources(target_group=target_group)
    form = ActionForm(request.POST) if request.method == "POST" else ActionForm()
    if request.method == "POST" and (source or guide):
        with errors_onto(form):
            draft = form_template_new_draft(user=request.user, source=source, guide=guide)
        if draft is not None:
            messages.success(request, _("Kladden er oprettet. Ændringerne ses først, når du offentliggør den."))
            return redirect(_detail_url(draft))
    context = {"target_group": target_group, "source": source, "guide": guide, "form": form}
    return render(request, "targetgroups/form_template_new_draft.html", context)


@login_required
def form_template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version grouped by 'Generelt' and the eight parameters; editing controls on drafts only."""
    _require_fagadmin(request)
    template = form_template_with_questions(pk=pk)
    if template is None:
        raise Http404
    draft = template.is_draft
    context = {
        "template": template,
        "sections": form_template_sections(template=template),
        "problems": form_template_problems(template=template) if draft else [],
        "other_draft": None if draft else form_template_draft(target_group=template.target_group),
        "question_count": len(template.questions.all()),
    }
    return render(request, "targetgroups/form_template_detail.html", context)


@login_required
def form_template_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Title, introduction and change note of a draft."""
    _require_fagadmin(request)
    template = form_template_or_404(pk=pk)
    _require_draft(template)
    if request.method == "POST":
        form = FormTemplateForm(request.POST)
        if form.is_valid():
            with errors_onto(form):
                form_template_update(template=template, user=request.user, **form.cleaned_data)
            if not form.errors:
                messages.success(request, _("Skemaets oplysninger er gemt."))
                return redirect(_detail_url(template))
    else:
        form = FormTemplateForm(initial=FormTemplateForm.initial_for(template))
    return render(request, "targetgroups/form_template_edit.html", {"template": template, "form": form})


def _question_saved(
    request: AuthenticatedHttpRequest, form: QuestionForm, *, template: FormTemplate, question: FormQuestion | None
) -> FormQuestion | None:
    """Store the question the valid form describes; None when the service refused (the reason is on the form)."""
    saved = None
    with errors_onto(form):
        if question is None:
            saved = form_question_create(template=template, user=request.user, data=form.to_input())
            messages.success(request, _("Spørgsmålet er tilføjet."))
        else:
            saved = form_question_update(question=question, user=request.user, data=form.to_input())
            messages.success(request, _("Spørgsmålet er gemt."))
    return saved


def _question_page(
    request: AuthenticatedHttpRequest, *, template: FormTemplate, question: FormQuestion | None
) -> HttpResponse:
    """The shared add/edit page. The kind comes from the form (POST), the address (?type=) or the question."""
    kind = request.POST.get("kind") or request.GET.get("type") or (question.kind if question else "")
    if kind not in QuestionKind.values:
        # First step of adding: choose the kind (and the parameter, when not given by the link).
        chooser = QuestionKindForm(initial={"parameter": request.GET.get("parameter") or GENERAL})
        context = {"template": template, "form": chooser, "question": question}
        return render(request, "targetgroups/form_template_question_kind.html", context)
    criteria = guide_criteria_of_template(template=template)
    if request.method == "POST":
        form = QuestionForm(request.POST, template=template, kind=kind, criteria=criteria)
        if form.is_valid() and (saved := _question_saved(request, form, template=template, question=question)):
            return redirect(_detail_url(template, f"question-{saved.pk}"))
    else:
        initial = (
            QuestionForm.initial_for(question) if question else {"parameter": request.GET.get("parameter") or GENERAL}
        )
        form = QuestionForm(initial=initial, template=template, kind=kind, criteria=criteria)
    context = {
        "template": template,
        "question": question,
        "form": form,
        "kind": kind,
        "kind_label": QuestionKind(kind).label,
        "kind_hint": KIND_HINTS[QuestionKind(kind)],
        "kind_changed": question is not None and kind != question.kind,
        "kinds": QuestionKind.choices,
    }
    return render(request, "targetgroups/form_template_question_form.html", context)


@login_required
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    template = form_template_or_404(pk=pk)
    _require_draft(template)
    return _question_page(request, template=template, question=None)


@login_required
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    question = form_question_or_404(pk=pk)
    _require_draft(question.template)
    return _question_page(request, template=question.template, question=question)


@login_required
def question_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    question = form_question_or_404(pk=pk)
    template = question.template
    _require_draft(template)
    if request.method == "POST":
        form_question_delete(question=question, user=request.user)
        messages.success(request, _("Spørgsmålet «%(label)s» er slettet fra kladden.") % {"label": question.label})
        return redirect(_detail_url(template, f"parameter-{question.parameter or 'general'}"))
    return render(
        request, "targetgroups/form_template_question_delete.html", {"template": template, "question": question}
    )


@login_required
def question_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = form_question_or_404(pk=pk)
    _require_draft(question.template)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse(status=400)
    form_question_move(question=question, user=request.user, direction=direction)
    return redirect(_detail_url(question.template, f"question-{question.pk}"))


@login_required
def form_template_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm and publish a draft; the page lists what is missing and explains that publishing is final."""
    _require_fagadmin(request)
    template = form_template_or_404(pk=pk)
    _require_draft(template)
    problems = form_template_problems(template=template)
    current = form_template_published(target_group=template.target_group)
    if request.method == "POST":
        form = PublishForm(request.POST, current=current)
        if form.is_valid() and not problems:
            with errors_onto(form):
                version_publish(version=template, user=request.user, valid_from=form.cleaned_data["valid_from"])
            if not form.errors:
                messages.success(
                    request, _("Version %(v)d er offentliggjort og kan ikke længere ændres.") % {"v": template.version}
                )
                return redirect(_detail_url(template))
    else:
        form = PublishForm(initial={"valid_from": timezone.localdate()}, current=current)
    context = {
        "template": template,
        "problems": problems,
        "current": current,
        "form": form,
        "question_count": template.questions.count(),
    }
    return render(request, "targetgroups/form_template_publish.html", context)
