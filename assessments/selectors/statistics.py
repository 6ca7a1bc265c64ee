"""Agreement between the two consultants' original, independent judgements: per parameter, with chance-corrected
kappa and confidence intervals, the confusion tables, and breakdowns by socialtilsyn, target group, guide version
and half-year.

Everything is read from the agreement summary (assessments.models.AgreementSummary, kept in step with the judgements
by assessments.services.agreement): one GROUP BY GROUPING SETS statement over the user's filtered rows gives every
table of the page, whatever the number of cases. The arithmetic is assessments.domain.agreement's.
A leader sees their own socialtilsyn, the fagadministrator all; nobody else sees any.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.domain.agreement import LEVELS, TableStatistics, add_tables, half_year_start, table_statistics
from assessments.models import AgreementSummary, CalibrationCitation
from assessments.models.agreement import CELLS
from suppliers.models import Socialtilsyn
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS
from targetgroups.models import AssessmentGuide, TargetGroup, VersionStatus

# Below this many pairs an estimate says little (its interval is wide); the page says so next to the number.
FEW_PAIRS = 20


def may_see_statistics(user: User) -> bool:
    return user.is_authenticated and (
        user.role == Role.FAGADMIN or (user.role == Role.LEADER and user.socialtilsyn_id is not None)
    )


# --- half-years ----------------------------------------------------------------------------------------------


def half_year_label(start: datetime.date) -> str:
    if start.month == 1:
        return _("1. halvår %(year)d") % {"year": start.year}
    return _("2. halvår %(year)d") % {"year": start.year}


# --- filters -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsChoices:
    """What the user may filter on, loaded once (the filter form and the labels of the breakdowns share them)."""

    target_groups: list[TargetGroup]
    socialtilsyn: list[Socialtilsyn] | None  # None: the user sees one socialtilsyn only (a leader)
    guides: list[AssessmentGuide]
    half_years: list[datetime.date]  # the half-years with pairs in the user's scope, oldest first


def statistics_choices(user: User) -> StatisticsChoices:
    """Four queries (three for a leader): target groups, socialtilsyn, guide versions, the first and last
    half-year with data (read from the ends of an index)."""
    span = _scoped_rows(user).aggregate(first=Min("half_year"), last=Max("half_year"))
    return StatisticsChoices(
        target_groups=list(TargetGroup.objects.order_by("name", "age_band")),
        socialtilsyn=list(Socialtilsyn.objects.order_by("name")) if user.role == Role.FAGADMIN else None,
        guides=list(
            AssessmentGuide.objects.exclude(status=VersionStatus.DRAFT)
            .select_related("target_group")
            .order_by("target_group__name", "target_group__age_band", "version")
        ),
        half_years=_half_years(span["first"], span["last"]),
    )


def _half_years(first: datetime.date | None, last: datetime.date | None) -> list[datetime.date]:
    """Every half-year from `first` to `last`, both included."""
    if first is None or last is None:
        return []
    found, start = [], first
    while start <= last:
        found.append(start)
        start = half_year_start(start + datetime.timedelta(days=190))
    return found


@dataclass(frozen=True)
class StatisticsFilters:
    target_group_id: int | None = None
    socialtilsyn_id: int | None = None
    guide_id: int | None = None
    period_from: datetime.date | None = None  # the first half-year counted (its first day)
    period_to: datetime.date | None = None  # the last half-year counted (its first day)


Summary = TypeVar("Summary", AgreementSummary, CalibrationCitation)


def scoped(rows: QuerySet[Summary], user: User) -> QuerySet[Summary]:
    """Summary rows (AgreementSummary or CalibrationCitation) a user may read: a leader their socialtilsyn's, the
    fagadmin all, anyone else none."""
    if not may_see_statistics(user):
        return rows.none()
    if user.role == Role.LEADER and user.socialtilsyn_id is not None:  # may_see_statistics: never None here
        rows = rows.filter(socialtilsyn_id=user.socialtilsyn_id)
    return rows


def _scoped_rows(user: User) -> QuerySet[AgreementSummary]:
    return scoped(AgreementSummary.objects.order_by(), user)


def statistics_rows(user: User, filters: StatisticsFilters) -> QuerySet[AgreementSummary]:
    """The summary rows the user may draw statistics from, narrowed by the filters."""
    return filtered(AgreementSummary.objects.order_by(), user, filters)


def filtered(rows: QuerySet[Summary], user: User, filters: StatisticsFilters) -> QuerySet[Summary]:
    """`rows` (either summary) within the user's scope and the filters."""
    rows = scoped(rows, user)
    if filters.target_group_id is not None:
        rows = rows.filter(target_group_id=filters.target_group_id)
    if filters.socialtilsyn_id is not None:
        rows = rows.filter(socialtilsyn_id=filters.socialtilsyn_id)
    if filters.guide_id is not None:
        rows = rows.filter(guide_id=filters.guide_id)
    if filters.period_from is not None:
        rows = rows.filter(half_year__gte=filters.period_from)
    if filters.period_to is not None:
        rows = rows.filter(half_year__lte=filters.period_to)
    return rows


# --- the overview ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementRow:
    """One line of a table: what it is about, its confusion table and the statistics of that table."""

    key: str
    label: str
    table: list[list[int]]
    stats: TableStatistics
    url_param: str = ""  # the filter that narrows the page to this line (breakdowns)

    @property
    def pairs(self) -> int:
        return self.stats.pairs

    @property
    def few(self) -> bool:
        return self.stats.pairs < FEW_PAIRS

    @property
    def rows(self) -> list[tuple[int, list[int], int]]:
        """The confusion table with its row sums, for the template: (first level, counts, sum)."""
        return [(LEVELS[i], row, sum(row)) for i, row in enumerate(self.table)]

    @property
    def column_sums(self) -> list[int]:
        return [sum(row[j] for row in self.table) for j in range(len(LEVELS))]


@dataclass(frozen=True)
class AgreementOverview:
    parameters: list[AgreementRow]
    total: AgreementRow  # all parameters together
    by_socialtilsyn: list[AgreementRow] | None  # None for a leader
    by_target_group: list[AgreementRow]
    by_guide: list[AgreementRow]
    by_half_year: list[AgreementRow]  # oldest first
    filters: StatisticsFilters = field(default_factory=StatisticsFilters)

    @property
    def cases(self) -> int:
        """Cases with an original pair: every submitted judgement has all eight levels, so each case gives one
        pair per parameter and the largest parameter count is the number of cases."""
        return max((row.pairs for row in self.parameters), default=0)


# GROUPING(...) bits, leftmost column the highest: a set's bit is 0 for the column it groups by.
_KEY_COLUMNS = ("parameter", "socialtilsyn_id", "target_group_id", "guide_id", "half_year")
_SETS = ("parameter", "socialtilsyn", "target_group", "guide", "half_year")
Grouped = dict[str, dict[object, list[list[int]]]]


def _grouped_tables(rows: QuerySet[AgreementSummary]) -> Grouped:
    """One statement: per breakdown (_SETS), per key, the summed 3 × 3 confusion table."""
    grouped: Grouped = {name: {} for name in _SETS}
    try:
        inner, params = rows.values(*_KEY_COLUMNS, *CELLS).query.sql_with_params()
    except EmptyResultSet:
        return grouped
    sql = f"""
        WITH f AS ({inner})
        SELECT GROUPING({", ".join(_KEY_COLUMNS)}), {", ".join(_KEY_COLUMNS)},
               {", ".join(f"SUM({c})" for c in CELLS)}
        FROM f
        GROUP BY GROUPING SETS ({", ".join(f"({c})" for c in _KEY_COLUMNS)})
    """  # noqa: S608 (the inner statement is the ORM's, with bound parameters; the rest is constant)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    full = (1 << len(_KEY_COLUMNS)) - 1
    k = len(LEVELS)
    for grouping, *values in result:
        keys, counts = values[: len(_KEY_COLUMNS)], [int(n or 0) for n in values[len(_KEY_COLUMNS) :]]
        for i, name in enumerate(_SETS):
            if grouping == full ^ (1 << (len(_KEY_COLUMNS) - 1 - i)):
                grouped[name][keys[i]] = [counts[r * k : (r + 1) * k] for r in range(k)]
    return grouped


def _empty_table() -> list[list[int]]:
    return [[0] * len(LEVELS) for _ in LEVELS]


def _row(key: object, label: str, table: list[list[int]], url_param: str = "") -> AgreementRow:
    return AgreementRow(key=str(key), label=label, table=table, stats=table_statistics(table), url_param=url_param)


def _rows_in_order(
    grouped: Mapping[object, list[list[int]]],
    labelled: list[tuple[object, str, str]],
) -> list[AgreementRow]:
    """Rows for the keys that have pairs, in the order of `labelled` (key, label, url parameter)."""
    return [_row(key, label, grouped[key], param) for key, label, param in labelled if key in grouped]


def agreement_overview(user: User, filters: StatisticsFilters, choices: StatisticsChoices) -> AgreementOverview:
    """Every table of the statistics page from one query over the summary (labels come from `choices`)."""
    grouped = _grouped_tables(statistics_rows(user, filters))
    by_parameter = grouped["parameter"]
    parameters = [
        _row(
            p.value,
            _(SUPPLIER_PARAMETER_LABELS[p]),
            by_parameter.get(p.value) or _empty_table(),
            f"parameter={p.value}",
        )
        for p in SUPPLIER_PARAMETERS
    ]
    total_table = add_tables(row.table for row in parameters)
    total = AgreementRow(key="total", label=_("Alle parametre"), table=total_table, stats=table_statistics(total_table))
    tilsyn_rows = None
    if choices.socialtilsyn is not None:
        tilsyn_rows = _rows_in_order(
            grouped["socialtilsyn"], [(t.pk, t.name, f"socialtilsyn={t.pk}") for t in choices.socialtilsyn]
        )
    return AgreementOverview(
        parameters=parameters,
        total=total,
        by_socialtilsyn=tilsyn_rows,
        by_target_group=_rows_in_order(
            grouped["target_group"], [(g.pk, str(g), f"maalgruppe={g.pk}") for g in choices.target_groups]
        ),
        by_guide=_rows_in_order(
            grouped["guide"], [(g.pk, guide_label(g), f"vejledning={g.pk}") for g in choices.guides]
        ),
        by_half_year=[
            _row(start, half_year_label(start), table)
            for start, table in sorted(_half_year_tables(grouped["half_year"]).items())
        ],
        filters=filters,
    )


def _half_year_tables(grouped: Mapping[object, list[list[int]]]) -> dict[datetime.date, list[list[int]]]:
    return {key: table for key, table in grouped.items() if isinstance(key, datetime.date)}


def guide_label(guide: AssessmentGuide) -> str:
    return _("%(group)s, vejledning version %(version)d") % {"group": guide.target_group, "version": guide.version}
