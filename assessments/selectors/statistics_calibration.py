"""Calibration: for the parameters the consultants agree least on, the guide criteria and description boxes they
cited when they disagreed — the list a fagadministrator needs to sharpen the next guide version.

Which parameters are low comes from the agreement summary (assessments.selectors.statistics). The citations come from
CalibrationCitation (kept with the agreement summary by assessments.services.agreement): one GROUP BY per kind
(criteria, description boxes) over the disagreeing pairs of one parameter, the ten most cited returned.
"""

from dataclasses import dataclass, replace

from django.db.models import Sum

from accounts.models import User
from assessments.models import CalibrationCitation
from assessments.selectors.statistics import (
    AgreementOverview,
    AgreementRow,
    StatisticsChoices,
    StatisticsFilters,
    agreement_overview,
    filtered,
    guide_label,
    may_see_statistics,
)
from targetgroups.models import AssessmentGuide, DescriptionParameterChoices

# A parameter needs calibration when its linearly weighted kappa is below this (below "substantial" agreement in
# the usual reading of Landis & Koch 1977) …
LOW_WEIGHTED_KAPPA = 0.6
# … or when fewer than this share of the pairs are on the same level.
LOW_AGREEMENT = 0.7
MOST_CITED = 10


def is_low(row: AgreementRow) -> bool:
    """Too little agreement (either threshold); a parameter without pairs or without a kappa is not judged."""
    if row.pairs == 0:
        return False
    kappa, observed = row.stats.weighted_kappa.value, row.stats.observed.value
    return (kappa is not None and kappa < LOW_WEIGHTED_KAPPA) or (observed is not None and observed < LOW_AGREEMENT)


@dataclass(frozen=True)
class CitedItem:
    pk: int
    kind: str  # "criterion" or "cell"
    level: int
    text: str
    cell_parameter: str  # a description box's parameter (the description's four), "" for a criterion
    guide_id: int
    pairs: int  # disagreeing pairs in which at least one of the two consultants cited it
    citations: int  # judgements citing it (a pair where both cite it counts twice)
    guide: AssessmentGuide | None = None  # from the filter choices (no query)

    @property
    def guide_label(self) -> str:
        return guide_label(self.guide) if self.guide else ""

    @property
    def cell_parameter_label(self) -> str:
        if not self.cell_parameter:
            return ""
        return str(DescriptionParameterChoices(self.cell_parameter).label)


@dataclass(frozen=True)
class Calibration:
    overview: AgreementOverview
    low: list[AgreementRow]  # the parameters needing calibration, lowest weighted kappa first
    selected: AgreementRow | None
    criteria: list[CitedItem]
    cells: list[CitedItem]

    @property
    def disagreeing_pairs(self) -> int:
        return 0 if self.selected is None else self.selected.pairs - self.selected.stats.agreed


def _most_cited(user: User, filters: StatisticsFilters, parameter: str, kind: str) -> list[CitedItem]:
    """The items of one kind most often cited in the disagreeing pairs of `parameter`; one GROUP BY over
    CalibrationCitation (the item's level and text joined in)."""
    item = "criterion" if kind == "criterion" else "cell"
    rows = (
        filtered(CalibrationCitation.objects.order_by(), user, filters)
        .filter(parameter=parameter, **{f"{item}__isnull": False})
        .values(f"{item}_id", "guide_id", f"{item}__level", f"{item}__text")
        .annotate(n_pairs=Sum("pairs"), n_citations=Sum("citations"))
    )
    if kind == "cell":
        rows = rows.values(
            f"{item}_id", "guide_id", f"{item}__level", f"{item}__text", "cell__parameter", "n_pairs", "n_citations"
        )
    return [
        CitedItem(
            pk=row[f"{item}_id"],
            kind=kind,
            level=row[f"{item}__level"],
            text=row[f"{item}__text"],
            cell_parameter=row.get("cell__parameter", ""),
            guide_id=row["guide_id"],
            pairs=row["n_pairs"],
            citations=row["n_citations"],
        )
        for row in rows.order_by("-n_pairs", "-n_citations", f"{item}_id")[:MOST_CITED]
    ]


def calibration(
    user: User, filters: StatisticsFilters, choices: StatisticsChoices, parameter: str | None = None
) -> Calibration:
    """The low parameters and, for one of them (`parameter`, else the lowest), the most cited criteria and boxes.

    Three queries: the summary (agreement_overview) and one per kind of citation (CalibrationCitation)."""
    overview = agreement_overview(user, filters, choices)
    low = sorted(
        (row for row in overview.parameters if is_low(row)),
        key=lambda row: row.stats.weighted_kappa.value if row.stats.weighted_kappa.value is not None else -2,
    )
    by_key = {row.key: row for row in overview.parameters}
    selected = by_key.get(parameter) if parameter else (low[0] if low else None)
    if selected is None or not may_see_statistics(user) or selected.pairs == selected.stats.agreed:
        return Calibration(overview=overview, low=low, selected=selected, criteria=[], cells=[])
    guides = {g.pk: g for g in choices.guides}
    found = {
        kind: [
            replace(item, guide=guides.get(item.guide_id)) for item in _most_cited(user, filters, selected.key, kind)
        ]
        for kind in ("criterion", "cell")
    }
    return Calibration(overview=overview, low=low, selected=selected, criteria=found["criterion"], cells=found["cell"])
