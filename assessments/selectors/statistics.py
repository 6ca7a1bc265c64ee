"""Agreement between the two consultants' original, independent judgements, per parameter.

Only double-blind cases count, and only their submitted independent judgements: those never change after
submission (reconciliation writes ReconciledParameter, not the judgements), so they are the originals.
The counting itself is the pure function assessments.domain.agreement.agreement_by_parameter.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.domain.agreement import Levels, agreement_by_parameter
from assessments.models import Case, Judgement, ParameterJudgement
from suppliers.models import Socialtilsyn
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS
from targetgroups.models import TargetGroup

# Below this many pairs a rate says little; the page says so next to the number.
FEW_PAIRS = 5


@dataclass(frozen=True)
class ParameterAgreement:
    parameter: str
    label: str
    pairs: int
    agreed: int
    rate: float | None  # 0..1, None without pairs

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class AgreementReport:
    cases: int
    parameters: list[ParameterAgreement]
    pairs: int
    agreed: int

    @property
    def percent(self) -> int | None:
        return None if self.pairs == 0 else round(self.agreed * 100 / self.pairs)


def statistics_cases(
    user: User, *, target_group: TargetGroup | None = None, socialtilsyn: Socialtilsyn | None = None
) -> QuerySet[Case]:
    """Cases a user may draw statistics from: a leader their socialtilsyn's, a fagadmin all; else none.
    Optionally only those of one target group and one socialtilsyn."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.role == Role.LEADER:
        if user.socialtilsyn_id is None:
            return Case.objects.none()
        cases = Case.objects.filter(socialtilsyn_id=user.socialtilsyn_id)
    elif user.role == Role.FAGADMIN:
        cases = Case.objects.all()
    else:
        return Case.objects.none()
    if target_group is not None:
        cases = cases.filter(target_group=target_group)
    if socialtilsyn is not None:
        cases = cases.filter(socialtilsyn=socialtilsyn)
    return cases


@dataclass(frozen=True)
class AgreementFilterChoices:
    target_groups: QuerySet[TargetGroup]
    socialtilsyn: QuerySet[Socialtilsyn] | None  # None: the user sees one socialtilsyn only (a leader)


def agreement_filter_choices(user: User) -> AgreementFilterChoices:
    return AgreementFilterChoices(
        target_groups=TargetGroup.objects.order_by("name", "age_band"),
        socialtilsyn=Socialtilsyn.objects.order_by("name") if user.role == Role.FAGADMIN else None,
    )


def agreement_report(cases: QuerySet[Case]) -> AgreementReport:
    """Per parameter: how many pairs of independent judgements there are and how often both had the same level.

    Two queries: the cases with exactly two submitted independent judgements, and their parameter levels.
    """
    independent = Q(judgements__kind=Judgement.Kind.INDEPENDENT, judgements__submitted_at__isnull=False)
    case_ids = list(
        cases.filter(mode=Case.Mode.DOUBLE_BLIND)
        .annotate(n=Count("judgements", filter=independent))
        .filter(n=2)
        .values_list("pk", flat=True)
    )
    levels: dict[int, dict[int, dict[str, int | None]]] = {}
    rows = ParameterJudgement.objects.filter(
        judgement__case_id__in=case_ids,
        judgement__kind=Judgement.Kind.INDEPENDENT,
        judgement__submitted_at__isnull=False,
    ).values_list("judgement__case_id", "judgement_id", "parameter", "level")
    for case_id, judgement_id, parameter, level in rows:
        levels.setdefault(case_id, {}).setdefault(judgement_id, {})[parameter] = level
    pairs: list[tuple[Levels, Levels]] = []
    for by_judgement in levels.values():
        if len(by_judgement) == 2:
            first, second = (by_judgement[j] for j in sorted(by_judgement))
            pairs.append((first, second))
    stats = agreement_by_parameter(pairs)
    parameters = []
    for p in SUPPLIER_PARAMETERS:
        s = stats.get(p.value)
        parameters.append(
            ParameterAgreement(
                parameter=p.value,
                label=_(SUPPLIER_PARAMETER_LABELS[p]),
                pairs=s.pairs if s else 0,
                agreed=s.agreed if s else 0,
                rate=s.rate if s else None,
            )
        )
    return AgreementReport(
        cases=len(levels),
        parameters=parameters,
        pairs=sum(p.pairs for p in parameters),
        agreed=sum(p.agreed for p in parameters),
    )
