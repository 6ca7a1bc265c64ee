"""The statistics as charts (core.charts) and as download tables (core.tabular): built from the selectors'
results, with Danish headings and labels. No queries here."""

import math
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.domain.agreement import LEVELS, Estimate
from assessments.selectors.statistics import AgreementOverview, AgreementRow
from assessments.selectors.statistics_calibration import Calibration, CitedItem
from core.charts import Bar, BarChart, ColumnChart, Series
from core.tabular import Cell, Table


def decimal(value: float | None, places: int = 2) -> str:
    return "–" if value is None else number_format(round(value, places), places).replace("-", "−")


def _rounded(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def _kappa_bars(rows: Sequence[AgreementRow]) -> list[Bar]:
    bars = []
    for row in rows:
        kappa = row.stats.weighted_kappa
        bars.append(
            Bar(
                label=row.label,
                value=kappa.value,
                display=decimal(kappa.value),
                low=kappa.low,
                high=kappa.high,
                note=_("få par") if row.pairs and row.few else ("" if row.pairs else _("ingen par")),
            )
        )
    return bars


def _floor_quarter(rows: Sequence[AgreementRow]) -> float:
    """The chart's left end: 0, or the quarter below the lowest interval when kappa goes below chance."""
    lows = [row.stats.weighted_kappa.low for row in rows if row.stats.weighted_kappa.low is not None]
    return min(0.0, math.floor(min(lows, default=0.0) * 4) / 4)


def kappa_chart(overview: AgreementOverview) -> BarChart:
    return BarChart(
        title=_("Vægtet kappa pr. parameter"),
        description=_("Stregen over søjlen viser 95 %-konfidensintervallet."),
        bars=_kappa_bars(overview.parameters),
        max_value=1.0,
        min_value=_floor_quarter(overview.parameters),
        value_heading=_("Vægtet kappa"),
        interval_heading=_("95 %-konfidensinterval"),
    )


def trend_chart(overview: AgreementOverview) -> BarChart | None:
    if not overview.by_half_year:
        return None
    return BarChart(
        title=_("Vægtet kappa pr. halvår, alle parametre"),
        description=_("Halvåret, hvor begge vurderinger var afgivet. Stregen viser 95 %-konfidensintervallet."),
        bars=_kappa_bars(overview.by_half_year),
        max_value=1.0,
        min_value=_floor_quarter(overview.by_half_year),
        value_heading=_("Vægtet kappa"),
        interval_heading=_("95 %-konfidensinterval"),
    )


def _distances(row: AgreementRow) -> list[int]:
    """Pairs on the same level, one level apart and two levels apart."""
    k = len(LEVELS)
    return [sum(row.table[i][j] for i in range(k) for j in range(k) if abs(i - j) == d) for d in range(k)]


def pair_distance_chart(overview: AgreementOverview) -> ColumnChart | None:
    if not overview.by_half_year:
        return None
    per_half_year = [_distances(row) for row in overview.by_half_year]
    names = [_("Samme niveau"), _("Ét niveau fra hinanden"), _("To niveauer fra hinanden")]
    return ColumnChart(
        title=_("Parvurderinger pr. halvår"),
        description=_("Hvor langt de to konsulenters niveauer lå fra hinanden, alle parametre (år-halvår)."),
        categories=[row.key[:4] + "-" + ("1" if row.key[5:7] == "01" else "2") for row in overview.by_half_year],
        series=[Series(name, [d[i] for d in per_half_year]) for i, name in enumerate(names)],
        category_heading=_("Halvår"),
    )


# --- downloads -------------------------------------------------------------------------------------------------


def _estimate_cells(estimate: Estimate) -> list[Cell]:
    return [_rounded(estimate.value), _rounded(estimate.low), _rounded(estimate.high)]


def _statistics_headers(first: str) -> list[str]:
    return [
        first,
        _("Par"),
        _("Samme niveau"),
        _("Andel samme niveau"),
        _("Andel, nedre 95 pct.-grænse"),
        _("Andel, øvre 95 pct.-grænse"),
        _("Kappa"),
        _("Kappa, nedre 95 pct.-grænse"),
        _("Kappa, øvre 95 pct.-grænse"),
        _("Vægtet kappa"),
        _("Vægtet kappa, nedre 95 pct.-grænse"),
        _("Vægtet kappa, øvre 95 pct.-grænse"),
    ]


def _statistics_row(row: AgreementRow) -> list[Cell]:
    s = row.stats
    return [
        row.label,
        s.pairs,
        s.agreed,
        *_estimate_cells(s.observed),
        *_estimate_cells(s.kappa),
        *_estimate_cells(s.weighted_kappa),
    ]


def _statistics_table(title: str, first: str, rows: Sequence[AgreementRow]) -> Table:
    return Table(title=title, headers=_statistics_headers(first), rows=[_statistics_row(r) for r in rows])


def overview_tables(overview: AgreementOverview) -> list[Table]:
    tables = [
        _statistics_table(_("Enighed pr. parameter"), _("Parameter"), [*overview.parameters, overview.total]),
        Table(
            title=_("Forvekslingstabeller"),
            headers=[_("Parameter"), _("Første konsulents niveau"), _("Anden konsulents niveau"), _("Par")],
            rows=[
                [row.label, LEVELS[i], LEVELS[j], row.table[i][j]]
                for row in overview.parameters
                for i in range(len(LEVELS))
                for j in range(len(LEVELS))
            ],
        ),
    ]
    if overview.by_socialtilsyn is not None:
        tables.append(_statistics_table(_("Pr. socialtilsyn"), _("Socialtilsyn"), overview.by_socialtilsyn))
    tables += [
        _statistics_table(_("Pr. målgruppe"), _("Målgruppe"), overview.by_target_group),
        _statistics_table(_("Pr. vejledningsversion"), _("Vejledning"), overview.by_guide),
        _statistics_table(_("Pr. halvår"), _("Halvår"), overview.by_half_year),
    ]
    return tables


def _cited_rows(items: Sequence[CitedItem]) -> list[list[Cell]]:
    return [
        [item.guide_label, item.cell_parameter_label or None, item.level, item.text, item.pairs, item.citations]
        for item in items
    ]


def calibration_tables(result: Calibration) -> list[Table]:
    tables = [
        _statistics_table(_("Parametre med lav enighed"), _("Parameter"), result.low),
    ]
    if result.selected is not None:
        headers = [
            _("Vejledning"),
            _("Beskrivelsens parameter"),
            _("Niveau"),
            _("Tekst"),
            _("Uenige par, hvor den er citeret"),
            _("Citeringer"),
        ]
        label = result.selected.label
        tables += [
            Table(title=_("Kriterier – %(p)s") % {"p": label}, headers=headers, rows=_cited_rows(result.criteria)),
            Table(title=_("Beskrivelsesbokse – %(p)s") % {"p": label}, headers=headers, rows=_cited_rows(result.cells)),
        ]
    return tables
