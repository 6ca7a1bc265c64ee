"""Keep the agreement summaries (assessments.models.AgreementSummary and CalibrationCitation) in step with the
judgements, in SQL.

One CTE says which pairs count: every double-blind case with exactly two submitted independent judgements, the
one submitted first ("first") and the other, and the half-year in which the pair was complete (Danish time).
From it, AgreementSummary holds per (socialtilsyn, target group, guide version, half-year, parameter) the 3 × 3
table of the two levels, and CalibrationCitation the criteria and description boxes cited in the pairs that
disagreed. `agreement_pair_add` runs both statements for one case and adds the counts (an upsert);
`agreement_summary_rebuild` for all cases at once (INSERT … SELECT after emptying the tables). No judgement row
is loaded into Python.
"""

from typing import Any

from django.conf import settings
from django.db import connection, transaction

from assessments.models import AgreementSummary, CalibrationCitation, Case, ParameterJudgement
from assessments.models.agreement import CELLS
from assessments.services.cases import case_lock

_SUMMARY = AgreementSummary._meta.db_table
_CITATIONS = CalibrationCitation._meta.db_table
_GROUP = ("socialtilsyn_id", "target_group_id", "guide_id", "half_year", "parameter")
# n12 = pairs with the first level 1 and the second 2, …
_COUNTS = ", ".join(f"count(*) FILTER (WHERE a_level = {column[1]} AND b_level = {column[2]})" for column in CELLS)
_HALF_YEAR = (
    "make_date(extract(year FROM p.completed)::int, "
    "CASE WHEN extract(month FROM p.completed) <= 6 THEN 1 ELSE 7 END, 1)"
)


def _pairs_cte(one_case: bool) -> str:
    """`paired` (case, first and second judgement, completed) and `pairs` (per parameter both judged: the two
    parameter judgements and their levels, with the case's group); bound parameters only."""
    only = "AND j.case_id = %(case)s" if one_case else ""
    return f"""
        WITH paired AS (
            SELECT j.case_id,
                   (array_agg(j.id ORDER BY j.submitted_at, j.id))[1] AS first_id,
                   (array_agg(j.id ORDER BY j.submitted_at, j.id))[2] AS second_id,
                   max(j.submitted_at) AT TIME ZONE %(tz)s AS completed
            FROM assessments_judgement j
            JOIN assessments_case c ON c.id = j.case_id AND c.mode = %(mode)s
            WHERE j.kind = 'independent' AND j.submitted_at IS NOT NULL {only}
            GROUP BY j.case_id
            HAVING count(*) = 2
        ),
        pairs AS (
            SELECT c.socialtilsyn_id, c.target_group_id, c.guide_id, {_HALF_YEAR} AS half_year, a.parameter,
                   a.id AS a_id, b.id AS b_id, a.level AS a_level, b.level AS b_level
            FROM paired p
            JOIN assessments_case c ON c.id = p.case_id
            JOIN assessments_parameterjudgement a ON a.judgement_id = p.first_id AND a.level IS NOT NULL
            JOIN assessments_parameterjudgement b
                 ON b.judgement_id = p.second_id AND b.parameter = a.parameter AND b.level IS NOT NULL
        )
    """  # noqa: S608 (constant SQL; every value is bound)


def _summary_sql(one_case: bool) -> str:
    group = ", ".join(_GROUP)
    sql = f"""{_pairs_cte(one_case)}
        INSERT INTO {_SUMMARY} ({group}, {", ".join(CELLS)})
        SELECT {group}, {_COUNTS}
        FROM pairs
        GROUP BY {group}
    """  # noqa: S608 (table and column names from the models; every value is bound)
    if one_case:
        sql += " ON CONFLICT ON CONSTRAINT agreementsummary_unique DO UPDATE SET " + ", ".join(
            f"{c} = {_SUMMARY}.{c} + EXCLUDED.{c}" for c in CELLS
        )
    return sql


def _citations_sql(one_case: bool) -> str:
    """Per disagreeing pair and cited item: one row (the pair counts once, the citations once per judgement)."""
    group = ", ".join(_GROUP)
    criteria = ParameterJudgement.cited_criteria.through._meta.db_table
    cells = ParameterJudgement.cited_cells.through._meta.db_table
    sql = f"""{_pairs_cte(one_case)},
        disagreeing AS (SELECT * FROM pairs WHERE a_level <> b_level),
        cited AS (
            SELECT {group}, d.a_id, t.guidecriterion_id AS criterion_id, NULL::bigint AS cell_id, count(*) AS n
            FROM disagreeing d JOIN {criteria} t ON t.parameterjudgement_id IN (d.a_id, d.b_id)
            GROUP BY {group}, d.a_id, t.guidecriterion_id
            UNION ALL
            SELECT {group}, d.a_id, NULL::bigint, t.descriptioncell_id, count(*)
            FROM disagreeing d JOIN {cells} t ON t.parameterjudgement_id IN (d.a_id, d.b_id)
            GROUP BY {group}, d.a_id, t.descriptioncell_id
        )
        INSERT INTO {_CITATIONS} ({group}, criterion_id, cell_id, pairs, citations)
        SELECT {group}, criterion_id, cell_id, count(*), sum(n)
        FROM cited
        GROUP BY {group}, criterion_id, cell_id
    """  # noqa: S608 (table and column names from the models; every value is bound)
    if one_case:
        sql += (
            " ON CONFLICT ON CONSTRAINT calibrationcitation_unique DO UPDATE SET"
            f" pairs = {_CITATIONS}.pairs + EXCLUDED.pairs, citations = {_CITATIONS}.citations + EXCLUDED.citations"
        )
    return sql


def _params(**extra: Any) -> dict[str, Any]:
    return {"tz": settings.TIME_ZONE, "mode": Case.Mode.DOUBLE_BLIND.value, **extra}


@transaction.atomic
def agreement_pair_add(*, case: Case) -> int:
    """Add the case's pairs to the summaries; returns how many summary rows changed (0 unless the case now has its
    two submitted independent judgements, double-blind).

    Called by judgement_submit in the transaction that submits the second judgement, under the case lock —
    once per case, because a submitted judgement never changes and never comes back. Concurrent cases add to
    the same rows safely (INSERT … ON CONFLICT DO UPDATE adds under the row lock).
    """
    case_lock(case)
    with connection.cursor() as cursor:
        cursor.execute(_summary_sql(one_case=True), _params(case=case.pk))
        changed = cursor.rowcount
        cursor.execute(_citations_sql(one_case=True), _params(case=case.pk))
        return changed


@transaction.atomic
def agreement_summary_rebuild() -> int:
    """Recount both summaries from the judgement rows (DELETE, then one INSERT … SELECT each); returns the number
    of AgreementSummary rows. Takes an exclusive lock on the summaries for the transaction, so a judgement
    submitted meanwhile waits and is added after the recount."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {_SUMMARY}, {_CITATIONS} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {_CITATIONS}")  # noqa: S608 (the model's table name)
        cursor.execute(f"DELETE FROM {_SUMMARY}")  # noqa: S608 (the model's table name)
        cursor.execute(_summary_sql(one_case=False), _params())
        rows = cursor.rowcount
        cursor.execute(_citations_sql(one_case=False), _params())
        return rows
