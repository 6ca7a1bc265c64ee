"""Agreement between the two consultants' original, independent judgements, per parameter.

Only double-blind cases count, and only their submitted independent judgements: those never change after
submission (reconciliation writes ReconciledParameter, not the judgements), so they are the originals.
The counting is done by PostgreSQL (GROUP BY parameter); the pure function
assessments.domain.agreement.agreement_by_parameter is its reference (tests compare the two).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Max, Min, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.domain.agreement import AgreementStats
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


def _paired_case_ids(cases: QuerySet[Case]) -> QuerySet[Any, Any]:
    """The ids of the double-blind cases among `cases` with exactly two submitted independent judgements."""
    return (
        Judgement.objects.filter(
            case__in=cases.filter(mode=Case.Mode.DOUBLE_BLIND).order_by().values("pk"),
            kind=Judgement.Kind.INDEPENDENT,
            submitted_at__isnull=False,
        )
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .filter(n=2)
        .values("case_id")
    )


def agreement_counts(cases: QuerySet[Case]) -> tuple[int, dict[str, AgreementStats]]:
    """How many cases have submitted independent judgements, and per parameter the pairs and agreements:
    the numbers of assessments.domain.agreement.agreement_by_parameter, counted by PostgreSQL in one query.

    No judgement row leaves the database. Per case and parameter the two judgements' levels are grouped:
    a pair where both judged it (two levels), agreed where the two are the same (min = max).
    """
    per_case = (
        ParameterJudgement.objects.filter(
            judgement__case_id__in=_paired_case_ids(cases),
            judgement__kind=Judgement.Kind.INDEPENDENT,
            judgement__submitted_at__isnull=False,
        )
        .order_by()  # Meta.ordering would add a join and a sort of every row
        .values("parameter", paired_case=F("judgement__case_id"))
        .annotate(judged=Count("level"), low=Min("level"), high=Max("level"))
    )
    try:
        inner, params = per_case.query.sql_with_params()
    except EmptyResultSet:  # no cases at all (e.g. Case.objects.none())
        return 0, {}
    # Two levels of aggregation (per case and parameter, then per parameter) are one statement; the ORM
    # writes the inner one, so its parameters stay bound.
    sql = f"""
        WITH per_case AS ({inner})
        SELECT parameter,
               COUNT(*) FILTER (WHERE judged = 2),
               COUNT(*) FILTER (WHERE judged = 2 AND low = high),
               (SELECT COUNT(DISTINCT paired_case) FROM per_case)
        FROM per_case GROUP BY parameter
    """  # noqa: S608 (no user input is formatted in: the inner statement is the ORM's, with bound parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stats = {parameter: AgreementStats(pairs=n, agreed=a) for parameter, n, a, _ in rows if n}
    return (rows[0][3] if rows else 0), stats


def agreement_report(cases: QuerySet[Case]) -> AgreementReport:
    """Per parameter: how many pairs of independent judgements there are and how often both had the same level.

    Two queries (agreement_counts), whatever the number of cases.
    """
    case_count, stats = agreement_counts(cases)
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
        cases=case_count,
        parameters=parameters,
        pairs=sum(p.pairs for p in parameters),
        agreed=sum(p.agreed for p in parameters),
    )
