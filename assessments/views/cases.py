"""The consultants' and leaders' case pages: the list, opening a case, and one case's overview.

Suppliers see their own cases in the list (linking to their own case page) but never the case overview.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from assessments.domain.answers import progress
from assessments.domain.workflow import (
    Action,
    CaseRole,
    State,
    TransitionNotAllowed,
    available_actions,
    check_transition,
)
from assessments.forms.cases import CaseCreateForm, CaseFilterForm
from assessments.forms.reassessment import cancel_form, notice_handle_form
from assessments.models import Case, ChangeNotice, InformationForm
from assessments.permissions import case_roles
from assessments.selectors.cases import case_for, case_rows, cases_visible_to, role_labels
from assessments.selectors.information_form import form_answers, spec_for
from assessments.services.cases import case_open, case_transition
from targetgroups.models import TargetGroup

PAGE_SIZE = 25

CONSULTANTS = {CaseRole.PRIMARY, CaseRole.SECOND}
STAFF = CONSULTANTS | {CaseRole.LEADER}
DECIDED = (State.AFGJORT, State.KLAGE)

# Whose turn it is, for the "what's next" panel when the user has nothing to press.
WAITING_FOR = {
    State.OPRETTET: gettext_lazy("Den primære konsulent skal anmode leverandøren om oplysninger."),
    State.OPLYSNINGER_ANMODET: gettext_lazy("Leverandøren udfylder oplysningsskemaet."),
    State.OPLYSNINGER_MODTAGET: gettext_lazy(
        "Sagens konsulenter gennemgår oplysningerne og godkender dem eller beder om supplering."
    ),
    State.SUPPLERING: gettext_lazy("Leverandøren supplerer de spørgsmål, konsulenten har peget på."),
    State.VURDERING: gettext_lazy("Begge konsulenter vurderer hver parameter."),
    State.AFSTEMNING: gettext_lazy("Konsulenterne afstemmer deres vurderinger."),
    State.TIL_GODKENDELSE: gettext_lazy("Lederen kvalitetssikrer og godkender."),
    State.RETURNERET: gettext_lazy("Konsulenterne genoptager afstemningen efter lederens bemærkninger."),
    State.PARTSHOERING: gettext_lazy("Leverandøren er i partshøring."),
    State.AFGJORT: gettext_lazy("Sagen er afgjort."),
    State.KLAGE: gettext_lazy("En klage over afgørelsen behandles."),
    State.ANNULLERET: gettext_lazy("Sagen er annulleret."),
}


def case_or_404(request: HttpRequest, pk: int) -> Case:
    """A case the user may see with its internals; 404 for 'absent', 'not yours' and suppliers alike."""
    case = case_for(request.user, pk)
    if case is None or not request.user.has_perm("assessments.view_case_internals", case):
        raise Http404
    return case


def forbidden(request: HttpRequest, case: Case | None, exc: PermissionDenied) -> HttpResponse:
    """The 403 page with the service's Danish reason."""
    message = str(exc.args[0]) if exc.args else _("Du har ikke adgang til at gøre dette på sagen.")
    return render(request, "assessments/case/forbidden.html", {"case": case, "message": message}, status=403)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.CONSULTANT, Role.LEADER, Role.SUPPLIER):
        raise PermissionDenied
    cases = cases_visible_to(user).select_related("information_form").order_by("-opened_at", "-pk")
    target_groups = TargetGroup.objects.filter(pk__in=cases.values("target_group_id")).order_by("name", "age_band")
    filters = CaseFilterForm(request.GET or None, target_groups=target_groups)
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            cases = cases.filter(state=filters.cleaned_data["status"])
        if filters.cleaned_data["maalgruppe"]:
            cases = cases.filter(target_group=filters.cleaned_data["maalgruppe"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = case_rows(user, page.object_list)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "assessments/case/case_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "filtered": any(request.GET.get(k) for k in ("status", "maalgruppe")),
            "query": query.urlencode(),
            "can_create": user.role in (Role.CONSULTANT, Role.LEADER),
        },
    )


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.CONSULTANT, Role.LEADER) or user.socialtilsyn_id is None:
        raise PermissionDenied
    initial = {}
    if request.method == "GET" and request.GET.get("leverandoer", "").isdigit():
        initial["supplier"] = int(request.GET["leverandoer"])
    form = CaseCreateForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_open(
                user=user,
                supplier=data["supplier"],
                department=data["department"],
                target_group=data["target_group"],
                primary_consultant=data["primary_consultant"],
                second_consultant=data["second_consultant"],
                leader=data["leader"],
                mode=data["mode"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            return forbidden(request, None, exc)
        else:
            messages.success(
                request, _("Sagen %(ref)s er oprettet. Næste skridt er at anmode om oplysninger.") % {"ref": case}
            )
            return redirect("assessments:case_detail", pk=case.pk)
    return render(request, "assessments/case/case_create.html", {"form": form})


def form_status(form: InformationForm | None) -> dict | None:
    """Status, deadline and progress of the case's information form, for the overview."""
    if form is None:
        return None
    answers = form_answers(form)
    done = progress([(spec_for(a.question), a.value, a.live_attachments) for a in answers])
    today = timezone.localdate()
    return {
        "form": form,
        "progress": done,
        "carried_over": sum(1 for a in answers if a.carried_over),
        "overdue": form.is_editable and form.deadline < today,
        "days_left": (form.deadline - today).days,
        "submissions": list(form.submissions.select_related("submitted_by").order_by("-number")[:1]),
    }


def next_steps(user, case: Case, roles: set[CaseRole]) -> list[dict]:
    """The buttons of the "Næste skridt" panel: every action the user may take now, as a link to its page
    (or a POST where the action needs no more input). Names are unique on the page, for people and tests."""
    state = State(case.state)
    allowed = {t.action for t in available_actions(state, roles)}
    steps: list[dict] = []

    def add(key: str, label: str, url_name: str, *, post: bool = False) -> None:
        steps.append({"action": key, "label": label, "url": reverse(url_name, args=[case.pk]), "post": post})

    if Action.REQUEST_INFORMATION in allowed:
        add(Action.REQUEST_INFORMATION.value, _("Anmod om oplysninger"), "assessments:form_request")
    # Accepting is the usual outcome of a review, so its button comes before asking for more.
    if Action.ACCEPT_INFORMATION in allowed:
        add(Action.ACCEPT_INFORMATION.value, _("Godkend oplysningerne"), "assessments:form_accept", post=True)
    if Action.REQUEST_SUPPLEMENT in allowed:
        add(Action.REQUEST_SUPPLEMENT.value, _("Bed om supplering"), "assessments:form_supplement")
    if state == State.VURDERING and roles & CONSULTANTS:
        add("judgement", _("Din vurdering"), "assessments:judgement")
    if allowed & {Action.SUBMIT_FOR_SIGNOFF, Action.RESUME_RECONCILIATION}:
        add("reconciliation", _("Gå til afstemning"), "assessments:reconciliation")
    if allowed & {Action.APPROVE, Action.RETURN_TO_CONSULTANTS}:
        add("signoff", _("Gå til godkendelse"), "assessments:signoff")
    if Action.DECIDE in allowed:
        add(Action.DECIDE.value, _("Træf afgørelse"), "assessments:decision_make")
    if state == State.PARTSHOERING and roles & STAFF:
        add("hearing", _("Se partshøringen"), "assessments:hearing")
    if allowed & {Action.RECONSIDER, Action.UPHOLD}:
        add("appeal", _("Behandl klagen"), "assessments:appeal")
    if state in DECIDED and roles & STAFF:
        add("decision", _("Se afgørelsen"), "assessments:decision_make")
    return steps


def may_open_reassessment(user, case: Case) -> bool:
    """Staff of the case's socialtilsyn may open the re-assessment of a decided case (the service checks again)."""
    return (
        State(case.state) in DECIDED
        and user.role in (Role.CONSULTANT, Role.LEADER)
        and user.socialtilsyn_id == case.socialtilsyn_id
    )


def render_case_detail(
    request: HttpRequest, case: Case, *, notice_forms: dict | None = None, status: int = 200
) -> HttpResponse:
    """The overview; the change-notice view re-renders it with a form's errors next to its field."""
    roles = case_roles(request.user, case)
    form = InformationForm.objects.filter(case=case).select_related("requested_by", "reused_from__case").first()
    history = case.audit_entries.select_related("actor").order_by("-at", "-id")
    decisions = list(case.decisions.order_by("-version")) if State(case.state) in DECIDED else []
    follow_up = (
        Case.objects.filter(previous_case=case).exclude(state=State.ANNULLERET.value).order_by("-pk").first()
        if decisions
        else None
    )
    can_handle = bool(roles & STAFF)
    notice_forms = notice_forms or {}
    notices = [
        {"notice": n, "form": (notice_forms.get(n.pk) or notice_handle_form(n.pk)) if can_handle else None}
        for n in case.change_notices.filter(outcome=ChangeNotice.Outcome.PENDING)
        .select_related("submitted_by")
        .order_by("submitted_at")
    ]
    handled_notices = list(
        case.change_notices.exclude(outcome=ChangeNotice.Outcome.PENDING).select_related("handled_by", "follow_up_case")
    )
    may_cancel = Action.CANCEL in {t.action for t in available_actions(State(case.state), roles)}
    return render(
        request,
        "assessments/case/case_detail.html",
        {
            "case": case,
            "my_roles": role_labels(request.user, case),
            "waiting_for": WAITING_FOR.get(State(case.state), ""),
            "actions": next_steps(request.user, case, roles),
            "may_cancel": may_cancel,
            "form_status": form_status(form),
            "history": history,
            "decisions": decisions,
            "current_decision": decisions[0] if decisions else None,
            "follow_up": follow_up,
            "may_reassess": follow_up is None and may_open_reassessment(request.user, case),
            "notices": notices,
            "handled_notices": handled_notices,
            "can_handle_notices": can_handle,
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case_detail(request, case_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def case_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm cancelling an open case, with a required reason (the primary consultant or the case's leader)."""
    case = case_or_404(request, pk)
    roles = case_roles(request.user, case)
    try:
        check_transition(Action.CANCEL, State(case.state), roles)
    except TransitionNotAllowed as exc:
        return forbidden(request, case, PermissionDenied(str(exc)))
    form = cancel_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_transition(case=case, action=Action.CANCEL, user=request.user, note=form.cleaned_data["reason"])
        except PermissionDenied as exc:
            return forbidden(request, case, exc)
        messages.success(request, _("Sagen %(ref)s er annulleret.") % {"ref": case.reference})
        return redirect("assessments:case_detail", pk=case.pk)
    return render(request, "assessments/case/case_cancel.html", {"case": case, "form": form})
