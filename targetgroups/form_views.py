"""The fagadministrator's pages for form templates (oplysningsskemaer): versions, questions, publication.

Thin views: parse the request, call a selector or a service, render. Every page is for fagadministrators
only; a published version is shown read-only and every change goes to a draft.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .forms import GENERAL, GENERAL_LABEL, KIND_HINTS, FormTemplateForm, PublishForm, QuestionForm, QuestionKindForm
from .models import (
    AssessmentGuide,
    FormQuestion,
    FormTemplate,
    QuestionKind,
    SupplierParameterChoices,
    TargetGroup,
    VersionStatus,
)
from .selectors import form_template_problems, form_template_with_questions, form_templates_by_target_group
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


def _read_only_redirect(request: HttpRequest, template: FormTemplate) -> HttpResponse:
    messages.error(request, _("En offentliggjort version kan ikke ændres. Opret en ny kladde for at ændre skemaet."))
    return redirect(_detail_url(template))


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the matching fields; the rest goes above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _sections(template: FormTemplate) -> list[dict]:
    """The questions grouped as the supplier meets them: 'Generelt' first, then the eight parameters."""
    order = {code: i for i, code in enumerate(SupplierParameterChoices.values)}
    groups: dict[str, list[FormQuestion]] = {code: [] for code in ["", *SupplierParameterChoices.values]}
    for question in template.questions.all():
        criteria = sorted(question.criteria.all(), key=lambda c: (order[c.guide_parameter.parameter], c.level))
        cited: dict[str, dict] = {}
        for criterion in criteria:
            entry = cited.setdefault(
                criterion.guide_parameter.parameter,
                {
                    "code": criterion.guide_parameter.parameter,
                    "label": criterion.guide_parameter.get_parameter_display(),
                    "criteria": [],
                },
            )
            entry["criteria"].append(criterion)
        question.cited = list(cited.values())
        groups.setdefault(question.parameter, []).append(question)
    sections = [{"code": "general", "label": GENERAL_LABEL, "number": None, "parameter": "", "questions": groups[""]}]
    for number, (code, label) in enumerate(SupplierParameterChoices.choices, start=1):
        sections.append({"code": code, "label": label, "number": number, "parameter": code, "questions": groups[code]})
    return sections


@login_required
def form_template_list(request: HttpRequest) -> HttpResponse:
    """Every target group with its published form template, its draft and earlier versions."""
    _require_fagadmin(request)
    rows = []
    for tg in form_templates_by_target_group():
        versions = tg.template_versions
        rows.append(
            {
                "target_group": tg,
                "published": next((v for v in versions if v.status == VersionStatus.PUBLISHED), None),
                "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
                "retired": [v for v in versions if v.status == VersionStatus.RETIRED],
                "guide": tg.current_guides[0] if tg.current_guides else None,
            }
        )
    return render(request, "targetgroups/form_template_list.html", {"rows": rows})


@login_required
def form_template_new_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a draft for a target group: a copy of its newest released version, or an empty one."""
    _require_fagadmin(request)
    target_group = get_object_or_404(TargetGroup, pk=pk)
    draft = FormTemplate.objects.filter(target_group=target_group, status=VersionStatus.DRAFT).first()
    if draft is not None:
        messages.info(request, _("Målgruppen har allerede en kladde. Du kan arbejde videre i den."))
        return redirect(_detail_url(draft))
    source = (
        FormTemplate.objects.filter(target_group=target_group)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    guide = AssessmentGuide.objects.filter(target_group=target_group, status=VersionStatus.PUBLISHED).first()
    if request.method == "POST" and (source or guide):
        try:
            draft = form_template_new_draft(user=request.user, source=source, guide=guide)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("targetgroups:form_templates")
        messages.success(request, _("Kladden er oprettet. Ændringerne ses først, når du offentliggør den."))
        return redirect(_detail_url(draft))
    return render(
        request,
        "targetgroups/form_template_new_draft.html",
        {"target_group": target_group, "source": source, "guide": guide},
    )


@login_required
def form_template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version grouped by 'Generelt' and the eight parameters; editing controls on drafts only."""
    _require_fagadmin(request)
    template = form_template_with_questions(pk=pk)
    if template is None:
        raise Http404
    other_draft = None
    if not template.is_draft:
        other_draft = FormTemplate.objects.filter(
            target_group=template.target_group, status=VersionStatus.DRAFT
        ).first()
    context = {
        "template": template,
        "sections": _sections(template),
        "problems": form_template_problems(template=template) if template.is_draft else [],
        "other_draft": other_draft,
        "question_count": len(template.questions.all()),
    }
    return render(request, "targetgroups/form_template_detail.html", context)


@login_required
def form_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Title, introduction and change note of a draft."""
    _require_fagadmin(request)
    template = get_object_or_404(FormTemplate.objects.select_related("target_group"), pk=pk)
    if not template.is_draft:
        return _read_only_redirect(request, template)
    if request.method == "POST":
        form = FormTemplateForm(request.POST)
        if form.is_valid():
            try:
                form_template_update(template=template, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Skemaets oplysninger er gemt."))
                return redirect(_detail_url(template))
    else:
        form = FormTemplateForm(initial=FormTemplateForm.initial_for(template))
    return render(request, "targetgroups/form_template_edit.html", {"template": template, "form": form})


def _question_page(request: HttpRequest, *, template: FormTemplate, question: FormQuestion | None) -> HttpResponse:
    """The shared add/edit page. The kind comes from the form (POST), the address (?type=) or the question."""
    kind = request.POST.get("kind") or request.GET.get("type") or (question.kind if question else "")
    if kind not in QuestionKind.values:
        # First step of adding: choose the kind (and the parameter, when not given by the link).
        chooser = QuestionKindForm(initial={"parameter": request.GET.get("parameter") or GENERAL})
        return render(
            request,
            "targetgroups/form_template_question_kind.html",
            {"template": template, "form": chooser, "question": question},
        )
    if request.method == "POST":
        form = QuestionForm(request.POST, template=template, kind=kind)
        if form.is_valid():
            try:
                if question is None:
                    saved = form_question_create(template=template, user=request.user, data=form.to_input())
                    messages.success(request, _("Spørgsmålet er tilføjet."))
                else:
                    saved = form_question_update(question=question, user=request.user, data=form.to_input())
                    messages.success(request, _("Spørgsmålet er gemt."))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect(_detail_url(template, f"question-{saved.pk}"))
    else:
        initial = (
            QuestionForm.initial_for(question) if question else {"parameter": request.GET.get("parameter") or GENERAL}
        )
        form = QuestionForm(initial=initial, template=template, kind=kind)
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
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    template = get_object_or_404(FormTemplate.objects.select_related("target_group", "guide"), pk=pk)
    if not template.is_draft:
        return _read_only_redirect(request, template)
    return _question_page(request, template=template, question=None)


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    question = get_object_or_404(
        FormQuestion.objects.select_related("template__target_group", "template__guide"), pk=pk
    )
    if not question.template.is_draft:
        return _read_only_redirect(request, question.template)
    return _question_page(request, template=question.template, question=question)


@login_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    question = get_object_or_404(FormQuestion.objects.select_related("template__target_group"), pk=pk)
    template = question.template
    if not template.is_draft:
        return _read_only_redirect(request, template)
    if request.method == "POST":
        form_question_delete(question=question, user=request.user)
        messages.success(request, _("Spørgsmålet «%(label)s» er slettet fra kladden.") % {"label": question.label})
        return redirect(_detail_url(template, f"parameter-{question.parameter or 'general'}"))
    return render(
        request, "targetgroups/form_template_question_delete.html", {"template": template, "question": question}
    )


@login_required
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fagadmin(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = get_object_or_404(FormQuestion.objects.select_related("template"), pk=pk)
    if not question.template.is_draft:
        return _read_only_redirect(request, question.template)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse(status=400)
    form_question_move(question=question, user=request.user, direction=direction)
    return redirect(_detail_url(question.template, f"question-{question.pk}"))


@login_required
def form_template_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and publish a draft; the page lists what is missing and explains that publishing is final."""
    _require_fagadmin(request)
    template = get_object_or_404(FormTemplate.objects.select_related("target_group", "guide"), pk=pk)
    if not template.is_draft:
        return _read_only_redirect(request, template)
    problems = form_template_problems(template=template)
    current = FormTemplate.objects.filter(target_group=template.target_group, status=VersionStatus.PUBLISHED).first()
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid() and current and current.valid_from and form.cleaned_data["valid_from"] < current.valid_from:
            form.add_error(
                "valid_from",
                _("Datoen kan ikke ligge før %(date)s, hvor den gældende version %(v)d begyndte at gælde.")
                % {"date": date_format(current.valid_from), "v": current.version},
            )
        if form.is_valid() and not problems:
            try:
                version_publish(version=template, user=request.user, valid_from=form.cleaned_data["valid_from"])
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("Version %(v)d er offentliggjort og kan ikke længere ændres.") % {"v": template.version}
                )
                return redirect(_detail_url(template))
    else:
        form = PublishForm(initial={"valid_from": timezone.localdate()})
    context = {
        "template": template,
        "problems": problems,
        "current": current,
        "form": form,
        "question_count": template.questions.count(),
    }
    return render(request, "targetgroups/form_template_publish.html", context)
