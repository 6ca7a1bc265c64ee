"""Calibration: for the parameters the consultants agree least on, the guide criteria and description boxes they
cited when they disagreed — the list a fagadministrator needs to sharpen the next guide version.

Which parameters are low comes from the agreement summary (assessments.selectors.statistics). The citations are
counted by PostgreSQL over the disagreeing original pairs of one parameter at a time (GROUP BY over the
judgements' citation tables, the ten most cited returned), so no judgement row is loaded into Python.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from accounts.models import Role, User
from assessments.models import Case, ParameterJudgement
from assessments.selectors.statistics import (
    AgreementOverview,
    AgreementRow,
    StatisticsChoices,
    StatisticsFilters,
    agreement_overview,
    guide_label,
    may_see_statistics,
)
from targetgroups.models import AssessmentGuide, DescriptionCell, DescriptionParameterChoices, GuideCriterion

# A parameter needs calibration when its linearly weighted kappa is below this (below "substantial" agreement in
# the usual reading of Landis & Koch 1977) …
LOW_WEIGHTED_KAPPA = 0.6
# … or when fewer than this share of the pairs are on the same level.
LOW_AGREEMENT = 0.7
MOST_CITED = 10


def is_low(row: AgreementRow) -> bool:
    """Too little agreement (either threshold); a parameter without pairs or without a kappa is not judged."""
    if row.pairs == 0:
        return False
    kappa, observed = row.stats.weighted_kappa.value, row.stats.observed.value
    return (kappa is not None and kappa < LOW_WEIGHTED_KAPPA) or (observed is not None and observed < LOW_AGREEMENT)


@dataclass(frozen=True)
class CitedItem:
    pk: int
    kind: str  # "criterion" or "cell"
    level: int
    text: str
    cell_parameter: str  # a description box's parameter (the description's four), "" for a criterion
    guide: AssessmentGuide | None
    pairs: int  # disagreeing pairs in which at least one of the two consultants cited it
    citations: int  # judgements citing it (a pair where both cite it counts twice)

    @property
    def guide_label(self) -> str:
        return guide_label(self.guide) if self.guide else ""

    @property
    def cell_parameter_label(self) -> str:
        if not self.cell_parameter:
            return ""
        return str(DescriptionParameterChoices(self.cell_parameter).label)


@dataclass(frozen=True)
class Calibration:
    overview: AgreementOverview
    low: list[AgreementRow]  # the parameters needing calibration, lowest weighted kappa first
    selected: AgreementRow | None
    criteria: list[CitedItem]
    cells: list[CitedItem]

    @property
    def disagreeing_pairs(self) -> int:
        return 0 if self.selected is None else self.selected.pairs - self.selected.stats.agreed


def _disagreeing_pairs_sql(user: User, filters: StatisticsFilters) -> tuple[str, dict[str, Any]]:
    """The original pairs of one parameter (%(parameter)s) on which the two consultants disagreed, within the
    user's scope and the filters — the same pairs the summary counts as off the diagonal."""
    where = ["c.mode = %(mode)s"]
    params: dict[str, Any] = {"mode": Case.Mode.DOUBLE_BLIND.value, "tz": settings.TIME_ZONE}
    tilsyn = user.socialtilsyn_id if user.role == Role.LEADER else filters.socialtilsyn_id
    for column, value in (
        ("socialtilsyn_id", tilsyn),
        ("target_group_id", filters.target_group_id),
        ("guide_id", filters.guide_id),
    ):
        if value is not None:
            where.append(f"c.{column} = %({column})s")
            params[column] = value
    completed = "(greatest(ja.submitted_at, jb.submitted_at) AT TIME ZONE %(tz)s)"
    if filters.period_from is not None:
        where.append(f"{completed} >= %(period_from)s")
        params["period_from"] = filters.period_from
    if filters.period_to is not None:
        following = filters.period_to + datetime.timedelta(days=200)
        where.append(f"{completed} < %(period_end)s")
        params["period_end"] = datetime.date(following.year, 1 if following.month <= 6 else 7, 1)
    sql = f"""
        SELECT a.id AS a_id, b.id AS b_id, c.guide_id
        FROM assessments_judgement ja
        JOIN assessments_case c ON c.id = ja.case_id
        JOIN assessments_judgement jb
             ON jb.case_id = ja.case_id AND jb.id > ja.id AND jb.kind = 'independent' AND jb.submitted_at IS NOT NULL
        JOIN assessments_parameterjudgement a ON a.judgement_id = ja.id AND a.parameter = %(parameter)s
        JOIN assessments_parameterjudgement b ON b.judgement_id = jb.id AND b.parameter = %(parameter)s
        WHERE ja.kind = 'independent' AND ja.submitted_at IS NOT NULL AND a.level <> b.level
          AND {" AND ".join(where)}
    """  # noqa: S608 (column names are constants of this function; every value is bound)
    return sql, params


def _most_cited(user: User, filters: StatisticsFilters, parameter: str, kind: str) -> list[tuple[Any, ...]]:
    """(item id, guide id, pairs, citations, level, text, cell parameter), most cited first; one statement."""
    pairs_sql, params = _disagreeing_pairs_sql(user, filters)
    if kind == "criterion":
        through, column = ParameterJudgement.cited_criteria.through, "guidecriterion_id"
        item_table, cell_parameter = GuideCriterion._meta.db_table, "''"
    else:
        through, column = ParameterJudgement.cited_cells.through, "descriptioncell_id"
        item_table, cell_parameter = DescriptionCell._meta.db_table, "item.parameter"
    sql = f"""
        WITH pairs AS ({pairs_sql}),
        cited AS (
            SELECT t.{column} AS item_id, p.guide_id, count(DISTINCT p.a_id) AS pairs, count(*) AS citations
            FROM pairs p
            JOIN {through._meta.db_table} t ON t.parameterjudgement_id IN (p.a_id, p.b_id)
            GROUP BY 1, 2
        )
        SELECT cited.item_id, cited.guide_id, cited.pairs, cited.citations, item.level, item.text, {cell_parameter}
        FROM cited JOIN {item_table} item ON item.id = cited.item_id
        ORDER BY cited.pairs DESC, cited.citations DESC, cited.item_id
        LIMIT %(limit)s
    """  # noqa: S608 (table and column names come from the models; values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "parameter": parameter, "limit": MOST_CITED})
        return cursor.fetchall()


def calibration(
    user: User, filters: StatisticsFilters, choices: StatisticsChoices, parameter: str | None = None
) -> Calibration:
    """The low parameters and, for one of them (`parameter`, else the lowest), the most cited criteria and boxes.

    Three queries: the summary (agreement_overview) and one per kind of citation."""
    overview = agreement_overview(user, filters, choices)
    low = sorted(
        (row for row in overview.parameters if is_low(row)),
        key=lambda row: (row.stats.weighted_kappa.value if row.stats.weighted_kappa.value is not None else -2),
    )
    by_key = {row.key: row for row in overview.parameters}
    selected = by_key.get(parameter) if parameter else (low[0] if low else None)
    if selected is None or not may_see_statistics(user) or selected.pairs == selected.stats.agreed:
        return Calibration(overview=overview, low=low, selected=selected, criteria=[], cells=[])
    guides = {g.pk: g for g in choices.guides}
    found = {}
    for kind in ("criterion", "cell"):
        found[kind] = [
            CitedItem(
                pk=pk,
                kind=kind,
                level=level,
                text=text,
                cell_parameter=cell_parameter,
                guide=guides.get(guide_id),
                pairs=pairs,
                citations=citations,
            )
            for pk, guide_id, pairs, citations, level, text, cell_parameter in _most_cited(
                user, filters, selected.key, kind
            )
        ]
    return Calibration(overview=overview, low=low, selected=selected, criteria=found["criterion"], cells=found["cell"])
