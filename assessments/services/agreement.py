"""Keep the agreement summary (assessments.models.AgreementSummary) in step with the judgements, in SQL.

One SELECT says what the summary holds: for every double-blind case with exactly two submitted independent
judgements, per parameter both judged, the first-submitted consultant's level against the other's, grouped by
the case's socialtilsyn, target group and guide version and by the half-year in which the pair was complete.
`agreement_pair_add` runs it for one case and adds the counts (an upsert), `agreement_summary_rebuild` for
all cases at once (INSERT … SELECT after emptying the table). No judgement row is loaded into Python.
"""

from django.conf import settings
from django.db import connection, transaction

from assessments.models import AgreementSummary, Case
from assessments.models.agreement import CELLS
from assessments.services.cases import case_lock

_TABLE = AgreementSummary._meta.db_table
_COLUMNS = ", ".join(("socialtilsyn_id", "target_group_id", "guide_id", "half_year", "parameter", *CELLS))
# n12 = pairs with the first level 1 and the second 2, …
_COUNTS = ", ".join(
    f"count(*) FILTER (WHERE a.level = {column[1]} AND b.level = {column[2]})" for column in CELLS
)


def _select(one_case: bool) -> str:
    """The summary's rows, for one case (`%(case)s`) or for all; bound parameters only."""
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
        )
        INSERT INTO {_TABLE} ({_COLUMNS})
        SELECT c.socialtilsyn_id, c.target_group_id, c.guide_id,
               make_date(extract(year FROM p.completed)::int,
                         CASE WHEN extract(month FROM p.completed) <= 6 THEN 1 ELSE 7 END, 1),
               a.parameter, {_COUNTS}
        FROM paired p
        JOIN assessments_case c ON c.id = p.case_id
        JOIN assessments_parameterjudgement a ON a.judgement_id = p.first_id AND a.level IS NOT NULL
        JOIN assessments_parameterjudgement b
             ON b.judgement_id = p.second_id AND b.parameter = a.parameter AND b.level IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608 (only the table and column names are formatted in, from the model; values are bound)


def _params(**extra: object) -> dict[str, object]:
    return {"tz": settings.TIME_ZONE, "mode": Case.Mode.DOUBLE_BLIND.value, **extra}


@transaction.atomic
def agreement_pair_add(*, case: Case) -> int:
    """Add the case's pairs to the summary; returns how many summary rows changed (0 unless the case now has its two
    submitted independent judgements, double-blind).

    Called by judgement_submit in the transaction that submits the second judgement, under the case lock —
    once per case, because a submitted judgement never changes and never comes back. Concurrent cases add to
    the same rows safely (INSERT … ON CONFLICT DO UPDATE adds under the row lock).
    """
    case_lock(case)
    sql = (
        _select(one_case=True)
        + " ON CONFLICT ON CONSTRAINT agreementsummary_unique DO UPDATE SET "
        + ", ".join(f"{c} = {_TABLE}.{c} + EXCLUDED.{c}" for c in CELLS)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(case=case.pk))
        return cursor.rowcount


@transaction.atomic
def agreement_summary_rebuild() -> int:
    """Recount the whole summary from the judgement rows (one DELETE, one INSERT … SELECT); returns the
    number of rows. Takes an exclusive lock on the summary table for the transaction, so a judgement
    submitted meanwhile waits and is added after the recount."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {_TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {_TABLE}")  # noqa: S608 (the model's table name)
        cursor.execute(_select(one_case=False), _params())
        return cursor.rowcount
