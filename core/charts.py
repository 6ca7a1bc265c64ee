"""Server-rendered SVG charts in the DKFDS look, each drawn with its data table beneath.

A chart is a frozen description (title, labels, values); its `layout` computes the geometry once, in SVG user
units, and the templates `charts/bar_chart.html` and `charts/column_chart.html` only place what it computed:

    {% include "charts/bar_chart.html" with chart=kappa_chart %}

No script and no style attribute (the content security policy allows neither): sizes are SVG presentation
attributes, colours are classes in static/css/charts.css. The SVG is hidden from screen readers; the table
beneath carries the same numbers for them and for anyone who wants the figures.

- `BarChart`: one horizontal bar per row, label above the bar, so it reads at 320 px; an optional interval
  (e.g. a 95 % confidence interval) is drawn as a whisker; values below zero grow left of the zero line.
- `ColumnChart`: categories along the bottom (e.g. the next twelve months), stacked columns of one or more
  series, a legend above.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# Width of every chart in SVG user units; the SVG scales to its container (max-width set in charts.css).
WIDTH = 360
# Bar chart rows: a label line and a bar.
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
ROW_GAP = 10
# Column chart.
PLOT_HEIGHT = 160
AXIS_HEIGHT = 34  # category labels under the plot
LEGEND_ROW = 18
SERIES_CLASSES = 6  # charts.css defines .chart-series-0 … -5


def _svg(value: object) -> str:
    """A value as `{{ value }}` prints it inside {% localize off %}: unlocalised, escaped."""
    return conditional_escape(str(localize(value, use_l10n=False)))


def _fraction(value: float, low: float, high: float) -> float:
    """Where `value` falls between `low` and `high`, clamped to 0..1."""
    if high <= low:
        return 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (drawn as an empty row, "–" in the table)
    display: str  # the value as the reader should see it, e.g. "0,62" or "41 %"
    low: float | None = None  # an interval around the value, e.g. a 95 % confidence interval
    high: float | None = None
    note: str = ""  # shown in the table, e.g. "få par"


@dataclass(frozen=True)
class BarRow:
    label: str
    display: str
    label_y: float
    bar_y: float
    bar_x: float
    bar_width: float
    text_x: float
    text_y: float
    whisker: tuple[float, float] | None  # x from, x to
    whisker_y: float

    @property
    def axis_top(self) -> float:
        return self.bar_y - 3

    @property
    def axis_bottom(self) -> float:
        return self.bar_y + BAR_HEIGHT + 3


@dataclass(frozen=True)
class BarLayout:
    height: float
    zero_x: float
    rows: list[BarRow]

    @property
    def rows_svg(self) -> SafeString:
        """Each row's label, axis tick, bar, whisker and value, as the template wrote them inside
        {% localize off %} (a dozen variables a row)."""
        zero = _svg(self.zero_x)
        out = []
        for row in self.rows:
            label, display = _svg(row.label), _svg(row.display)
            whisker = ""
            if row.whisker:
                y = _svg(row.whisker_y)
                whisker = (
                    f'<line class="chart-whisker" x1="{_svg(row.whisker[0])}" x2="{_svg(row.whisker[1])}" '
                    f'y1="{y}" y2="{y}"></line>'
                )
            out.append(
                f'\n    <text class="chart-label" x="0" y="{_svg(row.label_y)}">{label}</text>\n'
                f'    <line class="chart-axis" x1="{zero}" x2="{zero}" y1="{_svg(row.axis_top)}" '
                f'y2="{_svg(row.axis_bottom)}"></line>\n'
                f'    <rect class="chart-bar" x="{_svg(row.bar_x)}" y="{_svg(row.bar_y)}" '
                f'width="{_svg(row.bar_width)}" height="14"><title>{label}: {display}</title></rect>\n'
                f"    {whisker}\n"
                f'    <text class="chart-value" x="{_svg(row.text_x)}" y="{_svg(row.text_y)}">{display}</text>\n    '
            )
        return mark_safe("".join(out))  # noqa: S308 - every value is escaped


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: Sequence[Bar]
    max_value: float
    min_value: float = 0.0
    value_heading: str = ""  # the table's column heading for the values; empty: the title
    interval_heading: str = ""  # the table's heading for low–high; empty: no interval column
    description: str = ""  # one sentence under the title

    @cached_property
    def has_interval(self) -> bool:
        return any(bar.low is not None and bar.high is not None for bar in self.bars)

    @cached_property
    def layout(self) -> BarLayout:
        # Room on the right for the value text, so a full bar never runs under it.
        plot_left, plot_right = 0.0, WIDTH - 56.0
        span = plot_right - plot_left

        def x(value: float) -> float:
            return plot_left + span * _fraction(value, self.min_value, self.max_value)

        zero = x(max(self.min_value, min(0.0, self.max_value)))
        rows = []
        y = 0.0
        for bar in self.bars:
            label_y = y + LABEL_HEIGHT - 4
            bar_y = y + LABEL_HEIGHT
            if bar.value is None:
                bar_x, bar_width = zero, 0.0
            else:
                end = x(bar.value)
                bar_x, bar_width = min(zero, end), abs(end - zero)
            whisker = None
            if bar.low is not None and bar.high is not None:
                whisker = (x(bar.low), x(bar.high))
            text_x = max(bar_x + bar_width, whisker[1] if whisker else 0.0) + 4
            rows.append(
                BarRow(
                    label=bar.label,
                    display=bar.display,
                    label_y=label_y,
                    bar_y=bar_y,
                    bar_x=round(bar_x, 1),
                    bar_width=round(bar_width, 1),
                    text_x=round(min(text_x, WIDTH - 52.0), 1),
                    text_y=bar_y + BAR_HEIGHT - 3,
                    whisker=(round(whisker[0], 1), round(whisker[1], 1)) if whisker else None,
                    whisker_y=bar_y + BAR_HEIGHT / 2,
                )
            )
            y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
        return BarLayout(height=max(y, 1.0), zero_x=round(zero, 1), rows=rows)

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def table_rows(self) -> list[tuple[Bar, str]]:
        """Each bar with its interval as text ("0,41–0,77"), for the table."""
        return [(bar, _interval_text(bar)) for bar in self.bars]


def _interval_text(bar: Bar) -> str:
    if bar.low is None or bar.high is None:
        return "–"
    return f"{_number(bar.low)}–{_number(bar.high)}"


def _number(value: float) -> str:
    """Two decimals with a decimal comma, the way a Danish reader writes them."""
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str  # the tooltip: series, category and value


@dataclass(frozen=True)
class Column:
    category: str
    label_x: float
    total: float
    total_y: float
    segments: list[Segment]

    @property
    def segments_svg(self) -> SafeString:
        """The column's <rect>s, as the template wrote them inside {% localize off %} (a column chart of twelve
        months and five series was sixty template loops of six variables)."""
        return mark_safe(  # noqa: S308 - every value is escaped
            "".join(
                f'<rect class="{_svg(s.css_class)}" x="{_svg(s.x)}" y="{_svg(s.y)}" width="{_svg(s.width)}" '
                f'height="{_svg(s.height)}"><title>{_svg(s.title)}</title></rect>'
                for s in self.segments
            )
        )


@dataclass(frozen=True)
class LegendItem:
    name: str
    css_class: str
    x: float
    y: float  # the text's baseline; the colour square sits left of it

    @property
    def square_y(self) -> float:
        return self.y - 10

    @property
    def text_x(self) -> float:
        return self.x + 16


@dataclass(frozen=True)
class ColumnLayout:
    height: float
    plot_top: float
    plot_bottom: float
    category_y: float
    columns: list[Column]
    legend: list[LegendItem]
    gridlines: list[tuple[float, str]]  # y, label


@dataclass(frozen=True)
class ColumnChart:
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    description: str = ""
    category_heading: str = ""  # the table's first column heading
    total_heading: str = "I alt"
    series_classes: Sequence[str] = field(default_factory=tuple)  # optional: one CSS class per series

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"Series {s.name!r} has {len(s.values)} values for {len(self.categories)} categories")

    @cached_property
    def totals(self) -> list[float]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    def _css_class(self, index: int) -> str:
        if index < len(self.series_classes):
            return self.series_classes[index]
        return f"chart-series-{index % SERIES_CLASSES}"

    @cached_property
    def layout(self) -> ColumnLayout:
        # Legend: as many names per row as fit (a rough width per character, the SVG has no text metrics).
        legend: list[LegendItem] = []
        lx, ly = 0.0, 12.0
        if len(self.series) > 1:
            for index, s in enumerate(self.series):
                item_width = 18 + 6.2 * len(s.name) + 12
                if lx > 0 and lx + item_width > WIDTH:
                    lx, ly = 0.0, ly + LEGEND_ROW
                legend.append(LegendItem(s.name, self._css_class(index), lx, ly))
                lx += item_width
            plot_top = ly + LEGEND_ROW
        else:
            plot_top = 8.0
        plot_top += 14  # room for the total above the tallest column
        plot_bottom = plot_top + PLOT_HEIGHT
        top = _nice_ceiling(max(self.totals, default=0.0))
        n = max(len(self.categories), 1)
        left = 28.0  # the gridline labels
        slot = (WIDTH - left) / n
        column_width = slot * 0.7
        columns = []
        for i, category in enumerate(self.categories):
            x = left + slot * i + (slot - column_width) / 2
            y = plot_bottom
            segments = []
            for index, s in enumerate(self.series):
                value = s.values[i]
                height = PLOT_HEIGHT * _fraction(value, 0.0, top) if top else 0.0
                y -= height
                if height > 0:
                    segments.append(
                        Segment(
                            x=round(x, 1),
                            y=round(y, 1),
                            width=round(column_width, 1),
                            height=round(height, 1),
                            css_class=self._css_class(index),
                            title=f"{s.name}, {category}: {_count(value)}"
                            if len(self.series) > 1
                            else f"{category}: {_count(value)}",
                        )
                    )
            columns.append(
                Column(
                    category=category,
                    label_x=round(x + column_width / 2, 1),
                    total=self.totals[i],
                    total_y=round(y - 3, 1),
                    segments=segments,
                )
            )
        gridlines = (
            [(round(plot_bottom - PLOT_HEIGHT * step / 4, 1), _count(top * step / 4)) for step in range(1, 5)]
            if top
            else []
        )
        return ColumnLayout(
            height=plot_bottom + AXIS_HEIGHT,
            plot_top=plot_top,
            plot_bottom=plot_bottom,
            category_y=plot_bottom + 16,
            columns=columns,
            legend=legend,
            gridlines=gridlines,
        )

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def table_rows(self) -> list[tuple[str, list[float], float]]:
        """Category, each series' value, the total."""
        return [
            (category, [s.values[i] for s in self.series], self.totals[i]) for i, category in enumerate(self.categories)
        ]


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:.1f}".replace(".", ",")


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 × 10^k at or above `value` (0 stays 0): the top of the
    axis, close above the tallest column, with gridlines at quarters of it."""
    if value <= 0:
        return 0.0
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value:
        magnitude /= 10
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover (the loop always returns)
