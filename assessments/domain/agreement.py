"""Agreement between two independent judgements. Pure: no Django imports."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


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
