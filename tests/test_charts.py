"""core.charts: the geometry of the SVG charts and what their templates draw (bars, whiskers, data table)."""

import pytest
from django.template.loader import render_to_string

from core.charts import Bar, BarChart, ColumnChart, Series, _nice_ceiling


def test_bars_scale_between_min_and_max_and_negative_values_grow_left_of_zero():
    chart = BarChart(
        title="Kappa pr. parameter",
        bars=[Bar("A", 1.0, "1,00"), Bar("B", -0.5, "−0,50", low=-0.9, high=-0.1), Bar("C", None, "–")],
        min_value=-1.0,
        max_value=1.0,
    )
    layout = chart.layout
    full, negative, empty = layout.rows
    # The plot is 304 units wide (360 less room for the value text): zero in the middle.
    assert layout.zero_x == pytest.approx(152.0)
    assert (full.bar_x, full.bar_width) == (pytest.approx(152.0), pytest.approx(152.0))
    assert negative.bar_x == pytest.approx(76.0)
    assert negative.bar_width == pytest.approx(76.0)
    assert negative.whisker == (pytest.approx(15.2), pytest.approx(136.8))
    assert empty.bar_width == 0
    assert full.bar_y < negative.bar_y < empty.bar_y  # one row under the other


def test_values_outside_the_range_are_clamped():
    row = BarChart("x", [Bar("A", 7, "7")], max_value=5).layout.rows[0]
    assert row.bar_x + row.bar_width == pytest.approx(304.0)


def test_bar_chart_template_draws_svg_and_the_table_beneath():
    chart = BarChart(
        title="Vægtet kappa",
        bars=[Bar("Aktiv praksis", 0.61, "0,61", low=0.42, high=0.80, note="få par")],
        max_value=1,
        interval_heading="95 %-konfidensinterval",
    )
    html = render_to_string("charts/bar_chart.html", {"chart": chart})
    assert '<svg class="chart-svg"' in html
    assert 'aria-hidden="true"' in html
    assert html.count('class="chart-bar"') == 1
    assert html.count('class="chart-whisker"') == 1
    assert '<th scope="row">Aktiv praksis</th>' in html
    assert "0,42–0,80" in html
    assert "(få par)" in html
    assert "95 %-konfidensinterval" in html
    assert "style=" not in html  # the CSP allows no style attributes


def test_columns_stack_series_and_totals_match_the_table():
    chart = ColumnChart(
        title="Genvurderinger pr. måned",
        categories=["dec", "jan", "feb"],
        series=[Series("Nord", [2, 0, 5]), Series("Syd", [1, 0, 3])],
    )
    layout = chart.layout
    assert chart.totals == [3, 0, 8]
    assert _nice_ceiling(8) == 8
    dec, jan, feb = layout.columns
    assert len(dec.segments) == 2
    assert jan.segments == []
    # Heights are proportional to the values on a 0..8 axis of 160 units; the second series sits on the first.
    assert [s.height for s in feb.segments] == [pytest.approx(100.0), pytest.approx(60.0)]
    assert feb.segments[1].y + feb.segments[1].height == pytest.approx(feb.segments[0].y)
    assert [label for _, label in layout.gridlines] == ["2", "4", "6", "8"]
    html = render_to_string("charts/column_chart.html", {"chart": chart})
    assert html.count('<rect class="chart-series-') == 2 + 4  # two legend squares, four segments
    assert '<th scope="row">feb</th>' in html
    assert ">8<" in html


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        ColumnChart("x", ["a", "b", "c"], [Series("s", [1, 2])])


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (1, 1), (3, 3), (7, 8), (13, 16), (101, 120), (230, 240), (0.35, 0.4)]
)
def test_nice_ceiling(value, expected):
    assert _nice_ceiling(value) == pytest.approx(expected)
