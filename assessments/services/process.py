"""Refreshing the summaries behind the process figures (sagsforløb)."""

import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from assessments.domain import process as arithmetic
from assessments.models import ReassessmentDueSummary, StateDurationSummary
from assessments.selectors.process import SPELLS_SQL
from assessments.selectors.reassessment import current_decisions


def _period_starts(today: datetime.date) -> list[tuple[int, datetime.datetime]]:
    return [
        (
            months,
            timezone.make_aware(datetime.datetime.combine(arithmetic.period_start(today, months), datetime.time.min)),
        )
        for months in arithmetic.PERIOD_MONTHS
    ]


def _refresh_durations(now: datetime.datetime, today: datetime.date) -> None:
    periods = _period_starts(today)
    values = ", ".join("(%s, %s)" for _ in periods)
    sql = f"""
        WITH spells AS ({SPELLS_SQL.format(where="")}),
             periods (months, since) AS (VALUES {values})
        INSERT INTO {StateDurationSummary._meta.db_table}
            (period_months, socialtilsyn_id, target_group_id, state, spells, median_seconds, p90_seconds, since,
             refreshed_at)
        SELECT p.months, s.c_tilsyn, s.c_group, s.state, COUNT(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY s.seconds),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY s.seconds),
               p.since, %s
        FROM spells s JOIN periods p ON s.ended_at >= p.since
        WHERE s.state IS NOT NULL
        GROUP BY GROUPING SETS (
            (p.months, p.since, s.c_tilsyn, s.c_group, s.state),
            (p.months, p.since, s.c_tilsyn, s.state),
            (p.months, p.since, s.c_group, s.state),
            (p.months, p.since, s.state)
        )
    """  # noqa: S608 (only fixed fragments are formatted in; the values are bound)
    params: list[Any] = [value for period in periods for value in period]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now])


def _refresh_due(now: datetime.datetime, today: datetime.date) -> None:
    decisions = (
        current_decisions()
        .select_related(None)
        .filter(valid_until__gte=today, valid_until__lt=arithmetic.due_end(today))
        .order_by()
        .values(
            d_tilsyn=F("case__socialtilsyn_id"), d_group=F("case__target_group_id"), d_month=TruncMonth("valid_until")
        )
    )
    inner, params = decisions.query.sql_with_params()
    sql = f"""
        INSERT INTO {ReassessmentDueSummary._meta.db_table}
            (socialtilsyn_id, target_group_id, month, decisions, refreshed_at)
        SELECT d.d_tilsyn, d.d_group, d.d_month, COUNT(*), %s
        FROM ({inner}) d
        GROUP BY GROUPING SETS ((d.d_tilsyn, d.d_group, d.d_month), (d.d_tilsyn, d.d_month))
    """  # noqa: S608 (the inner statement is the ORM's, with bound parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *params])


@transaction.atomic
def process_summary_refresh(*, now: datetime.datetime | None = None) -> int:
    """Recompute both summaries of the process figures from the audit trail and the decisions in force, as of
    `now`: the time in each state for every look-back period, socialtilsyn and target group (and all of them
    together), and the decisions falling due in each of the twelve months from today's month.

    Run by Celery beat every night and by seed_scale after it has written its data. Replaces the summaries whole in
    one transaction: a reader sees the old figures or the new ones, never a mix; a second refresh at the same moment
    waits for the first (the table lock does not block readers). Returns the number of rows written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    tables = f"{StateDurationSummary._meta.db_table}, {ReassessmentDueSummary._meta.db_table}"
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {StateDurationSummary._meta.db_table}")  # noqa: S608
        cursor.execute(f"DELETE FROM {ReassessmentDueSummary._meta.db_table}")  # noqa: S608
    _refresh_durations(now, today)
    _refresh_due(now, today)
    return StateDurationSummary.objects.count() + ReassessmentDueSummary.objects.count()
