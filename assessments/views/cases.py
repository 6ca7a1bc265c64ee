"""The consultants' and leaders' case pages: the list, opening a case, and one case's overview.

Suppliers see their own cases in the list (linking to their form pages) but never the case overview.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from targetgroups.models import TargetGroup

from ..domain.answers import progress
from ..domain.workflow import Action, CaseRole, State, available_actions
from ..forms_case import CaseCreateForm, CaseFilterForm
from ..models import Case, InformationForm
from ..permissions import case_roles
from ..selectors import case_for, cases_visible_to
from ..services.cases import case_open
from ..services.forms import form_answers, spec_for

PAGE_SIZE = 25

ROLE_LABELS = {
    CaseRole.PRIMARY: gettext_lazy("Primær konsulent"),
    CaseRole.SECOND: gettext_lazy("Anden konsulent"),
    CaseRole.LEADER: gettext_lazy("Leder, der godkender"),
    CaseRole.SUPPLIER: gettext_lazy("Leverandør"),
}

# The actions that have a page now; the rest of the workflow is listed as text until its issue lands.
ACTION_URLS = {
    Action.REQUEST_INFORMATION: "assessments:form_request",
    Action.REQUEST_SUPPLEMENT: "assessments:form_supplement",
    Action.ACCEPT_INFORMATION: "assessments:form_accept",
}
POST_ACTIONS = {Action.ACCEPT_INFORMATION}

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


def role_labels(user, case: Case) -> list[str]:
    roles = case_roles(user, case)
    return [str(label) for role, label in ROLE_LABELS.items() if role in roles]


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


def case_rows(user, cases) -> list[dict]:
    """What the case table shows per case; no queries beyond the (select_related) case list itself."""
    today = timezone.localdate()
    rows = []
    for case in cases:
        form = getattr(case, "information_form", None)  # select_related: None without a query when absent
        deadline = form.deadline if form is not None and form.is_editable else None
        rows.append(
            {
                "case": case,
                "roles": role_labels(user, case) if user.role != Role.SUPPLIER else [],
                "deadline": deadline,
                "overdue": deadline is not None and deadline < today,
                "form": form,
            }
        )
    return rows


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


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    roles = case_roles(request.user, case)
    actions, later = [], []
    # Accepting is the usual outcome of a review, so its button comes first (the table lists supplement first).
    ordered = sorted(available_actions(State(case.state), roles), key=lambda t: t.action != Action.ACCEPT_INFORMATION)
    for transition in ordered:
        if transition.action in ACTION_URLS:
            actions.append(
                {
                    "label": transition.label,
                    "url": ACTION_URLS[transition.action],
                    "post": transition.action in POST_ACTIONS,
                    "action": transition.action.value,
                }
            )
        else:
            later.append(transition.label)
    form = InformationForm.objects.filter(case=case).select_related("requested_by", "reused_from__case").first()
    history = case.audit_entries.select_related("actor").order_by("-at", "-id")
    return render(
        request,
        "assessments/case/case_detail.html",
        {
            "case": case,
            "my_roles": role_labels(request.user, case),
            "waiting_for": WAITING_FOR.get(State(case.state), ""),
            "actions": actions,
            "later_actions": later,
            "form_status": form_status(form),
            "history": history,
        },
    )
