"""Reads of cases, always scoped to the asking user: the case list, the overview and the case navigation."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from assessments.domain.answers import progress
from assessments.domain.workflow import (
    CONSULTANTS,
    DECIDED_STATES,
    HEARING_STATES,
    JUDGING_STATES,
    STAFF_ROLES,
    SUPPLIER_RESULT_STATES,
    Action,
    CaseRole,
    State,
    Tab,
    TransitionNotAllowed,
    available_actions,
    case_tabs,
    check_transition,
    tab_pages,
)
from assessments.models import Case, ChangeNotice, Decision, Hearing, InformationForm
from assessments.models.cases import CaseQuerySet, state_values
from assessments.permissions import case_roles
from assessments.selectors.access import STAFF, cases_visible_to, load_related, staff_case_or_404
from assessments.selectors.information_form import form_answers, spec_for
from core.errors import ActionNotAllowed
from targetgroups.models import TargetGroup

PAGE_SIZE = 25


ROLE_LABELS = {
    CaseRole.PRIMARY: gettext_lazy("Primær konsulent"),
    CaseRole.SECOND: gettext_lazy("Anden konsulent"),
    CaseRole.LEADER: gettext_lazy("Leder, der godkender"),
    CaseRole.SUPPLIER: gettext_lazy("Leverandør"),
}


def role_labels(user: User, case: Case) -> list[str]:
    roles = case_roles(user, case)
    return [str(label) for role, label in ROLE_LABELS.items() if role in roles]


# What the case table shows (case_table.html): the supplier, the department's name, the target group and the
# information form. Only these are joined: each further relation costs the planner time on every request (9
# joins took 10–90 ms to plan at national scale); the consultants and the leader are compared by id.
CASE_TABLE_RELATED = ("supplier", "department", "target_group", "information_form")
# Their columns that the table shows or decides on (the roles, whether the form is still open): Django compiles
# a query in time proportional to its columns. A column read but not loaded costs a query per row (the query
# counts are pinned in tests).
CASE_TABLE_FIELDS = (
    "reference",
    "state",
    "primary_consultant",
    "second_consultant",
    "leader",
    "supplier__name",
    "department__name",
    "target_group__name",
    "target_group__age_band",
    "information_form__deadline",
    "information_form__status",
)


def case_table_cases(cases: CaseQuerySet) -> CaseQuerySet:
    """`cases` with the relations and columns the case table shows, and no others."""
    return cases.select_related(None).select_related(*CASE_TABLE_RELATED).only(*CASE_TABLE_FIELDS)


def case_rows(user: User, cases: Any) -> list[dict[str, Any]]:
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


def case_list_target_groups(user: User) -> QuerySet[TargetGroup]:
    """The target groups of the cases the user sees: the choices of the case list's filter."""
    visible = cases_visible_to(user).values("target_group_id")
    if user.role == Role.CONSULTANT:
        # A consultant's cases are read once off the two consultant indexes (DISTINCT keeps the subquery apart);
        # as a semi-join the planner probes each target group's thousands of cases for them (~50–100 ms). A
        # leader's socialtilsyn has cases of every target group: there the semi-join stops at the first one.
        visible = visible.distinct()
    return TargetGroup.objects.filter(pk__in=visible).order_by("name", "age_band")


@dataclass(frozen=True)
class CaseListPage:
    page: Page
    rows: list[dict[str, Any]]


def case_list_page(
    user: User, *, status: str = "", target_group: TargetGroup | None = None, page_number: str | None = None
) -> CaseListPage:
    """One page of the cases the user sees, newest first, optionally filtered by status and target group.

    Paginated on a narrow query first (the ids of the page's cases, by the sort and the filters, with no joins
    but the user's scope), then those cases are loaded with their relations: the count and the top-25 sort
    never join the relations the table shows. Three queries.
    """
    cases = cases_visible_to(user)
    if status:
        cases = cases.filter(state=status)
    if target_group is not None:
        cases = cases.filter(target_group=target_group)
    ids = cases.order_by("-opened_at", "-pk").values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(page_number)
    page_ids = list(page.object_list)
    loaded = case_table_cases(cases_visible_to(user)).filter(pk__in=page_ids).in_bulk()
    cases_on_page = [loaded[pk] for pk in page_ids if pk in loaded]
    page.object_list = cases_on_page  # type: ignore[assignment]  # the page shows cases, not their ids
    return CaseListPage(page=page, rows=case_rows(user, cases_on_page))


# The labels of the case navigation's tabs.
TAB_LABELS: dict[Tab, Promise] = {
    Tab.OVERVIEW: gettext_lazy("Overblik"),
    Tab.FORM: gettext_lazy("Oplysningsskema"),
    Tab.JUDGEMENT: gettext_lazy("Vurdering"),
    Tab.RECONCILIATION: gettext_lazy("Afstemning"),
    Tab.SIGNOFF: gettext_lazy("Godkendelse"),
    Tab.HEARING: gettext_lazy("Partshøring"),
    Tab.DECISION: gettext_lazy("Afgørelse"),
    Tab.APPEAL: gettext_lazy("Klage"),
    Tab.INTERVIEW_NOTES: gettext_lazy("Interviewnoter"),
    Tab.HISTORY: gettext_lazy("Historik"),
}


@dataclass(frozen=True)
class NavTab:
    label: str
    url: str
    current: bool


def case_nav(user: User, case: Case, here: str | None) -> list[NavTab]:
    """The case's own navigation for this user (workflow.case_tabs); `here` is the URL name of the page shown.

    No query for staff (their case roles come from the case's own columns).
    """
    tabs = case_tabs(State(case.state), case_roles(user, case))
    return [
        NavTab(
            label=str(TAB_LABELS[tab]),
            url=reverse(f"assessments:{tab.value}", args=[case.pk]),
            current=here in tab_pages(tab),
        )
        for tab in tabs
    ]


@dataclass(frozen=True)
class SupplierResultRow:
    case: Case
    status: str


def _supplier_result_status(case: Case, hearing: Hearing | None) -> str:
    """Where a case stands, in the supplier's words (their dashboard)."""
    state = State(case.state)
    if state in HEARING_STATES and hearing is not None:
        deadline = date_format(hearing.deadline, "j. F Y")
        return _("Udkast til afgørelse – bemærkninger senest %(date)s") % {"date": deadline}
    if state in HEARING_STATES:
        return _("Udkast til afgørelse")
    if state == State.AFGJORT:
        return _("Afgjort")
    if state == State.KLAGE:
        return _("Klage under behandling")
    return _("Afgørelsen tages op igen")


def supplier_result_cases(user: User) -> list[SupplierResultRow]:
    """The supplier's dashboard: their cases in partshøring, decided or under appeal, or with a decision
    (newest change first, at most 20), each with where it stands."""
    has_decision = Exists(Decision.objects.filter(case=OuterRef("pk")))
    cases: list[Case] = list(
        cases_visible_to(user)
        # the block shows subject_name (Department.__str__ names its supplier) and the target group
        .select_related(None)
        .select_related("supplier", "department__supplier", "target_group")
        .annotate(has_decision=has_decision)
        .filter(Q(state__in=state_values(SUPPLIER_RESULT_STATES)) | Q(has_decision=True))
        .order_by("-state_changed_at", "-pk")[:20]
    )
    open_hearings = {
        h.case_id: h for h in Hearing.objects.filter(case__in=cases, closed_at__isnull=True).order_by("started_at")
    }
    return [SupplierResultRow(case, _supplier_result_status(case, open_hearings.get(case.pk))) for case in cases]


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


def form_status(form: InformationForm | None) -> dict[str, Any] | None:
    """Status, deadline and progress of the case's information form, for the overview."""
    if form is None:
        return None
    answers = form_answers(form)
    done = progress([(spec_for(a.question), a.value, getattr(a, "live_attachments", 0)) for a in answers])
    today = timezone.localdate()
    return {
        "form": form,
        "progress": done,
        "carried_over": sum(1 for a in answers if a.carried_over),
        "overdue": form.is_editable and form.deadline < today,
        "days_left": (form.deadline - today).days,
        "submissions": list(form.submissions.select_related("submitted_by").order_by("-number")[:1]),
    }


def next_steps(case: Case, roles: set[CaseRole]) -> list[dict[str, Any]]:
    """The buttons of the "Næste skridt" panel: every action the user may take now, as a link to its page
    (or a POST where the action needs no more input). Names are unique on the page, for people and tests."""
    state = State(case.state)
    allowed = {t.action for t in available_actions(state, roles)}
    staff = bool(roles & STAFF_ROLES)
    steps: list[dict[str, Any]] = []

    def add(key: str, label: str, url_name: str, *, post: bool = False) -> None:
        steps.append({"action": key, "label": label, "url": reverse(url_name, args=[case.pk]), "post": post})

    if Action.REQUEST_INFORMATION in allowed:
        add(Action.REQUEST_INFORMATION.value, _("Anmod om oplysninger"), "assessments:form_request")
    # Accepting is the usual outcome of a review, so its button comes before asking for more.
    if Action.ACCEPT_INFORMATION in allowed:
        add(Action.ACCEPT_INFORMATION.value, _("Godkend oplysningerne"), "assessments:form_accept", post=True)
    if Action.REQUEST_SUPPLEMENT in allowed:
        add(Action.REQUEST_SUPPLEMENT.value, _("Bed om supplering"), "assessments:form_supplement")
    if state in JUDGING_STATES and roles & CONSULTANTS:
        add("judgement", _("Din vurdering"), "assessments:judgement")
    if allowed & {Action.SUBMIT_FOR_SIGNOFF, Action.RESUME_RECONCILIATION}:
        add("reconciliation", _("Gå til afstemning"), "assessments:reconciliation")
    if allowed & {Action.APPROVE, Action.RETURN_TO_CONSULTANTS}:
        add("signoff", _("Gå til godkendelse"), "assessments:signoff")
    if Action.DECIDE in allowed:
        add(Action.DECIDE.value, _("Træf afgørelse"), "assessments:decision_make")
    if state in HEARING_STATES and staff:
        add("hearing", _("Se partshøringen"), "assessments:hearing")
    if allowed & {Action.RECONSIDER, Action.UPHOLD}:
        add("appeal", _("Behandl klagen"), "assessments:appeal")
    if state in DECIDED_STATES and staff:
        add("decision", _("Se afgørelsen"), "assessments:decision_make")
    return steps


def may_open_reassessment(user: User, case: Case) -> bool:
    """Staff of the case's socialtilsyn may open the re-assessment of a decided case (the service checks again)."""
    return (
        State(case.state) in DECIDED_STATES
        and user.role in (Role.CONSULTANT, Role.LEADER)
        and user.socialtilsyn_id == case.socialtilsyn_id
    )


def follow_up_of(case: Case) -> Case | None:
    """The re-assessment opened from this case (not cancelled), if any."""
    return Case.objects.follow_ups_of(case).first()


@dataclass(frozen=True)
class FollowUp:
    """The re-assessment opened from a case, as the overview links to it."""

    pk: int
    reference: str


def _decisions_with_follow_up(case: Case) -> tuple[list[Decision], FollowUp | None]:
    """The case's decisions, newest version first, and its follow-up case: one query (the follow-up's key and
    reference ride along on each decision row as subqueries)."""
    follow_ups = Case.objects.follow_ups_of(case)
    decisions: list[Any] = list(
        case.decisions.annotate(
            follow_up_pk=Subquery(follow_ups.values("pk")[:1]),
            follow_up_reference=Subquery(follow_ups.values("reference")[:1]),
        ).order_by("-version")
    )
    newest = decisions[0] if decisions else None
    if newest is None or newest.follow_up_pk is None:
        return decisions, None
    return decisions, FollowUp(pk=newest.follow_up_pk, reference=newest.follow_up_reference)


@dataclass(frozen=True)
class CaseOverview:
    """What the case overview shows; `context()` is the template's context (the names tests read)."""

    case: Case
    can_handle_notices: bool
    pending_notices: list[ChangeNotice]
    values: dict[str, Any]

    def context(self) -> dict[str, Any]:
        return {"case": self.case, "can_handle_notices": self.can_handle_notices, **self.values}


def case_overview(user: User, pk: int) -> CaseOverview:
    """The overview of a case the user may see with its internals (Http404 otherwise). Flat query count:
    the case (with its people), its bound versions, its form, the form's answers and newest submission, the decisions
    (with the follow-up case), the change notices (pending and handled in one query), the latest audit rows."""
    case = staff_case_or_404(user, pk, only=STAFF)
    load_related(case, "description", "guide", "rule", "form_template")  # the bound versions, in a query of their own
    roles = case_roles(user, case)
    state = State(case.state)
    allowed = {t.action for t in available_actions(state, roles)}
    form = InformationForm.objects.filter(case=case).select_related("requested_by", "reused_from__case").first()
    if form is not None:
        form.case = case
    decisions, follow_up = _decisions_with_follow_up(case) if state in DECIDED_STATES else ([], None)
    notices = list(
        case.change_notices.select_related("submitted_by", "handled_by", "follow_up_case").order_by(
            "submitted_at", "pk"
        )
    )
    pending = [n for n in notices if n.outcome == ChangeNotice.Outcome.PENDING]
    # handled: newest first (the model's ordering)
    handled = [n for n in reversed(notices) if n.outcome != ChangeNotice.Outcome.PENDING]
    values = {
        "my_roles": role_labels(user, case),
        "waiting_for": WAITING_FOR.get(state, ""),
        "actions": next_steps(case, roles),
        "show_review_link": Action.ACCEPT_INFORMATION in allowed,
        "may_cancel": Action.CANCEL in allowed,
        "form_status": form_status(form),
        # the newest twelve (the full trail is the history page's), without the before/after values it shows
        "history": list(
            case.audit_entries.select_related("actor").defer("before", "after").order_by("-at", "-id")[:12]
        ),
        "decisions": decisions,
        "current_decision": decisions[0] if decisions else None,
        "follow_up": follow_up,
        "may_reassess": follow_up is None and may_open_reassessment(user, case),
        "handled_notices": handled,
    }
    return CaseOverview(case=case, can_handle_notices=bool(roles & STAFF_ROLES), pending_notices=pending, values=values)


def case_cancel_or_refuse(user: User, pk: int) -> Case:
    """A case the user may cancel now (primary consultant or the case's leader, in an open state).

    Http404 when the user may not see it; ActionNotAllowed (the 403 page, with the reason) when they may see
    it but not cancel it."""
    case = staff_case_or_404(user, pk)
    try:
        check_transition(Action.CANCEL, State(case.state), case_roles(user, case))
    except TransitionNotAllowed as exc:
        raise ActionNotAllowed(str(exc)) from exc
    return case
