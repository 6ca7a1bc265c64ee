"""Agreement between two independent judgements. Pure: no Django imports.

Two kinds of numbers:
- raw counts per parameter from pairs of level maps (agreed_parameters, agreement_by_parameter) — the reference the
  SQL counting is checked against;
- chance-corrected agreement from a k × k confusion table of ordered levels (table_statistics): observed
  agreement with a Wilson score interval, Cohen's kappa and linearly weighted kappa, each with a 95 % confidence
  interval from the large-sample standard error of Fleiss, Cohen & Everitt (1969), as given in Fleiss, Levin &
  Paik, *Statistical Methods for Rates and Proportions*, 3rd ed. (2003), ch. 18.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class AgreementStats:
    pairs: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return None if self.pairs == 0 else self.agreed / self.pairs


def agreed_parameters(first: Mapping[str, int | None], second: Mapping[str, int | None]) -> set[str]:
    """Parameters both judged, at the same level."""
    return {p for p, level in first.items() if level is not None and second.get(p) == level}


Levels = Mapping[str, int | None]  # parameter → level (None: not judged)


def agreement_by_parameter(pairs: Iterable[tuple[Levels, Levels]]) -> dict[str, AgreementStats]:
    """For many pairs of judgements, how often the two consultants agreed on each parameter (a parameter
    counts only where both judged it)."""
    counts: dict[str, list[int]] = {}
    for first, second in pairs:
        for parameter, level in first.items():
            if level is None or second.get(parameter) is None:
                continue
            tally = counts.setdefault(parameter, [0, 0])
            tally[0] += 1
            tally[1] += int(second[parameter] == level)
    return {p: AgreementStats(pairs=n, agreed=a) for p, (n, a) in counts.items()}


# --- confusion tables and kappa ------------------------------------------------------------------------------

LEVELS = (1, 2, 3)
Z_95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution

Table = Sequence[Sequence[int]]  # table[i][j]: pairs where the first rater chose level i+1, the second j+1


def confusion_table(cells: Iterable[tuple[int, int, int]], levels: Sequence[int] = LEVELS) -> list[list[int]]:
    """A k × k table from (first level, second level, count) rows; levels outside `levels` are left out."""
    index = {level: i for i, level in enumerate(levels)}
    table = [[0] * len(levels) for _ in levels]
    for first, second, count in cells:
        if first in index and second in index:
            table[index[first]][index[second]] += count
    return table


def table_from_pairs(pairs: Iterable[tuple[int, int]], levels: Sequence[int] = LEVELS) -> list[list[int]]:
    """A k × k table from (first level, second level) pairs."""
    return confusion_table(((a, b, 1) for a, b in pairs), levels)


class Missing(StrEnum):
    """Why a statistic could not be computed (the page says it in words)."""

    NO_PAIRS = "no_pairs"
    ONE_CATEGORY = "one_category"  # both raters used one and the same level only: chance agreement is 1


@dataclass(frozen=True)
class Estimate:
    """A proportion or kappa with its 95 % confidence interval; `value` None with the reason when undefined."""

    value: float | None
    low: float | None = None
    high: float | None = None
    se: float | None = None
    missing: Missing | None = None

    @classmethod
    def none(cls, reason: Missing) -> "Estimate":
        return cls(value=None, missing=reason)


@dataclass(frozen=True)
class TableStatistics:
    pairs: int
    agreed: int
    observed: Estimate  # share of pairs on the same level (0..1)
    kappa: Estimate
    weighted_kappa: Estimate  # linear weights: one level apart counts half


def linear_weights(k: int) -> list[list[float]]:
    """Agreement weights 1 − |i − j| / (k − 1): the same level 1, one level apart ½ (k = 3), opposite ends 0."""
    if k == 1:
        return [[1.0]]
    return [[1 - abs(i - j) / (k - 1) for j in range(k)] for i in range(k)]


def identity_weights(k: int) -> list[list[float]]:
    return [[1.0 if i == j else 0.0 for j in range(k)] for i in range(k)]


def _check_square(table: Table) -> int:
    k = len(table)
    if k == 0 or any(len(row) != k for row in table):
        raise ValueError("a confusion table is square and not empty")
    if any(n < 0 for row in table for n in row):
        raise ValueError("counts are never negative")
    return k


def weighted_kappa(table: Table, weights: Sequence[Sequence[float]]) -> Estimate:
    """Kappa with agreement weights w_ij (identity weights: Cohen's kappa) and its 95 % confidence interval.

    κ_w = (p_o − p_e) / (1 − p_e), p_o = Σ w_ij p_ij, p_e = Σ w_ij p_i· p_·j. The standard error is the
    large-sample one of Fleiss, Cohen & Everitt (1969), not assuming κ = 0 (Fleiss, Levin & Paik 2003, ch. 18):

        se = √( Σ_ij p_ij [w_ij − (w̄_i· + w̄_·j)(1 − κ_w)]² − [κ_w − p_e(1 − κ_w)]² ) / ((1 − p_e) √n)

    with w̄_i· = Σ_j p_·j w_ij and w̄_·j = Σ_i p_i· w_ij. The interval is κ_w ± 1.96 se, cut to [−1, 1].
    Undefined (None with the reason) without pairs, or when chance agreement is 1 (both used one level only).
    """
    k = _check_square(table)
    n = sum(sum(row) for row in table)
    if n == 0:
        return Estimate.none(Missing.NO_PAIRS)
    p = [[table[i][j] / n for j in range(k)] for i in range(k)]
    rows = [sum(p[i]) for i in range(k)]
    cols = [sum(p[i][j] for i in range(k)) for j in range(k)]
    p_o = sum(weights[i][j] * p[i][j] for i in range(k) for j in range(k))
    p_e = sum(weights[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k))
    if math.isclose(p_e, 1.0, abs_tol=1e-12):
        return Estimate.none(Missing.ONE_CATEGORY)
    kappa = (p_o - p_e) / (1 - p_e)
    w_row = [sum(cols[j] * weights[i][j] for j in range(k)) for i in range(k)]
    w_col = [sum(rows[i] * weights[i][j] for i in range(k)) for j in range(k)]
    spread = sum(
        p[i][j] * (weights[i][j] - (w_row[i] + w_col[j]) * (1 - kappa)) ** 2 for i in range(k) for j in range(k)
    )
    variance = max(0.0, spread - (kappa - p_e * (1 - kappa)) ** 2) / (n * (1 - p_e) ** 2)
    se = math.sqrt(variance)
    kappa = min(1.0, max(-1.0, kappa))  # exact in theory; floating point may stray by an ulp
    return Estimate(
        value=kappa, low=max(-1.0, kappa - Z_95 * se), high=min(1.0, kappa + Z_95 * se), se=se, missing=None
    )


def cohens_kappa(table: Table) -> Estimate:
    """Cohen's (1960) kappa: weighted_kappa with identity weights (only the same level counts as agreement)."""
    return weighted_kappa(table, identity_weights(len(table)))


def linear_kappa(table: Table) -> Estimate:
    """Linearly weighted kappa (Cohen 1968 with weights 1 − |i − j|/(k − 1)): for ordered levels, a
    disagreement of one level weighs less than one of two."""
    return weighted_kappa(table, linear_weights(len(table)))


def wilson_interval(successes: int, n: int) -> Estimate:
    """A proportion with its 95 % Wilson score interval (Wilson 1927; Newcombe 1998, method 3): stays
    within [0, 1] and behaves well with few pairs or a share near 0 or 1."""
    if n <= 0:
        return Estimate.none(Missing.NO_PAIRS)
    if not 0 <= successes <= n:
        raise ValueError("successes lie between 0 and n")
    share = successes / n
    z2 = Z_95 * Z_95
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_95 * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Estimate(
        value=share,
        # the interval contains the share in exact arithmetic; floating point may miss it by an ulp at 0 or 1
        low=min(share, max(0.0, centre - half)),
        high=max(share, min(1.0, centre + half)),
        se=math.sqrt(share * (1 - share) / n),
        missing=None,
    )


def table_statistics(table: Table) -> TableStatistics:
    """Observed agreement, Cohen's kappa and linearly weighted kappa of one confusion table."""
    k = _check_square(table)
    n = sum(sum(row) for row in table)
    agreed = sum(table[i][i] for i in range(k))
    return TableStatistics(
        pairs=n,
        agreed=agreed,
        observed=wilson_interval(agreed, n),
        kappa=cohens_kappa(table),
        weighted_kappa=linear_kappa(table),
    )


def add_tables(tables: Iterable[Table], k: int = len(LEVELS)) -> list[list[int]]:
    """The cell-wise sum of k × k tables (e.g. all parameters together)."""
    total = [[0] * k for _ in range(k)]
    for table in tables:
        for i in range(k):
            for j in range(k):
                total[i][j] += table[i][j]
    return total


# --- half-years (the summary's unit of time) -----------------------------------------------------------------


def half_year_start(day: datetime.date) -> datetime.date:
    """The first day of the half-year `day` lies in (1 January or 1 July)."""
    return datetime.date(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_key(start: datetime.date) -> str:
    """A half-year in a URL: '2026-1' or '2026-2'."""
    return f"{start.year}-{1 if start.month <= 6 else 2}"


def half_year_from_key(key: str | None) -> datetime.date | None:
    """The first day of the half-year named by half_year_key; None for anything else."""
    year, _sep, half = (key or "").partition("-")
    if not (year.isdigit() and len(year) == 4 and half in ("1", "2")):
        return None
    return datetime.date(int(year), 1 if half == "1" else 7, 1)
