"""The consultants' judgement pages and the reconciliation that follows.

Who may see what:
- Judgement pages belong to the case's two consultants; everyone else (leader, supplier, other staff) gets 404.
- Reconciliation pages: the consultants work there; the case's leader may read them; everyone else gets 404.
- Blindness: another person's judgement is only ever read through `judgements_visible_to` /
  `judgement_visible_to` (assessments.services.review), so these pages cannot show it earlier than
  the rule allows. The views never query another consultant's Judgement directly.

Writes go through the services; their PermissionDenied/ValidationError become Danish messages.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.domain.agreement import agreed_parameters
from assessments.domain.answers import FILE, TABLE, QuestionSpec, display_value
from assessments.domain.workflow import CaseRole, State
from assessments.forms.review import ParameterJudgementForm, ResolveForm, ReviewForm
from assessments.models import (
    Case,
    Judgement,
    ParameterJudgement,
    ReconciledParameter,
    ReconciliationConfirmation,
    SignOff,
    Submission,
)
from assessments.permissions import case_roles
from assessments.selectors.cases import case_for
from assessments.selectors.information_form import spec_for
from assessments.selectors.review import case_placement, judgement_kind_for, judgement_problems, judgements_visible_to
from assessments.services.decisions import reconciliation_resume
from assessments.services.review import (
    CONSULTANT_ROLES,
    judgement_start,
    judgement_submit,
    parameter_judgement_save,
    reconciliation_accept_agreed,
    reconciliation_confirm,
    reconciliation_resolve,
)
from assessments.views.cases import forbidden
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS, SupplierParameter

# The domain's parameter labels are plain Danish strings; _() finds them in the catalog under the same msgids as
# targetgroups.models.SupplierParameterChoices, so they follow the user's language.
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion, GuideParameter

PARAMETER_ORDER = [p.value for p in SUPPLIER_PARAMETERS]
LEVELS = (1, 2, 3)
BEFORE_JUDGING = {State.OPRETTET, State.OPLYSNINGER_ANMODET, State.OPLYSNINGER_MODTAGET, State.SUPPLERING}


# --- access -------------------------------------------------------------------------------------------------


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def _consultant_case(request: HttpRequest, pk: int) -> tuple[Case, set[CaseRole]]:
    """The case, for one of its two consultants; 404 for everyone else (leaders included)."""
    case = _case_or_404(request, pk)
    roles = case_roles(request.user, case) & CONSULTANT_ROLES
    if not roles:
        raise Http404
    return case, roles


def _reconciliation_case(request: HttpRequest, pk: int) -> tuple[Case, bool]:
    """The case and whether the user may change the reconciliation (consultants) or only read it (its leader)."""
    case = _case_or_404(request, pk)
    roles = case_roles(request.user, case)
    if roles & CONSULTANT_ROLES:
        return case, True
    if CaseRole.LEADER in roles:
        return case, False
    raise Http404


def _parameter_or_404(parameter: str) -> SupplierParameter:
    try:
        return SupplierParameter(parameter)
    except ValueError:
        raise Http404 from None


def _message_of(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _post_only(request: HttpRequest) -> HttpResponse | None:
    # Checked after the case lookup, so that people without access get 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _name(user) -> str:
    return user.get_full_name() or user.username


def _both_submitted(case: Case) -> bool:
    """Whether both judgements are in (a count only: says nothing about their content)."""
    return Judgement.objects.filter(case=case, submitted_at__isnull=False).count() == 2


def _colleague(request: HttpRequest, case: Case) -> str:
    other = case.second_consultant if request.user.pk == case.primary_consultant_id else case.primary_consultant
    return _name(other)


def _neighbours(parameter: str) -> tuple[str | None, str | None]:
    index = PARAMETER_ORDER.index(parameter)
    previous = PARAMETER_ORDER[index - 1] if index > 0 else None
    following = PARAMETER_ORDER[index + 1] if index + 1 < len(PARAMETER_ORDER) else None
    return previous, following


# --- the evidence beside a parameter: guide criteria, description boxes, the supplier's answers -----------


@dataclass
class Evidence:
    """What the guide (the case's bound version), the description and the supplier say about one parameter."""

    guide_parameter: GuideParameter | None
    columns: list[dict]  # one per level: {"level", "criterion", "cells"}
    cells: list[DescriptionCell]
    answers: list[dict]  # {"question", "display", "empty", "table", "files"}
    submission: Submission | None
    questions_qs: Any = None
    criteria_qs: Any = None
    cells_qs: Any = None
    cell_boxes: list[dict] = field(default_factory=list)  # {"cell", "checkbox"}, set by _attach_checkboxes


def _cell_text(kind: str, choices, value) -> str:
    if value is None or value == "":
        return "–"
    return display_value(QuestionSpec(kind=kind, choices=tuple(choices or ())), value)


def _grid_order(cell: DescriptionCell) -> tuple[str, int]:
    """Row by row, and let → moderat → højt within a row (B1-L, B1-M, B1-H, B2-L …)."""
    return cell.reference.split("-")[0], cell.level


def _render_answer(question: FormQuestion, item: dict | None) -> dict:
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
    criteria = list(criteria_qs.prefetch_related("thresholds", Prefetch("cells", queryset=own_cells)))
    by_level = {c.level: c for c in criteria}
    columns = []
    for level in LEVELS:
        criterion = by_level.get(level)
        cells = sorted(criterion.cells.all(), key=_grid_order) if criterion else []
        columns.append({"level": level, "criterion": criterion, "cells": cells})
    cells_qs = own_cells.filter(criteria__in=criteria_qs).distinct()
    cells = sorted({c for col in columns for c in col["cells"]}, key=_grid_order)
    questions_qs = FormQuestion.objects.filter(template_id=case.form_template_id, parameter=parameter).order_by(
        "position", "id"
    )
    submission = Submission.objects.filter(form__case=case).order_by("-number").first()
    snapshot = (submission.snapshot or {}).get("answers", {}) if submission else {}
    answers = [_render_answer(q, snapshot.get(q.key)) for q in questions_qs]
    return Evidence(
        guide_parameter=guide_parameter,
        columns=columns,
        cells=cells,
        answers=answers,
        submission=submission,
        questions_qs=questions_qs,
        criteria_qs=criteria_qs,
        cells_qs=cells_qs,
    )


def _attach_checkboxes(evidence: Evidence, form) -> None:
    """Put each citation checkbox next to the thing it cites (criterion column, box, answer)."""

    def by_value(name: str) -> dict[str, Any]:
        return {str(sw.data["value"]): sw for sw in form[name]}

    questions, criteria, cells = by_value("cited_questions"), by_value("cited_criteria"), by_value("cited_cells")
    for answer in evidence.answers:
        answer["checkbox"] = questions.get(str(answer["question"].pk))
    for column in evidence.columns:
        column["checkbox"] = criteria.get(str(column["criterion"].pk)) if column["criterion"] else None
    evidence.cell_boxes = [{"cell": c, "checkbox": cells[str(c.pk)]} for c in evidence.cells if str(c.pk) in cells]


def _citations_of(obj) -> dict:
    """The evidence a (parameter) judgement or reconciled parameter cites, for read-only display."""
    if obj is None:
        return {"questions": [], "criteria": [], "cells": []}
    return {
        "questions": list(obj.cited_questions.all()),
        "criteria": sorted(obj.cited_criteria.all(), key=lambda c: c.level),
        "cells": sorted(obj.cited_cells.all(), key=_grid_order),
    }


def _citation_initial(obj) -> dict:
    if obj is None:
        return {}
    return {
        "cited_questions": [q.pk for q in obj.cited_questions.all()],
        "cited_criteria": [c.pk for c in obj.cited_criteria.all()],
        "cited_cells": [c.pk for c in obj.cited_cells.all()],
    }


# --- judgements ---------------------------------------------------------------------------------------------


@dataclass
class JudgementContext:
    """The consultant's own judgement and, in review mode, the judge's judgement when the rule shows it."""

    case: Case
    own: Judgement | None
    kind: str
    primary: Judgement | None  # review mode: the judge's judgement, if visible to this user
    editable: bool
    waiting_reason: str

    @property
    def is_review(self) -> bool:
        return self.kind == Judgement.Kind.REVIEW


def _judgement_context(request: HttpRequest, case: Case, roles: set[CaseRole]) -> JudgementContext:
    own = (
        Judgement.objects.filter(case=case, author=request.user)
        .prefetch_related("parameters__cited_questions", "parameters__cited_criteria", "parameters__cited_cells")
        .first()
    )
    kind = own.kind if own else judgement_kind_for(case, roles)
    primary = None
    if kind == Judgement.Kind.REVIEW:
        # Only through the blindness rule: the judge's judgement shows once it is submitted.
        primary = next(
            (j for j in judgements_visible_to(request.user, case) if j.author_id == case.primary_consultant_id), None
        )
    state = State(case.state)
    waiting = ""
    if state in BEFORE_JUDGING:
        waiting = _("Vurderingen kan begynde, når leverandørens oplysninger er godkendt.")
    elif state == State.VURDERING and kind == Judgement.Kind.REVIEW and primary is None:
        waiting = _("Gennemgangen kan begynde, når den primære konsulent har afgivet sin vurdering.")
    editable = state == State.VURDERING and not waiting and (own is None or own.submitted_at is None)
    return JudgementContext(case=case, own=own, kind=kind, primary=primary, editable=editable, waiting_reason=waiting)


def _own_parameters(ctx: JudgementContext) -> dict[str, ParameterJudgement]:
    return {pj.parameter: pj for pj in ctx.own.parameters.all()} if ctx.own else {}


def _primary_parameters(ctx: JudgementContext) -> dict[str, ParameterJudgement]:
    return {pj.parameter: pj for pj in ctx.primary.parameters.all()} if ctx.primary else {}


def _review_forms(ctx: JudgementContext, data=None) -> dict[str, ReviewForm]:
    own = _own_parameters(ctx)
    return {p: ReviewForm(data, prefix=p, initial=ReviewForm.initial_for(own.get(p))) for p in PARAMETER_ORDER}


def _render_overview(
    request: HttpRequest,
    ctx: JudgementContext,
    *,
    submit_problems: dict[str, str] | None = None,
    review_forms: dict[str, ReviewForm] | None = None,
) -> HttpResponse:
    own = _own_parameters(ctx)
    primary = _primary_parameters(ctx)
    if ctx.own is not None:
        problems = judgement_problems(ctx.own)
    else:
        problems = dict.fromkeys(PARAMETER_ORDER, _("Ikke påbegyndt."))
    if ctx.is_review and ctx.editable and review_forms is None:
        review_forms = _review_forms(ctx)
    rows = []
    for parameter in PARAMETER_ORDER:
        rows.append(
            {
                "parameter": parameter,
                "label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(parameter)]),
                "own": own.get(parameter),
                "primary": primary.get(parameter),
                "problem": problems.get(parameter, ""),
                "review_form": review_forms.get(parameter) if review_forms else None,
            }
        )
    summary = []
    if submit_problems:
        summary = [
            {
                "parameter": p,
                "label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(p)]),
                "message": submit_problems[p],
            }
            for p in PARAMETER_ORDER
            if p in submit_problems
        ]
    both_in = _both_submitted(ctx.case)
    return render(
        request,
        "assessments/judgement/overview.html",
        {
            "case": ctx.case,
            "ctx": ctx,
            "rows": rows,
            "done": len(PARAMETER_ORDER) - len(problems),
            "total": len(PARAMETER_ORDER),
            "submit_summary": summary,
            "both_in": both_in,
            "colleague": _colleague(request, ctx.case),
            "any_review_errors": any(f.errors for f in (review_forms or {}).values()),
        },
    )


@login_required
def judgement_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The consultant's own judgement: status per parameter, what is missing, and submitting it.

    In review mode the second consultant records agree/disagree for all eight parameters here.
    """
    case, roles = _consultant_case(request, pk)
    ctx = _judgement_context(request, case, roles)
    if request.method == "POST":
        if not (ctx.is_review and ctx.editable):
            messages.error(request, _("Gennemgangen kan ikke ændres nu."))
            return redirect("assessments:judgement", pk=case.pk)
        forms = _review_forms(ctx, request.POST)
        if all(f.is_valid() for f in forms.values()):
            try:
                judgement = judgement_start(case=case, user=request.user)
                for parameter, form in forms.items():
                    try:
                        parameter_judgement_save(
                            judgement=judgement,
                            parameter=parameter,
                            user=request.user,
                            review_agrees=form.cleaned_data["review_agrees"],
                            review_reasons=form.cleaned_data["review_reasons"],
                        )
                    except ValidationError as exc:
                        if hasattr(exc, "error_dict"):
                            form.add_error(None, exc)
                        else:
                            raise
            except PermissionDenied as exc:
                return forbidden(request, case, exc)
            except ValidationError as exc:
                messages.error(request, _message_of(exc))
                return redirect("assessments:judgement", pk=case.pk)
            if not any(f.errors for f in forms.values()):
                if request.POST.get("action") == "submit":
                    return _submit(request, case, roles, judgement)
                messages.success(request, _("Gennemgangen er gemt."))
                return redirect("assessments:judgement", pk=case.pk)
        ctx = _judgement_context(request, case, roles)
        return _render_overview(request, ctx, review_forms=forms)
    return _render_overview(request, ctx)


def _submit(request: HttpRequest, case: Case, roles: set[CaseRole], judgement: Judgement) -> HttpResponse:
    try:
        judgement_submit(judgement=judgement, user=request.user)
    except PermissionDenied as exc:
        return forbidden(request, case, exc)
    except ValidationError as exc:
        if exc.code == "incomplete" and isinstance(exc.params, dict):
            ctx = _judgement_context(request, case, roles)
            return _render_overview(request, ctx, submit_problems=exc.params)
        messages.error(request, _message_of(exc))
        return redirect("assessments:judgement", pk=case.pk)
    case.refresh_from_db(fields=["state"])
    if State(case.state) == State.AFSTEMNING:
        messages.success(request, _("Din vurdering er afgivet. Begge vurderinger er nu afgivet, så I kan afstemme."))
        return redirect("assessments:reconciliation", pk=case.pk)
    messages.success(
        request,
        _("Din vurdering er afgivet. Afstemningen kan begynde, når din kollega også har afgivet sin."),
    )
    return redirect("assessments:judgement", pk=case.pk)


@login_required
def judgement_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    case, roles = _consultant_case(request, pk)
    if response := _post_only(request):
        return response
    judgement = Judgement.objects.filter(case=case, author=request.user).first()
    if judgement is None:
        ctx = _judgement_context(request, case, roles)
        if ctx.waiting_reason or not ctx.editable:
            messages.error(request, ctx.waiting_reason or _("Vurderingen kan ikke afgives nu."))
            return redirect("assessments:judgement", pk=case.pk)
        return _render_overview(request, ctx, submit_problems=dict.fromkeys(PARAMETER_ORDER, _("Ikke påbegyndt.")))
    return _submit(request, case, roles, judgement)


@login_required
def judgement_parameter(request: HttpRequest, pk: int, parameter: str) -> HttpResponse:
    """One parameter: the guide's three levels, the description boxes, the supplier's answers, and the form."""
    case, roles = _consultant_case(request, pk)
    param = _parameter_or_404(parameter)
    ctx = _judgement_context(request, case, roles)
    own = _own_parameters(ctx).get(param.value)
    primary = _primary_parameters(ctx).get(param.value)
    evidence = parameter_evidence(case, param.value)
    previous, following = _neighbours(param.value)
    data = request.POST if request.method == "POST" else None
    if ctx.is_review:
        form = ReviewForm(data, initial=ReviewForm.initial_for(own))
    else:
        initial = {"level": own.level, "reasons": own.reasons, **_citation_initial(own)} if own else {}
        form = ParameterJudgementForm(
            data,
            initial=initial,
            questions=evidence.questions_qs,
            criteria=evidence.criteria_qs,
            cells=evidence.cells_qs,
        )
    if request.method == "POST":
        if not ctx.editable:
            messages.error(request, ctx.waiting_reason or _("Vurderingen er afgivet og kan ikke længere ændres."))
            return redirect("assessments:judgement_parameter", pk=case.pk, parameter=param.value)
        if form.is_valid():
            try:
                judgement = judgement_start(case=case, user=request.user)
                if ctx.is_review:
                    parameter_judgement_save(
                        judgement=judgement, parameter=param.value, user=request.user, **form.cleaned_data
                    )
                else:
                    parameter_judgement_save(
                        judgement=judgement,
                        parameter=param.value,
                        user=request.user,
                        level=form.cleaned_data["level"],
                        reasons=form.cleaned_data["reasons"],
                        **form.citations(),
                    )
            except PermissionDenied as exc:
                return forbidden(request, case, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Din vurdering af «%(p)s» er gemt.") % {"p": _(SUPPLIER_PARAMETER_LABELS[param])},
                )
                if request.POST.get("action") == "next":
                    if following:
                        return redirect("assessments:judgement_parameter", pk=case.pk, parameter=following)
                    return redirect("assessments:judgement", pk=case.pk)
                return redirect("assessments:judgement_parameter", pk=case.pk, parameter=param.value)
    if not ctx.is_review:
        _attach_checkboxes(evidence, form)
    problem = judgement_problems(ctx.own).get(param.value, "") if ctx.own else ""
    return render(
        request,
        "assessments/judgement/parameter.html",
        {
            "case": case,
            "ctx": ctx,
            "parameter": param.value,
            "label": _(SUPPLIER_PARAMETER_LABELS[param]),
            "position": PARAMETER_ORDER.index(param.value) + 1,
            "total": len(PARAMETER_ORDER),
            "evidence": evidence,
            "form": form,
            "own": own,
            "own_citations": _citations_of(own),
            "primary": primary,
            "primary_citations": _citations_of(primary),
            "problem": problem,
            "colleague": _colleague(request, case),
            "both_in": _both_submitted(case),
            "previous": previous,
            "following": following,
            "previous_label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(previous)]) if previous else "",
            "following_label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(following)]) if following else "",
        },
    )


# --- reconciliation -----------------------------------------------------------------------------------------


@dataclass
class Pair:
    """The two submitted judgements of a case as the user may see them, and what they agree on."""

    first: Judgement
    second: Judgement
    a: dict[str, int | None]
    b: dict[str, int | None]
    agreed: set[str]

    @property
    def is_review(self) -> bool:
        return self.second.kind == Judgement.Kind.REVIEW

    def parameter(self, parameter: str) -> tuple[ParameterJudgement, ParameterJudgement]:
        return (
            next(pj for pj in self.first.parameters.all() if pj.parameter == parameter),
            next(pj for pj in self.second.parameters.all() if pj.parameter == parameter),
        )


def visible_pair(user, case: Case) -> Pair | None:
    """Both judgements, if both are submitted and the blindness rule lets this user see both; else None."""
    visible = [j for j in judgements_visible_to(user, case) if j.submitted_at is not None]
    if len(visible) != 2:
        return None
    first = next((j for j in visible if j.author_id == case.primary_consultant_id), None)
    second = next((j for j in visible if j.author_id != case.primary_consultant_id), None)
    if first is None or second is None:
        return None
    a = {pj.parameter: pj.level for pj in first.parameters.all()}
    if second.kind == Judgement.Kind.REVIEW:
        b = {pj.parameter: (a.get(pj.parameter) if pj.review_agrees else None) for pj in second.parameters.all()}
    else:
        b = {pj.parameter: pj.level for pj in second.parameters.all()}
    return Pair(first=first, second=second, a=a, b=b, agreed=agreed_parameters(a, b))


def _returned_signoff(case: Case) -> SignOff | None:
    """The leader's latest sign-off, when it returned the result and the consultants are still working on it."""
    if State(case.state) not in (State.RETURNERET, State.AFSTEMNING):
        return None
    latest = SignOff.objects.filter(case=case).select_related("leader").order_by("-decided_at", "-id").first()
    return latest if latest is not None and not latest.approved else None


def _reconciled(case: Case) -> dict[str, ReconciledParameter]:
    return {
        rp.parameter: rp
        for rp in ReconciledParameter.objects.filter(case=case).prefetch_related(
            "cited_questions", "cited_criteria", "cited_cells"
        )
    }


@login_required
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    """Both judgements side by side per parameter, the agreed levels, the placement and the confirmations."""
    case, may_edit = _reconciliation_case(request, pk)
    pair = visible_pair(request.user, case)
    state = State(case.state)
    context: dict[str, Any] = {"case": case, "may_edit": may_edit, "pair": pair, "state": state.value}
    if pair is None:
        return render(request, "assessments/judgement/reconciliation.html", context)
    reconciled = _reconciled(case)
    signoff = _returned_signoff(case)
    comments = signoff.parameter_comments if signoff else {}
    rows = []
    for parameter in PARAMETER_ORDER:
        _pj1, pj2 = pair.parameter(parameter)
        rows.append(
            {
                "parameter": parameter,
                "label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(parameter)]),
                "a": pair.a.get(parameter),
                "b": pair.b.get(parameter),
                "review_agrees": pj2.review_agrees if pair.is_review else None,
                "agreed": parameter in pair.agreed,
                "reconciled": reconciled.get(parameter),
                "comment": comments.get(parameter, ""),
            }
        )
    placement = case_placement(case)
    confirmations = list(
        ReconciliationConfirmation.objects.filter(case=case, round=case.reconciliation_round).select_related(
            "consultant"
        )
    )
    confirmed_ids = {c.consultant_id for c in confirmations}
    working = may_edit and state == State.AFSTEMNING
    context.update(
        {
            "rows": rows,
            "reconciled_count": len(reconciled),
            "total": len(PARAMETER_ORDER),
            "pending_agreed": sorted(pair.agreed - set(reconciled), key=PARAMETER_ORDER.index),
            "placement": placement,
            "rule": case.rule,
            "confirmations": confirmations,
            "consultants": [
                {"user": u, "name": _name(u), "confirmed": u.pk in confirmed_ids}
                for u in (case.primary_consultant, case.second_consultant)
            ],
            "working": working,
            "can_confirm": working and placement is not None and request.user.pk not in confirmed_ids,
            "i_confirmed": request.user.pk in confirmed_ids,
            "signoff": signoff,
            "signoff_comments": [
                {"label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(p)]), "text": comments[p]}
                for p in PARAMETER_ORDER
                if comments.get(p)
            ],
            "can_resume": may_edit and state == State.RETURNERET,
            "first_name": _name(pair.first.author),
            "second_name": _name(pair.second.author),
        }
    )
    return render(request, "assessments/judgement/reconciliation.html", context)


@login_required
def reconciliation_accept_agreed_view(request: HttpRequest, pk: int) -> HttpResponse:
    case, may_edit = _reconciliation_case(request, pk)
    if not may_edit:
        raise Http404
    if response := _post_only(request):
        return response
    try:
        created = reconciliation_accept_agreed(case=case, user=request.user)
    except PermissionDenied as exc:
        return forbidden(request, case, exc)
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
    else:
        if created:
            messages.success(
                request,
                _("%(n)d parametre, som I var enige om, er overtaget med jeres begrundelser.") % {"n": len(created)},
            )
        else:
            messages.info(request, _("Der var ingen nye parametre, som I var enige om."))
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    case, may_edit = _reconciliation_case(request, pk)
    if not may_edit:
        raise Http404
    if response := _post_only(request):
        return response
    try:
        reconciliation_confirm(case=case, user=request.user)
    except PermissionDenied as exc:
        return forbidden(request, case, exc)
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
        return redirect("assessments:reconciliation", pk=case.pk)
    case.refresh_from_db(fields=["state"])
    if State(case.state) == State.TIL_GODKENDELSE:
        messages.success(request, _("I har begge bekræftet resultatet. Det er sendt til lederens godkendelse."))
    else:
        messages.success(request, _("Du har bekræftet resultatet. Din kollega skal også bekræfte det."))
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    case, may_edit = _reconciliation_case(request, pk)
    if not may_edit:
        raise Http404
    if response := _post_only(request):
        return response
    try:
        reconciliation_resume(case=case, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc.args[0]) if exc.args else _("Afstemningen kan ikke genoptages nu."))
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
    else:
        messages.success(
            request, _("Afstemningen er genoptaget. Ret de parametre, lederen har kommenteret, og bekræft igen.")
        )
    return redirect("assessments:reconciliation", pk=case.pk)


@login_required
def reconciliation_parameter(request: HttpRequest, pk: int, parameter: str) -> HttpResponse:
    """Both judgements of one parameter side by side, the evidence, and the form for the agreed level."""
    case, may_edit = _reconciliation_case(request, pk)
    param = _parameter_or_404(parameter)
    pair = visible_pair(request.user, case)
    if pair is None:
        messages.info(request, _("Afstemningen begynder, når begge vurderinger er afgivet."))
        return redirect("assessments:reconciliation", pk=case.pk)
    pj1, pj2 = pair.parameter(param.value)
    rp = _reconciled(case).get(param.value)
    evidence = parameter_evidence(case, param.value)
    editable = may_edit and State(case.state) == State.AFSTEMNING
    if rp is not None:
        initial = {"level": rp.level, "reasons": rp.reasons, **_citation_initial(rp)}
    elif param.value in pair.agreed:
        initial = {"level": pair.a[param.value]}
    else:
        initial = {}
    form = ResolveForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        questions=evidence.questions_qs,
        criteria=evidence.criteria_qs,
        cells=evidence.cells_qs,
    )
    if request.method == "POST":
        if not editable:
            if not may_edit:
                raise Http404
            messages.error(request, _("Afstemningen kan ikke ændres, mens sagen er i denne status."))
            return redirect("assessments:reconciliation_parameter", pk=case.pk, parameter=param.value)
        if form.is_valid():
            try:
                rp = reconciliation_resolve(
                    case=case,
                    parameter=param.value,
                    level=form.cleaned_data["level"],
                    reasons=form.cleaned_data["reasons"],
                    user=request.user,
                    **form.citations(),
                )
            except PermissionDenied as exc:
                return forbidden(request, case, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("«%(p)s» er afstemt på %(level)s niveau.")
                    % {"p": _(SUPPLIER_PARAMETER_LABELS[param]), "level": rp.get_level_display().lower()},
                )
                return redirect(reverse("assessments:reconciliation", args=[case.pk]) + f"#row-{param.value}")
    _attach_checkboxes(evidence, form)
    signoff = _returned_signoff(case)
    previous, following = _neighbours(param.value)
    return render(
        request,
        "assessments/judgement/reconciliation_parameter.html",
        {
            "case": case,
            "parameter": param.value,
            "label": _(SUPPLIER_PARAMETER_LABELS[param]),
            "position": PARAMETER_ORDER.index(param.value) + 1,
            "total": len(PARAMETER_ORDER),
            "pair": pair,
            "pj1": pj1,
            "pj2": pj2,
            "pj1_citations": _citations_of(pj1),
            "pj2_citations": _citations_of(pj2),
            "first_name": _name(pair.first.author),
            "second_name": _name(pair.second.author),
            "agreed": param.value in pair.agreed,
            "rp": rp,
            "rp_citations": _citations_of(rp),
            "evidence": evidence,
            "form": form,
            "editable": editable,
            "may_edit": may_edit,
            "leader_comment": (signoff.parameter_comments or {}).get(param.value, "") if signoff else "",
            "signoff": signoff,
            "previous": previous,
            "following": following,
            "previous_label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(previous)]) if previous else "",
            "following_label": _(SUPPLIER_PARAMETER_LABELS[SupplierParameter(following)]) if following else "",
        },
    )
