"""The placement rule, checked against an independent formulation over every combination of levels."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from targetgroups.domain.model import Level
from targetgroups.domain.placement import PARAMETER_COUNT, RULE_2021, RuleSettings, place, requirement_text

ALL_COMBINATIONS = list(itertools.product(list(Level), repeat=PARAMETER_COUNT))


def reference_2021(levels) -> Level:
    """Table 4 of the 2021 report, written without counting per level: sort and look at the 7th best."""
    ranked = sorted(levels, reverse=True)
    seventh_best = ranked[6]
    if seventh_best == Level.HOEJT and sum(1 for lvl in levels if lvl == Level.MODERAT) <= 1:
        return Level.HOEJT
    if seventh_best >= Level.MODERAT:
        return Level.MODERAT
    return Level.LET


def reference_general(levels, rule: RuleSettings) -> Level:
    """The rule for any settings, by expanding each parameter into `weight` unit votes."""
    votes = [lvl for lvl, w in zip(levels, rule.weights, strict=True) for _ in range(w)]
    moderat_ok = len([v for v in votes if v != Level.LET]) >= rule.moderat_min_at_least_moderat
    hoejt_ok = (
        moderat_ok
        and len([v for v in votes if v == Level.HOEJT]) >= rule.hoejt_min_at_hoejt
        and len([v for v in votes if v == Level.MODERAT]) <= rule.hoejt_max_at_moderat
        and (rule.hoejt_max_at_let is None or len([v for v in votes if v == Level.LET]) <= rule.hoejt_max_at_let)
    )
    return Level.HOEJT if hoejt_ok else Level.MODERAT if moderat_ok else Level.LET


def test_there_are_6561_combinations():
    assert len(ALL_COMBINATIONS) == 3**8 == 6561


def test_2021_rule_matches_independent_formulation_for_all_6561_combinations():
    mismatches = [levels for levels in ALL_COMBINATIONS if place(levels, RULE_2021).level != reference_2021(levels)]
    assert mismatches == []


def test_2021_rule_outcome_distribution_over_all_combinations():
    # Independently counted: højt needs >= 7 at højt (1 + 8*2 = 17 combos);
    # moderat needs >= 7 at moderat or højt, i.e. at most one let (2^8 + 8*2^7 = 1280 combos) minus those 17.
    outcome = dict.fromkeys(Level, 0)
    for levels in ALL_COMBINATIONS:
        outcome[place(levels).level] += 1
    assert outcome == {Level.HOEJT: 17, Level.MODERAT: 1280 - 17, Level.LET: 6561 - 1280}


@pytest.mark.parametrize(
    ("levels", "expected", "explanation"),
    [
        (
            [Level.HOEJT] * 7 + [Level.MODERAT],
            Level.HOEJT,
            "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret",
        ),
        ([Level.HOEJT] * 8, Level.HOEJT, "8 af 8 parametre på højt niveau → højt specialiseret"),
        (
            [Level.HOEJT] * 6 + [Level.MODERAT] * 2,
            Level.MODERAT,
            "6 af 8 parametre på højt niveau og 2 på moderat → moderat specialiseret",
        ),
        (
            [Level.MODERAT] * 7 + [Level.LET],
            Level.MODERAT,
            "0 af 8 parametre på højt niveau, 7 på moderat og 1 på let → moderat specialiseret",
        ),
        (
            [Level.MODERAT] * 6 + [Level.LET] * 2,
            Level.LET,
            "0 af 8 parametre på højt niveau, 6 på moderat og 2 på let → let specialiseret",
        ),
        ([Level.LET] * 8, Level.LET, "0 af 8 parametre på højt niveau og 8 på let → let specialiseret"),
        # The literal 2021 rule: with 7 at højt the eighth parameter at let still gives højt.
        (
            [Level.HOEJT] * 7 + [Level.LET],
            Level.HOEJT,
            "7 af 8 parametre på højt niveau og 1 på let → højt specialiseret",
        ),
    ],
)
def test_2021_rule_examples_with_danish_explanation(levels, expected, explanation):
    result = place(levels)
    assert result.level == expected
    assert result.explanation == explanation


def test_optional_let_limit_changes_the_seven_hoejt_one_let_case():
    strict = RuleSettings(hoejt_max_at_let=0)
    assert place([Level.HOEJT] * 7 + [Level.LET], strict).level == Level.MODERAT
    assert place([Level.HOEJT] * 7 + [Level.MODERAT], strict).level == Level.HOEJT


def test_weighted_rule_explains_in_points():
    rule = RuleSettings(
        moderat_min_at_least_moderat=8, hoejt_min_at_hoejt=8, hoejt_max_at_moderat=1, weights=(2, 1, 1, 1, 1, 1, 1, 1)
    )
    result = place([Level.HOEJT] * 7 + [Level.LET], rule)
    assert result.level == Level.HOEJT
    assert result.explanation == "8 af 9 vægtede point på højt niveau og 1 på let → højt specialiseret"


@pytest.mark.parametrize("levels", [[Level.LET] * 7, [Level.LET] * 9])
def test_wrong_number_of_levels_is_refused(levels):
    with pytest.raises(ValueError, match="8 parameter levels"):
        place(levels)


@pytest.mark.parametrize(
    "kwargs", [{"weights": (1,) * 7}, {"weights": (0,) * 8}, {"hoejt_min_at_hoejt": -1}, {"hoejt_max_at_let": -1}]
)
def test_invalid_rule_settings_are_refused(kwargs):
    with pytest.raises(ValueError, match=r"weights|negative"):
        RuleSettings(**kwargs)


def test_requirement_text_states_the_2021_numbers():
    text = requirement_text(RULE_2021)
    assert text[Level.MODERAT] == "Mindst 7 parametre på moderat eller højt niveau."
    assert text[Level.HOEJT] == "Mindst 7 parametre på højt niveau og højst 1 på moderat."


levels_strategy = st.lists(st.sampled_from(list(Level)), min_size=8, max_size=8)
rule_strategy = st.builds(
    RuleSettings,
    moderat_min_at_least_moderat=st.integers(0, 20),
    hoejt_min_at_hoejt=st.integers(0, 20),
    hoejt_max_at_moderat=st.integers(0, 20),
    hoejt_max_at_let=st.none() | st.integers(0, 20),
    weights=st.tuples(*[st.integers(1, 3)] * 8),
)


@given(levels=levels_strategy, rule=rule_strategy)
def test_any_rule_matches_independent_formulation(levels, rule):
    assert place(levels, rule).level == reference_general(levels, rule)


@given(levels=levels_strategy, rule=rule_strategy, index=st.integers(0, 7))
def test_raising_one_parameter_never_lowers_the_placement_when_there_is_no_let_limit(levels, rule, index):
    # Monotonicity holds when raising a parameter from let to moderat does not cross the moderat cap,
    # so it is checked on the step moderat -> højt and let -> højt, which only add højt votes.
    if levels[index] == Level.HOEJT:
        return
    raised = list(levels)
    raised[index] = Level.HOEJT
    if levels[index] == Level.LET and rule.hoejt_max_at_let is None:
        assert place(raised, rule).level >= place(levels, rule).level
    if levels[index] == Level.MODERAT:
        assert place(raised, rule).level >= place(levels, rule).level


@given(levels=levels_strategy, rule=rule_strategy)
def test_counts_always_add_up_to_total_weight(levels, rule):
    result = place(levels, rule)
    assert result.at_hoejt + result.at_moderat + result.at_let == result.total == sum(rule.weights)
    assert result.explanation.endswith(("let specialiseret", "moderat specialiseret", "højt specialiseret"))
