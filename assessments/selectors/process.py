"""Process figures (sagsforløb) for leaders (their socialtilsyn) and the fagadministrator (every socialtilsyn).

Three parts, each counted by PostgreSQL, never by loading rows into Python:

- time spent in each state (median and 90th percentile) per socialtilsyn, from the audit trail's state changes;
- what is overdue now: forms past their deadline, hearings past their deadline without a decision, decisions
  expired without a genvurdering;
- the genvurderinger falling due per month for the next twelve months (the current decisions' end dates).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Role, User
from assessments.domain import process as arithmetic
from assessments.domain.workflow import STATE_LABELS, SUPPLIER_FILLING_STATES, State
from assessments.models import (
    Case,
    CurrentPlacement,
    Decision,
    Hearing,
    InformationForm,
    ReassessmentDueSummary,
    StateDurationSummary,
)
from assessments.models.cases import state_values
from assessments.selectors.reassessment import current_decisions
from suppliers.models import Socialtilsyn
from targetgroups.models import TargetGroup

# The audit actions of a state change (assessments.services.cases.case_transition): "transition:<action>", with
# before = {"state": the state left} and after = {"state": the state entered}.


@dataclass(frozen=True)
class ProcessScope:
    """Whose cases the figures count: one socialtilsyn or all (None), optionally one target group."""

    socialtilsyn_id: int | None
    target_group_id: int | None = None

    def case_filter(self, prefix: str = "") -> Q:
        """The scope as a filter on cases (`prefix` "case__" from a row that belongs to a case)."""
        q = Q()
        if self.socialtilsyn_id is not None:
            q &= Q(**{f"{prefix}socialtilsyn_id": self.socialtilsyn_id})
        if self.target_group_id is not None:
            q &= Q(**{f"{prefix}target_group_id": self.target_group_id})
        return q


def process_scope(
    user: User, *, socialtilsyn_id: int | None = None, target_group_id: int | None = None
) -> ProcessScope:
    """The scope a user asks for, narrowed to what they may see: a leader always their own socialtilsyn
    (whatever they ask), a fagadministrator the one chosen or all. PermissionDenied for every other role."""
    if not user.has_perm("assessments.view_process_figures"):
        raise PermissionDenied
    if user.role == Role.LEADER:
        return ProcessScope(socialtilsyn_id=user.socialtilsyn_id, target_group_id=target_group_id)
    return ProcessScope(socialtilsyn_id=socialtilsyn_id, target_group_id=target_group_id)


# --- time in state ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StateDuration:
    """How long cases stayed in one state before they left it: the spells that ended in the period."""

    socialtilsyn_id: int | None  # None: all socialtilsyn in the scope together
    state: State
    spells: int
    median_days: float
    p90_days: float

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


_STATE_ORDER = {state: position for position, state in enumerate(State)}


def _sorted_durations(rows: Iterable[StateDuration]) -> list[StateDuration]:
    # the national rows (None) first, then by socialtilsyn id; within each, the states in workflow order
    return sorted(rows, key=lambda r: (r.socialtilsyn_id is not None, r.socialtilsyn_id or 0, _STATE_ORDER[r.state]))


# One row per spell: the case's socialtilsyn and target group, the state it left, when, and how long it was in it.
# `{where}` narrows the cases ("" or "AND ..."); the LIKE pattern is escaped for a statement with bound values.
SPELLS_SQL = """
    SELECT c.socialtilsyn_id AS c_tilsyn,
           c.target_group_id AS c_group,
           a.before ->> 'state' AS state,
           a.at AS ended_at,
           EXTRACT(EPOCH FROM a.at - COALESCE(
               LAG(a.at) OVER (PARTITION BY a.case_id ORDER BY a.at, a.id), c.opened_at
           )) AS seconds
    FROM audit_auditentry a
    JOIN assessments_case c ON c.id = a.case_id
    WHERE a.action LIKE 'transition:%%' {where}
"""


def _duration(tilsyn: int | None, state: str, spells: int, median: float, p90: float) -> StateDuration:
    return StateDuration(
        socialtilsyn_id=tilsyn,
        state=State(state),
        spells=spells,
        median_days=arithmetic.days(median) or 0.0,
        p90_days=arithmetic.days(p90) or 0.0,
    )


_KNOWN_STATES = frozenset(state.value for state in State)


def state_durations(scope: ProcessScope, *, since: datetime.datetime) -> list[StateDuration]:
    """Per socialtilsyn and state, how many spells in that state ended since `since`, and their median and 90th
    percentile in days. With the scope on all socialtilsyn, also the national figure (socialtilsyn_id None).

    Computed live from the audit trail, in one statement: seconds at national scale, so the page reads the
    nightly summary (summary_durations, written by services.process.process_summary_refresh from the same
    spells). A spell is the time between two state changes of one case: each state change (an audit row) ends
    the spell in the state it left (`before`), which began at the case's previous state change (LAG over the
    case's state changes in time order) or, for the first, when the case was opened. A state the case is still
    in has no end yet and is not counted (the overdue figures show what waits now).
    """
    where = ["c.socialtilsyn_id = %(tilsyn)s"] if scope.socialtilsyn_id is not None else []
    if scope.target_group_id is not None:
        where.append("c.target_group_id = %(group)s")
    grouping = "(c_tilsyn, state)" + (", (state)" if scope.socialtilsyn_id is None else "")
    sql = f"""
        WITH spells AS ({SPELLS_SQL.format(where="".join(f"AND {w} " for w in where))})
        SELECT CASE WHEN GROUPING(c_tilsyn) = 1 THEN NULL ELSE c_tilsyn END, state, COUNT(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
        FROM spells
        WHERE ended_at >= %(since)s AND state IS NOT NULL
        GROUP BY GROUPING SETS ({grouping})
    """  # noqa: S608 (only fixed fragments are formatted in; the values are bound)
    params = {"tilsyn": scope.socialtilsyn_id, "group": scope.target_group_id, "since": since}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _sorted_durations(_duration(*row) for row in rows if row[1] in _KNOWN_STATES)


def summary_durations(scope: ProcessScope, *, period_months: int) -> list[StateDuration]:
    """The figures of state_durations for a look-back period, as of the last refresh of the summary: one
    indexed read. With the scope on all socialtilsyn, each socialtilsyn's rows and the national ones (None)."""
    rows = StateDurationSummary.objects.filter(
        period_months=period_months,
        **({"target_group_id": scope.target_group_id} if scope.target_group_id else {"target_group__isnull": True}),
    )
    if scope.socialtilsyn_id is not None:
        rows = rows.filter(socialtilsyn_id=scope.socialtilsyn_id)
    found = rows.order_by().values_list("socialtilsyn_id", "state", "spells", "median_seconds", "p90_seconds")
    return _sorted_durations(_duration(*row) for row in found if row[1] in _KNOWN_STATES)


def summary_refreshed_at() -> datetime.datetime | None:
    """When the summaries were last refreshed (None: never). All rows of one refresh share the time."""
    return (
        StateDurationSummary.objects.order_by().values_list("refreshed_at", flat=True).first()
        or ReassessmentDueSummary.objects.order_by().values_list("refreshed_at", flat=True).first()
    )


# --- overdue now --------------------------------------------------------------------------------------------------


class OverdueKind:
    FORM = "form"  # the oplysningsskema is not submitted by its deadline
    HEARING = "hearing"  # the hearing's deadline has passed and no decision is made (the decision is due)
    EXPIRED = "expired"  # the decision in force has expired without a genvurdering


OVERDUE_KINDS = (OverdueKind.FORM, OverdueKind.HEARING, OverdueKind.EXPIRED)


@dataclass(frozen=True)
class OverdueCount:
    socialtilsyn_id: int
    kind: str
    count: int
    oldest: datetime.date  # the earliest deadline (or end date) among them


def _overdue_querysets(scope: ProcessScope, today: datetime.date) -> list[QuerySet]:
    in_scope = scope.case_filter("case__")
    forms = InformationForm.objects.filter(
        in_scope,
        status__in=[InformationForm.Status.OPEN, InformationForm.Status.SUPPLEMENT],
        deadline__lt=today,
        case__state__in=state_values(SUPPLIER_FILLING_STATES),
    )
    # A hearing stays open until the decision is made (decision_make closes it), which is allowed from the
    # day after its deadline: an open hearing past its deadline is a decision waiting.
    hearings = Hearing.objects.filter(
        in_scope, closed_at__isnull=True, deadline__lt=today, case__state=State.PARTSHOERING.value
    )
    # The decision in force of each subject is its current placement (services.placements keeps the table); it
    # has expired without a genvurdering when no (non-cancelled) case follows its case. Read off the placement
    # table's validity index: deriving the current decisions from every decision and case (reassessment.
    # current_decisions) took 5–30 ms at national scale, most of the page's SQL, to find the few expired.
    follow_up = Case.objects.filter(previous_case=OuterRef("case")).not_cancelled()
    expired = CurrentPlacement.objects.filter(scope.case_filter(), valid_until__lt=today).exclude(Exists(follow_up))
    grouped = []
    for kind, queryset, date_field, tilsyn in (
        (OverdueKind.FORM, forms, "deadline", "case__socialtilsyn_id"),
        (OverdueKind.HEARING, hearings, "deadline", "case__socialtilsyn_id"),
        (OverdueKind.EXPIRED, expired, "valid_until", "socialtilsyn_id"),
    ):
        grouped.append(
            queryset.order_by()
            .values(tilsyn)
            .annotate(kind=Value(kind), n=Count("*"), oldest=Min(date_field))
            .values_list(tilsyn, "kind", "n", "oldest")
        )
    return grouped


def overdue_counts(scope: ProcessScope, *, today: datetime.date) -> list[OverdueCount]:
    """What is overdue today, per socialtilsyn and kind, with the oldest deadline. One statement (UNION ALL)."""
    forms, hearings, expired = _overdue_querysets(scope, today)
    return [
        OverdueCount(socialtilsyn_id=tilsyn, kind=kind, count=n, oldest=oldest)
        for tilsyn, kind, n, oldest in forms.union(hearings, expired, all=True)
    ]


# --- genvurderinger falling due -----------------------------------------------------------------------------------


def due_counts(scope: ProcessScope, *, today: datetime.date) -> dict[tuple[int, datetime.date], int]:
    """The current decisions that expire from today to the end of the twelfth month (today's month is the
    first), per socialtilsyn and month of their end date: {(socialtilsyn id, first day of month): count}."""
    decisions: QuerySet[Decision] = current_decisions().select_related(None)
    rows = (
        decisions.filter(scope.case_filter("case__"), valid_until__gte=today, valid_until__lt=arithmetic.due_end(today))
        .order_by()
        .annotate(month=TruncMonth("valid_until"))
        .values("case__socialtilsyn_id", "month")
        .annotate(n=Count("pk"))
        .values_list("case__socialtilsyn_id", "month", "n")
    )
    return {(tilsyn, month): n for tilsyn, month, n in rows}


def summary_due_counts(scope: ProcessScope) -> dict[tuple[int, datetime.date], int]:
    """The figures of due_counts as of the last refresh of the summary (its twelve months start with the refresh
    day's month): one indexed read."""
    rows = ReassessmentDueSummary.objects.filter(
        **({"target_group_id": scope.target_group_id} if scope.target_group_id else {"target_group__isnull": True})
    )
    if scope.socialtilsyn_id is not None:
        rows = rows.filter(socialtilsyn_id=scope.socialtilsyn_id)
    return {
        (tilsyn, month): n for tilsyn, month, n in rows.order_by().values_list("socialtilsyn_id", "month", "decisions")
    }


# --- the page -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TilsynOverdue:
    socialtilsyn: Socialtilsyn | None  # None: the total over the socialtilsyn shown
    counts: dict[str, OverdueCount | None]

    def count(self, kind: str) -> int:
        found = self.counts.get(kind)
        return found.count if found else 0


@dataclass(frozen=True)
class DueSeries:
    socialtilsyn: Socialtilsyn
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class DurationGroup:
    """The state figures of one socialtilsyn (None: all together)."""

    socialtilsyn: Socialtilsyn | None
    rows: list[StateDuration]


@dataclass(frozen=True)
class ProcessFigures:
    scope: ProcessScope
    refreshed_at: datetime.datetime | None  # when the summaries were computed (None: not yet)
    since: datetime.date  # spells that ended from this day on are counted
    today: datetime.date
    tilsyn: list[Socialtilsyn]  # the socialtilsyn the figures cover, by name
    durations: list[DurationGroup]
    overdue: list[TilsynOverdue]  # one per socialtilsyn, then the total when there are several
    months: list[datetime.date]
    due: list[DueSeries]
    month_totals: list[int] = field(default_factory=list)

    @property
    def due_total(self) -> int:
        return sum(self.month_totals)

    @property
    def overall_durations(self) -> DurationGroup | None:
        """The group a chart draws: all socialtilsyn together, or the only one."""
        return self.durations[0] if self.durations else None


def _tilsyn_in(scope: ProcessScope, tilsyn_choices: Iterable[Socialtilsyn]) -> list[Socialtilsyn]:
    if scope.socialtilsyn_id is None:
        return sorted(tilsyn_choices, key=lambda t: t.name)
    return [t for t in tilsyn_choices if t.pk == scope.socialtilsyn_id]


def process_figures(
    scope: ProcessScope, *, tilsyn_choices: Iterable[Socialtilsyn], today: datetime.date, period_months: int
) -> ProcessFigures:
    """Every figure of the page for `scope`: four statements. The time in state and the genvurderinger per month
    come from the nightly summaries (as of their refresh, which the page shows); what is overdue is counted now.
    `tilsyn_choices` are the socialtilsyn the user may see (loaded by the caller for the filter), so names cost
    no query of their own."""
    shown = _tilsyn_in(scope, tilsyn_choices)
    by_pk = {t.pk: t for t in shown}
    refreshed_at = summary_refreshed_at()
    as_of = timezone.localdate(refreshed_at) if refreshed_at is not None else today

    groups: dict[int | None, list[StateDuration]] = {}
    for row in summary_durations(scope, period_months=period_months):
        groups.setdefault(row.socialtilsyn_id, []).append(row)
    if scope.socialtilsyn_id is not None:
        # one socialtilsyn: its rows are the overall figures too
        duration_groups = [DurationGroup(by_pk.get(scope.socialtilsyn_id), groups.get(scope.socialtilsyn_id, []))]
    else:
        duration_groups = [DurationGroup(None if key is None else by_pk.get(key), rows) for key, rows in groups.items()]
    duration_groups = [group for group in duration_groups if group.rows]

    overdue_rows = overdue_counts(scope, today=today)
    overdue = [TilsynOverdue(t, {r.kind: r for r in overdue_rows if r.socialtilsyn_id == t.pk}) for t in shown]
    if len(shown) > 1:
        overdue.append(TilsynOverdue(None, _overdue_total(overdue_rows)))

    months = arithmetic.months_ahead(as_of)
    grid = arithmetic.month_grid(summary_due_counts(scope), [t.pk for t in shown], months)
    due = [DueSeries(t, grid[t.pk]) for t in shown]
    month_totals = [sum(series.counts[i] for series in due) for i in range(len(months))]
    return ProcessFigures(
        scope=scope,
        refreshed_at=refreshed_at,
        since=arithmetic.period_start(as_of, period_months),
        today=today,
        tilsyn=shown,
        durations=duration_groups,
        overdue=overdue,
        months=months,
        due=due,
        month_totals=month_totals,
    )


def _overdue_total(rows: list[OverdueCount]) -> dict[str, OverdueCount | None]:
    total: dict[str, OverdueCount | None] = {}
    for kind in OVERDUE_KINDS:
        of_kind = [r for r in rows if r.kind == kind]
        total[kind] = (
            OverdueCount(0, kind, sum(r.count for r in of_kind), min(r.oldest for r in of_kind)) if of_kind else None
        )
    return total


@dataclass(frozen=True)
class ProcessFilterChoices:
    target_groups: QuerySet[TargetGroup]
    socialtilsyn: list[Socialtilsyn]  # the socialtilsyn the user may see (a leader: their own)
    choose_socialtilsyn: bool  # the filter offers a choice (the fagadministrator)


def process_filter_choices(user: User) -> ProcessFilterChoices:
    """The filter's choices; PermissionDenied for a user who may not see the figures."""
    if not user.has_perm("assessments.view_process_figures"):
        raise PermissionDenied
    if user.role == Role.LEADER:
        if user.socialtilsyn_id is None:  # the permission above rules it out; the type does not know
            raise PermissionDenied
        return ProcessFilterChoices(
            target_groups=TargetGroup.objects.order_by("name", "age_band"),
            socialtilsyn=list(Socialtilsyn.objects.filter(pk=user.socialtilsyn_id)),
            choose_socialtilsyn=False,
        )
    return ProcessFilterChoices(
        target_groups=TargetGroup.objects.order_by("name", "age_band"),
        socialtilsyn=list(Socialtilsyn.objects.order_by("name")),
        choose_socialtilsyn=True,
    )
