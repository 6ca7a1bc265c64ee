"""The placement rule (indplacering) as a pure function.

Given the level at which each of the eight parameters is met and the numbers of a rule version, return
the supplier's level and a Danish explanation. The 2021 pilot rule (Socialstyrelsen 2021, table 4):

* every supplier is at least *let*;
* *moderat*: at least 7 parameters met at moderat or højt;
* *højt*: at least 7 parameters met at højt and at most 1 at moderat.

Levels are nested: a supplier placed *højt* also meets the *moderat* requirement. Weights let a rule
version count some parameters more than others; with the default weight 1 the sums are plain counts.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Level

PARAMETER_COUNT = 8


@dataclass(frozen=True)
class RuleSettings:
    """The numbers of one placement-rule version."""

    moderat_min_at_least_moderat: int = 7
    hoejt_min_at_hoejt: int = 7
    hoejt_max_at_moderat: int = 1
    # None means no limit; the 2021 rule sets none (see docs/decisions.md).
    hoejt_max_at_let: int | None = None
    weights: tuple[int, ...] = field(default=(1,) * PARAMETER_COUNT)

    def __post_init__(self) -> None:
        if len(self.weights) != PARAMETER_COUNT:
            raise ValueError(f"a rule needs {PARAMETER_COUNT} weights, got {len(self.weights)}")
        if any(w < 1 for w in self.weights):
            raise ValueError("weights must be positive whole numbers")
        numbers = (self.moderat_min_at_least_moderat, self.hoejt_min_at_hoejt, self.hoejt_max_at_moderat)
        if any(n < 0 for n in numbers) or (self.hoejt_max_at_let is not None and self.hoejt_max_at_let < 0):
            raise ValueError("thresholds cannot be negative")

    @property
    def total_weight(self) -> int:
        return sum(self.weights)

    @property
    def is_unweighted(self) -> bool:
        return all(w == 1 for w in self.weights)


RULE_2021 = RuleSettings()


@dataclass(frozen=True)
class Placement:
    level: Level
    at_hoejt: int
    at_moderat: int
    at_let: int
    total: int
    explanation: str


LEVEL_TEXT = {Level.LET: "let specialiseret", Level.MODERAT: "moderat specialiseret", Level.HOEJT: "højt specialiseret"}


def place(levels: Sequence[Level], rule: RuleSettings = RULE_2021) -> Placement:
    """Return the placement for eight parameter levels under the rule's numbers."""
    if len(levels) != PARAMETER_COUNT:
        raise ValueError(f"expected {PARAMETER_COUNT} parameter levels, got {len(levels)}")
    at = dict.fromkeys(Level, 0)
    for level, weight in zip(levels, rule.weights, strict=True):
        at[Level(level)] += weight

    at_least_moderat = at[Level.MODERAT] + at[Level.HOEJT]
    meets_moderat = at_least_moderat >= rule.moderat_min_at_least_moderat
    meets_hoejt = (
        meets_moderat
        and at[Level.HOEJT] >= rule.hoejt_min_at_hoejt
        and at[Level.MODERAT] <= rule.hoejt_max_at_moderat
        and (rule.hoejt_max_at_let is None or at[Level.LET] <= rule.hoejt_max_at_let)
    )
    result = Level.HOEJT if meets_hoejt else Level.MODERAT if meets_moderat else Level.LET
    return Placement(
        level=result,
        at_hoejt=at[Level.HOEJT],
        at_moderat=at[Level.MODERAT],
        at_let=at[Level.LET],
        total=rule.total_weight,
        explanation=_explain(at, result, rule),
    )


def _explain(at: dict[Level, int], result: Level, rule: RuleSettings) -> str:
    unit = "parametre" if rule.is_unweighted else "vægtede point"
    parts = [f"{at[Level.HOEJT]} af {rule.total_weight} {unit} på højt niveau"]
    if at[Level.MODERAT]:
        parts.append(f"{at[Level.MODERAT]} på moderat")
    if at[Level.LET]:
        parts.append(f"{at[Level.LET]} på let")
    facts = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    return f"{facts} → {LEVEL_TEXT[result]}"


def requirement_text(rule: RuleSettings) -> dict[Level, str]:
    """The rule in words, for the page that shows a rule version."""
    unit = "parametre" if rule.is_unweighted else "vægtede point"
    hoejt = f"mindst {rule.hoejt_min_at_hoejt} {unit} på højt niveau og højst {rule.hoejt_max_at_moderat} på moderat"
    if rule.hoejt_max_at_let is not None:
        hoejt += f" og højst {rule.hoejt_max_at_let} på let"
    return {
        Level.LET: "Alle leverandører er som udgangspunkt mindst let specialiserede.",
        Level.MODERAT: f"Mindst {rule.moderat_min_at_least_moderat} {unit} på moderat eller højt niveau.",
        Level.HOEJT: hoejt[0].upper() + hoejt[1:] + ".",
    }
