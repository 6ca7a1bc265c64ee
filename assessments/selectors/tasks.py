"""'Venter på mig': what each user has to do next, across their cases, with due dates.

A handful of flat queries per role (no query per case). The workflow table decides whose turn a state is;
here we only list the states that wait for this user, with the link to the page where it is done.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.domain.workflow import IN_PROGRESS_STATES, SUPPLIER_FILLING_STATES, State
from assessments.models import (
    Appeal,
    Case,
    ChangeNotice,
    Decision,
    Hearing,
    HearingComment,
    InformationForm,
    Judgement,
    ReconciliationConfirmation,
)
from assessments.models.cases import state_values
from assessments.selectors.decisions import appeal_deadline
from assessments.selectors.reassessment import current_decisions

# department__supplier: a task shows the case's subject_name (Department.__str__ names the supplier).
CASE_RELATED = ("supplier", "department__supplier", "target_group")

# The columns of a task's case: what the task shows (reference, subject, target group) and decides on. Loading
# only these halves the time Django takes to compile each task query (it hashes every selected column) and
# what it sends and instantiates; a field not listed here would cost a query per task when read.
CASE_FIELDS = (
    "reference",
    "state",
    "mode",
    "primary_consultant",
    "second_consultant",
    "supplier__name",
    "department__name",
    "department__supplier__name",
    "target_group__name",
    "target_group__age_band",
)


def _case_fields(prefix: str = "") -> list[str]:
    """CASE_FIELDS from a model that points to the case (`prefix` "case__"), for QuerySet.only()."""
    return [prefix + name for name in CASE_FIELDS]


# The leader's list shows the most recently expired decisions; the rest are counted (in the same query).
LEADER_EXPIRED_SHOWN = 20


class Kind:
    FORM = "form"
    SUPPLEMENT = "supplement"
    HEARING = "hearing"
    APPEAL_PERIOD = "appeal_period"
    REQUEST = "request"
    REVIEW_FORM = "review_form"
    JUDGE = "judge"
    RECONCILE = "reconcile"
    DECIDE = "decide"
    APPEAL = "appeal"
    CHANGE_NOTICE = "change_notice"
    OVERDUE = "overdue"
    SIGNOFF = "signoff"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Task:
    title: str
    case: Case
    url: str
    due: datetime.date | None
    kind: str
    since: datetime.date | None = None  # when it arrived (a submission, an appeal), for tasks without a deadline

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def _url(name: str, case: Case) -> str:
    return reverse(f"assessments:{name}", args=[case.pk])


def _supplier_tasks(user: User, today: datetime.date) -> list[Task]:
    tasks = []
    forms = (
        InformationForm.objects.filter(
            case__supplier__users=user,
            status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT],
            case__state__in=state_values(SUPPLIER_FILLING_STATES),
        )
        .select_related(*(f"case__{r}" for r in CASE_RELATED))
        .only("status", "deadline", *_case_fields("case__"))
    )
    for form in forms:
        supplement = form.status == InformationForm.Status.SUPPLEMENT
        tasks.append(
            Task(
                title=_("Supplér oplysningsskemaet") if supplement else _("Udfyld oplysningsskemaet"),
                case=form.case,
                url=_url("form_fill", form.case),
                due=form.deadline,
                kind=Kind.SUPPLEMENT if supplement else Kind.FORM,
            )
        )
    hearings = (
        Hearing.objects.filter(
            case__supplier__users=user, case__state=State.PARTSHOERING, closed_at__isnull=True, deadline__gte=today
        )
        .select_related(*(f"case__{r}" for r in CASE_RELATED))
        .only("deadline", *_case_fields("case__"))
    )
    for hearing in hearings:
        tasks.append(
            Task(
                title=_("Læs udkastet og giv eventuelle bemærkninger (partshøring)"),
                case=hearing.case,
                url=_url("supplier_case", hearing.case),
                due=hearing.deadline,
                kind=Kind.HEARING,
            )
        )
    newer = Decision.objects.filter(case=OuterRef("case"), version__gt=OuterRef("version"))
    earliest = timezone.now() - datetime.timedelta(weeks=settings.APPEAL_WEEKS, days=1)
    decisions = (
        Decision.objects.filter(case__supplier__users=user, case__state=State.AFGJORT, decided_at__gte=earliest)
        .exclude(Exists(newer))
        .exclude(Exists(Appeal.objects.filter(decision=OuterRef("pk"))))
        .select_related(*(f"case__{r}" for r in CASE_RELATED))
        .only("decided_at", *_case_fields("case__"))
    )
    for decision in decisions:
        deadline = appeal_deadline(decision)
        if deadline >= today:
            tasks.append(
                Task(
                    title=_("Afgørelse truffet: læs den – klagefristen løber"),
                    case=decision.case,
                    url=_url("supplier_case", decision.case),
                    due=deadline,
                    kind=Kind.APPEAL_PERIOD,
                )
            )
    return tasks


# The states in which a consultant may have something to do (the leader signs off; a decided case waits).
CONSULTANT_STATES = IN_PROGRESS_STATES - {State.TIL_GODKENDELSE}


def _consultant_tasks(user: User, today: datetime.date) -> list[Task]:
    mine = Q(primary_consultant=user) | Q(second_consultant=user)
    own_submitted = Judgement.objects.filter(case=OuterRef("pk"), author=user, submitted_at__isnull=False)
    primary_submitted = Judgement.objects.filter(
        case=OuterRef("pk"), author=OuterRef("primary_consultant"), submitted_at__isnull=False
    )
    confirmed = ReconciliationConfirmation.objects.filter(
        case=OuterRef("pk"), round=OuterRef("reconciliation_round"), consultant=user
    )
    open_hearing = Hearing.objects.filter(case=OuterRef("pk"), closed_at__isnull=True)
    hearing_ready = open_hearing.filter(
        Q(deadline__lt=today) | Exists(HearingComment.objects.filter(hearing=OuterRef("pk")))
    )
    cases = (
        Case.objects.in_states(CONSULTANT_STATES)
        .filter(mine)
        .select_related(*CASE_RELATED, "information_form")
        .only(*_case_fields(), "information_form__deadline", "information_form__submitted_at")
        .annotate(
            own_submitted=Exists(own_submitted),
            primary_submitted=Exists(primary_submitted),
            confirmed=Exists(confirmed),
            hearing_ready=Exists(hearing_ready),
            # the newest pending appeal's arrival (a case under appeal has one)
            appeal_submitted_at=Subquery(
                Appeal.objects.filter(decision__case=OuterRef("pk"), outcome=Appeal.Outcome.PENDING)
                .order_by("-submitted_at")
                .values("submitted_at")[:1]
            ),
        )
        .order_by("pk")
    )
    tasks = []
    for case in cases:
        state = State(case.state)
        form = getattr(case, "information_form", None)
        if state == State.OPRETTET and case.primary_consultant_id == user.pk:
            tasks.append(Task(_("Anmod om oplysninger"), case, _url("form_request", case), None, Kind.REQUEST))
        elif state in SUPPLIER_FILLING_STATES:
            if form is not None and form.deadline < today and case.primary_consultant_id == user.pk:
                tasks.append(
                    Task(
                        _("Oplysningsskemaet er ikke indsendt til fristen – følg op"),
                        case,
                        _url("case_detail", case),
                        form.deadline,
                        Kind.OVERDUE,
                    )
                )
        elif state == State.OPLYSNINGER_MODTAGET:
            due = timezone.localtime(form.submitted_at).date() if form is not None and form.submitted_at else None
            tasks.append(
                Task(
                    _("Gennemgå de indsendte oplysninger"),
                    case,
                    _url("form_review", case),
                    None,
                    Kind.REVIEW_FORM,
                    since=due,
                )
            )
        elif state == State.VURDERING and not case.own_submitted:
            is_reviewer = case.mode == Case.Mode.REVIEW and case.second_consultant_id == user.pk
            if is_reviewer and not case.primary_submitted:
                continue  # the reviewer's turn comes when the judge has submitted
            title = _("Gennemgå kollegaens vurdering") if is_reviewer else _("Afgiv din vurdering af de otte parametre")
            tasks.append(Task(title, case, _url("judgement", case), None, Kind.JUDGE))
        elif state == State.AFSTEMNING and not case.confirmed:
            tasks.append(
                Task(_("Afstem og bekræft resultatet"), case, _url("reconciliation", case), None, Kind.RECONCILE)
            )
        elif state == State.RETURNERET:
            tasks.append(
                Task(
                    _("Lederen har returneret resultatet – genoptag afstemningen"),
                    case,
                    _url("reconciliation", case),
                    None,
                    Kind.RECONCILE,
                )
            )
        elif state == State.PARTSHOERING and case.hearing_ready:
            tasks.append(
                Task(_("Partshøringen er slut – træf afgørelse"), case, _url("hearing", case), None, Kind.DECIDE)
            )
        elif state == State.KLAGE and case.appeal_submitted_at is not None:
            received = timezone.localtime(case.appeal_submitted_at).date()
            tasks.append(
                Task(_("Behandl klagen over afgørelsen"), case, _url("appeal", case), None, Kind.APPEAL, since=received)
            )
    return tasks


def _change_notice_tasks(user: User, who: Q) -> list[Task]:
    notices = (
        ChangeNotice.objects.filter(who, outcome=ChangeNotice.Outcome.PENDING)
        .select_related(*(f"case__{r}" for r in CASE_RELATED))
        .only("submitted_at", *_case_fields("case__"))
        .order_by("submitted_at")
    )
    return [
        Task(
            _("Tag stilling til en ændringsanmeldelse"),
            n.case,
            _url("case_detail", n.case),
            None,
            Kind.CHANGE_NOTICE,
            since=timezone.localtime(n.submitted_at).date(),
        )
        for n in notices
    ]


def _leader_tasks(user: User, today: datetime.date) -> tuple[list[Task], int]:
    """The leader's tasks, and how many expired decisions are not listed (only the newest are)."""
    tasks = [
        Task(_("Godkend eller returnér det afstemte resultat"), case, _url("signoff", case), None, Kind.SIGNOFF)
        for case in Case.objects.filter(leader=user, state=State.TIL_GODKENDELSE)
        .select_related(*CASE_RELATED)
        .only(*_case_fields())
        .order_by("state_changed_at")
    ]
    expired = list(
        current_decisions()
        .filter(case__leader=user, valid_until__lt=today)
        # only what the task shows: fewer joins to plan than current_decisions' own
        .select_related(None)
        .select_related(*(f"case__{r}" for r in CASE_RELATED))
        .only("valid_until", *_case_fields("case__"))
        .annotate(total=Window(Count("pk")))
        .order_by("-valid_until", "-pk")[:LEADER_EXPIRED_SHOWN]
    )
    for decision in expired:
        tasks.append(
            Task(
                _("Afgørelsen er udløbet uden genvurdering"),
                decision.case,
                _url("case_detail", decision.case),
                decision.valid_until,
                Kind.EXPIRED,
            )
        )
    return tasks, (expired[0].total - len(expired)) if expired else 0  # type: ignore[attr-defined]


def _sort_key(task: Task) -> tuple[bool, datetime.date, datetime.date, str]:
    return (task.due is None, task.due or datetime.date.max, task.since or datetime.date.max, task.case.reference)


@dataclass(frozen=True)
class TaskPanel:
    tasks: list[Task]
    more: int = 0  # tasks not listed (a leader's expired decisions beyond the newest LEADER_EXPIRED_SHOWN)


def task_panel(user: User) -> TaskPanel:
    """The tasks waiting for `user`, earliest due date first (tasks without a date last). A fixed number of
    queries per role, whatever the number of cases.

    Suppliers: forms to fill or supplement, open hearings, recent decisions within the appeal period.
    Consultants: the step of each of their cases that waits for them, overdue forms, pending change notices.
    Leaders: cases awaiting their sign-off, the most recently expired decisions without follow-up (the number
    of the others in `more`), pending change notices.
    """
    if not user.is_authenticated:
        return TaskPanel([])
    today = timezone.localdate()
    more = 0
    if user.role == Role.SUPPLIER:
        tasks = _supplier_tasks(user, today)
    elif user.role == Role.CONSULTANT:
        tasks = _consultant_tasks(user, today) + _change_notice_tasks(
            user, Q(case__primary_consultant=user) | Q(case__second_consultant=user)
        )
    elif user.role == Role.LEADER:
        tasks, more = _leader_tasks(user, today)
        tasks += _change_notice_tasks(user, Q(case__leader=user))
    else:
        tasks = []
    return TaskPanel(sorted(tasks, key=_sort_key), more)


def tasks_for(user: User) -> list[Task]:
    """The tasks waiting for `user` (see `task_panel`)."""
    return task_panel(user).tasks
