"""Sagsforløb: process figures for leaders (their socialtilsyn) and the fagadministrator (every socialtilsyn).

The page shows each figure as a chart with its data table beneath, and exports every table as CSV or XLSX.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from assessments.domain.process import DEFAULT_PERIOD_MONTHS
from assessments.forms.process import ProcessFilterForm
from assessments.selectors.process import (
    OVERDUE_KINDS,
    OverdueKind,
    ProcessFigures,
    process_figures,
    process_filter_choices,
    process_scope,
)
from assessments.views.cases import login_user
from core.charts import Bar, BarChart, ColumnChart, Series
from core.tabular import Table, table_response

EXPORT_FORMATS = ("csv", "xlsx")


def _days(value: float) -> str:
    return number_format(value, decimal_pos=1)


def _overdue_labels() -> dict[str, str]:
    return {
        OverdueKind.FORM: _("Oplysningsskemaer over fristen"),
        OverdueKind.HEARING: _("Partshøringer over fristen uden afgørelse"),
        OverdueKind.EXPIRED: _("Udløbne afgørelser uden genvurdering"),
    }


def _tilsyn_name(tilsyn: Any) -> str:
    return tilsyn.name if tilsyn is not None else _("Alle socialtilsyn")


def process_tables(figures: ProcessFigures) -> list[Table]:
    """The page's three tables, as exported (the template shows the same figures)."""
    # one socialtilsyn (a leader's, or the one chosen): its name is in the page's heading, not on every row
    per_tilsyn = figures.scope.socialtilsyn_id is None
    durations = Table(
        _("Tid i status"),
        [
            *([_("Socialtilsyn")] if per_tilsyn else []),
            _("Status"),
            _("Afsluttede forløb"),
            _("Median (dage)"),
            _("90. percentil (dage)"),
        ],
        [
            [
                *([_tilsyn_name(group.socialtilsyn)] if per_tilsyn else []),
                row.label,
                row.spells,
                round(row.median_days, 1),
                round(row.p90_days, 1),
            ]
            for group in figures.durations
            for row in group.rows
        ],
    )
    labels = _overdue_labels()
    overdue = Table(
        _("Over fristen i dag"),
        [_("Socialtilsyn"), *(labels[kind] for kind in OVERDUE_KINDS)],
        [[_tilsyn_name(line.socialtilsyn), *(line.count(kind) for kind in OVERDUE_KINDS)] for line in figures.overdue],
    )
    due = Table(
        _("Genvurderinger pr. måned"),
        [_("Måned"), *(t.name for t in figures.tilsyn), *([_("I alt")] if len(figures.tilsyn) > 1 else [])],
        [
            [
                date_format(month, "YEAR_MONTH_FORMAT"),
                *(series.counts[i] for series in figures.due),
                *([figures.month_totals[i]] if len(figures.tilsyn) > 1 else []),
            ]
            for i, month in enumerate(figures.months)
        ],
    )
    return [durations, overdue, due]


def process_charts(figures: ProcessFigures) -> dict[str, Any]:
    """The charts: median time per state (the whisker runs on to the 90th percentile), the overdue items by kind,
    and the genvurderinger per month stacked by socialtilsyn. Each chart carries its own data table."""
    overall = figures.overall_durations
    rows = overall.rows if overall is not None else []
    durations = BarChart(
        _("Median tid i hver status, i dage"),
        bars=[
            Bar(row.label, row.median_days, _days(row.median_days), low=row.median_days, high=row.p90_days)
            for row in rows
        ],
        max_value=max((row.p90_days for row in rows), default=0.0) or 1.0,
        value_heading=_("Median (dage)"),
        interval_heading=_("Median til 90. percentil (dage)"),
        description=_("Stregen efter søjlen når ud til 90. percentil.")
        + (" " + _("Alle socialtilsyn tilsammen.") if overall is not None and overall.socialtilsyn is None else ""),
    )
    # the last line is the total (or the only socialtilsyn)
    counts = {kind: figures.overdue[-1].count(kind) if figures.overdue else 0 for kind in OVERDUE_KINDS}
    labels = _overdue_labels()
    overdue = BarChart(
        _("Over fristen i dag"),
        bars=[Bar(labels[kind], counts[kind], str(counts[kind])) for kind in OVERDUE_KINDS],
        max_value=max(counts.values()) or 1,
        value_heading=_("Antal"),
    )
    due = ColumnChart(
        _("Genvurderinger, der forfalder pr. måned"),
        categories=[date_format(month, "b") for month in figures.months],
        series=[Series(series.socialtilsyn.name, series.counts) for series in figures.due],
        description=_("%(first)s til %(last)s, efter den måned afgørelsen udløber.")
        % {
            "first": date_format(figures.months[0], "YEAR_MONTH_FORMAT"),
            "last": date_format(figures.months[-1], "YEAR_MONTH_FORMAT"),
        },
        category_heading=_("Måned"),
        total_heading=_("I alt"),
    )
    return {"durations_chart": durations, "overdue_chart": overdue, "due_chart": due}


@login_required
def process_figures_view(request: HttpRequest) -> HttpResponseBase:
    user = login_user(request)
    if not user.has_perm("assessments.view_process_figures"):
        raise PermissionDenied
    choices = process_filter_choices(user)
    form = ProcessFilterForm(
        request.GET or None,
        initial={"periode": DEFAULT_PERIOD_MONTHS},
        target_groups=[(g.pk, str(g)) for g in choices.target_groups],
        socialtilsyn=[(t.pk, t.name) for t in choices.socialtilsyn] if choices.choose_socialtilsyn else None,
    )
    chosen = form.chosen()
    scope = process_scope(user, socialtilsyn_id=chosen["socialtilsyn"], target_group_id=chosen["maalgruppe"])
    today = timezone.localdate()
    figures = process_figures(scope, tilsyn_choices=choices.socialtilsyn, today=today, period_months=chosen["periode"])
    tables = process_tables(figures)
    export = request.GET.get("eksport")
    if export in EXPORT_FORMATS:
        return table_response(export, tables, "sagsforloeb")
    export_query = request.GET.copy()
    export_query.pop("eksport", None)
    context = {
        "form": form,
        "export_query": export_query.urlencode(),
        "figures": figures,
        # each row as (header, cell) pairs: the narrow layout names every cell by its column
        "tables": [
            {
                "table": t,
                "rows": [list(zip(t.headers, row, strict=True)) for row in t.rows],
                # the columns of names before the numbers (right-aligned): the durations end in three numbers
                "text_columns": len(t.headers) - 3 if t is tables[0] else 1,
            }
            for t in tables
        ],
        "scope_all": choices.choose_socialtilsyn,
        "period_months": chosen["periode"],
        **process_charts(figures),
    }
    return render(request, "assessments/process/figures.html", context)
