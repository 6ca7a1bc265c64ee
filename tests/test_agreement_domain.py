"""The agreement arithmetic (assessments.domain.agreement): worked examples from the literature, checked by hand,
and properties that must hold for every table (hypothesis)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain.agreement import (
    Missing,
    cohens_kappa,
    half_year_from_key,
    half_year_key,
    half_year_start,
    linear_kappa,
    table_from_pairs,
    table_statistics,
    wilson_interval,
)

# --- worked examples ---------------------------------------------------------------------------------------


def test_cohen_1960_example():
    """Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
    Measurement 20(1), 37–46: the worked example of two judges sorting 200 cases into three categories,
    printed as proportions

            .44 .07 .09 | .60
            .05 .20 .05 | .30
            .01 .03 .06 | .10
            .50 .30 .20

    p_o = .44 + .20 + .06 = .70; p_c = .60·.50 + .30·.30 + .10·.20 = .30 + .09 + .02 = .41;
    κ = (.70 − .41) / (1 − .41) = .29 / .59 = .4915 (Cohen prints .492).
    """
    table = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]  # the proportions × 200
    stats = table_statistics(table)
    assert stats.pairs == 200
    assert stats.agreed == 140
    assert stats.observed.value == pytest.approx(0.70)
    assert stats.kappa.value == pytest.approx(0.29 / 0.59)
    assert round(stats.kappa.value, 3) == 0.492


def test_fleiss_levin_paik_table_18_1_kappa_and_standard_errors():
    """Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods for Rates and Proportions, 3rd ed.,
    ch. 18 (agreement of two raters), the 3 × 3 example of two raters' diagnoses of 100 subjects
    (psychological / neurological / organic), as proportions

            .75 .01 .04 | .80
            .05 .04 .01 | .10
            .00 .00 .10 | .10
            .80 .05 .15

    By hand, κ: p_o = .89, p_e = .80·.80 + .10·.05 + .10·.15 = .66, κ = .23/.34 = .6765 (the book: .68).

    Standard error (Fleiss, Cohen & Everitt 1969; FLP ch. 18), by hand with 1 − κ = .11/.34 = .32353:
      Σ_i p_ii [1 − (p_i· + p_·i)(1 − κ)]²
        = .75(1 − 1.60·.32353)² + .04(1 − .15·.32353)² + .10(1 − .25·.32353)²
        = .75·.23266 + .04·.90530 + .10·.84478 = .17450 + .03621 + .08448 = .29519
      (1 − κ)² Σ_{i≠j} p_ij (p_·i + p_j·)²
        = .10467 · (.01·.90² + .04·.90² + .05·.85² + .01·.15²) = .10467 · .07715 = .00808
      [κ − p_e(1 − κ)]² = (.67647 − .66·.32353)² = .46294² = .21432
      var = (.29519 + .00808 − .21432) / (100 · .34²) = .08895 / 11.56 = .0076946; se = .08772
    95 % CI: .6765 ± 1.96·.0877 = (.505, .848).

    Linearly weighted (w = 1, ½, 0), by hand:
      p_o(w) = .89 + ½(.01 + .05 + .01 + .00) = .925
      p_e(w) = .66 + ½(.80·.05 + .10·.80 + .10·.15 + .10·.05) = .66 + ½·.14 = .73
      κ_w = .195 / .27 = .72222
      w̄_i· = Σ_j p_·j w_ij = (.825, .525, .175); w̄_·j = Σ_i p_i· w_ij = (.85, .55, .15); 1 − κ_w = .27778
      Σ p_ij [w_ij − (w̄_i· + w̄_·j)(1 − κ_w)]²
        = .75·.53472² + .01·.11806² + .04·.27083² + .05·.11806² + .04·.70139² + .01·.31250² + .10·.90972²
        = .21445 + .00014 + .00293 + .00070 + .01968 + .00098 + .08276 = .32164
      [κ_w − p_e(1 − κ_w)]² = (.72222 − .73·.27778)² = .51944² = .26982
      var = (.32164 − .26982) / (100 · .27²) = .05182 / 7.29 = .0071084; se = .08431
    """
    table = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
    stats = table_statistics(table)
    assert stats.kappa.value == pytest.approx(0.23 / 0.34)
    assert round(stats.kappa.value, 2) == 0.68
    assert stats.kappa.se == pytest.approx(0.08772, abs=5e-5)
    assert (stats.kappa.low, stats.kappa.high) == (pytest.approx(0.505, abs=1e-3), pytest.approx(0.848, abs=1e-3))
    assert stats.weighted_kappa.value == pytest.approx(0.195 / 0.27)
    assert stats.weighted_kappa.se == pytest.approx(0.08431, abs=5e-5)


def test_wilson_interval_worked_example():
    """Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of seven
    methods. Statistics in Medicine 17, 857–872, Table I: 81 of 263 gives the Wilson score interval
    0.2553–0.3662 (method 3).
    By hand: p = .30798, z² = 3.8415; centre = (p + z²/2n)/(1 + z²/n) = (.30798 + .00730)/1.01461 = .31074;
    half = 1.96·√(p(1−p)/n + z²/4n²)/(1.01461) = 1.96·√(.00081046 + .00001388)/1.01461 = .05546 → (.2553, .3662).
    """
    interval = wilson_interval(81, 263)
    assert interval.low == pytest.approx(0.2553, abs=1e-4)
    assert interval.high == pytest.approx(0.3662, abs=1e-4)


# --- edge cases ----------------------------------------------------------------------------------------------


def test_no_pairs_gives_none_with_a_reason():
    stats = table_statistics([[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert stats.pairs == 0
    for estimate in (stats.observed, stats.kappa, stats.weighted_kappa):
        assert estimate.value is None
        assert estimate.missing == Missing.NO_PAIRS


def test_one_category_only_gives_none_with_a_reason():
    """Both always chose level 2: they agree every time, but chance agreement is 1 as well, so kappa is 0/0."""
    stats = table_statistics([[0, 0, 0], [0, 7, 0], [0, 0, 0]])
    assert stats.observed.value == 1.0
    assert stats.kappa.value is None
    assert stats.kappa.missing == Missing.ONE_CATEGORY
    assert stats.weighted_kappa.missing == Missing.ONE_CATEGORY


def test_a_single_pair_on_different_levels_is_defined():
    stats = table_statistics([[0, 0, 1], [0, 0, 0], [0, 0, 0]])
    assert stats.kappa.value == 0.0  # p_o = 0, p_e = 0
    assert stats.weighted_kappa.value == 0.0


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="square"):
        table_statistics([[1, 2], [3]])
    with pytest.raises(ValueError, match="negative"):
        table_statistics([[1, -1], [0, 1]])


def test_half_years():
    import datetime

    assert half_year_start(datetime.date(2026, 6, 30)) == datetime.date(2026, 1, 1)
    assert half_year_start(datetime.date(2026, 7, 1)) == datetime.date(2026, 7, 1)
    assert half_year_key(datetime.date(2026, 7, 1)) == "2026-2"
    assert half_year_from_key("2026-1") == datetime.date(2026, 1, 1)
    assert half_year_from_key("2026-3") is None
    assert half_year_from_key("x") is None
    assert half_year_from_key(None) is None


# --- properties --------------------------------------------------------------------------------------------

LEVEL = st.sampled_from([1, 2, 3])
PAIRS = st.lists(st.tuples(LEVEL, LEVEL), min_size=1, max_size=200)
TABLE = st.lists(st.lists(st.integers(0, 500), min_size=3, max_size=3), min_size=3, max_size=3)


@given(levels=st.lists(LEVEL, min_size=2, max_size=200).filter(lambda xs: len(set(xs)) > 1))
def test_identical_ratings_give_kappa_one(levels):
    table = table_from_pairs((x, x) for x in levels)
    assert cohens_kappa(table).value == pytest.approx(1.0)
    assert linear_kappa(table).value == pytest.approx(1.0)


@given(pairs=PAIRS)
def test_kappa_is_symmetric_in_the_two_raters(pairs):
    table = table_from_pairs(pairs)
    swapped = table_from_pairs((b, a) for a, b in pairs)
    assert swapped == [list(col) for col in zip(*table, strict=True)]
    for kappa in (cohens_kappa, linear_kappa):
        one, other = kappa(table), kappa(swapped)
        assert one.missing == other.missing
        if one.value is not None:
            assert one.value == pytest.approx(other.value, abs=1e-12)
            assert one.se == pytest.approx(other.se, abs=1e-12)


@given(table=TABLE)
def test_bounds_and_the_interval_contains_the_estimate(table):
    stats = table_statistics(table)
    for estimate in (stats.kappa, stats.weighted_kappa):
        if estimate.value is None:
            assert estimate.missing is not None
            continue
        assert -1.0 <= estimate.value <= 1.0
        assert estimate.low is not None
        assert estimate.high is not None
        assert -1.0 <= estimate.low <= estimate.value <= estimate.high <= 1.0
        assert estimate.se is not None
        assert estimate.se >= 0
        assert math.isfinite(estimate.se)
    if stats.pairs:
        assert stats.observed.low is not None
        assert stats.observed.high is not None
        assert 0.0 <= stats.observed.low <= stats.observed.value <= stats.observed.high <= 1.0


@given(table=TABLE)
def test_weighted_kappa_never_counts_near_misses_as_worse(table):
    """With linear weights a one-level miss counts half: weighted observed agreement ≥ exact agreement."""
    n = sum(map(sum, table))
    if n == 0:
        return
    exact = sum(table[i][i] for i in range(3)) / n
    near = sum(table[i][j] for i in range(3) for j in range(3) if abs(i - j) == 1) / n
    assert exact <= exact + near / 2 <= 1
