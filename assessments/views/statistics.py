"""Agreement statistics for leaders (their socialtilsyn) and the fagadministrator (all, for content work): the
statistics page, the calibration page and their CSV/XLSX exports. All four read the agreement summary through
assessments.selectors.statistics; the tables and charts are built in statistics_tables.py."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from assessments.domain.agreement import half_year_from_key, half_year_key
from assessments.forms.statistics import StatisticsFilterForm
from assessments.selectors.statistics import (
    FEW_PAIRS,
    StatisticsChoices,
    StatisticsFilters,
    agreement_overview,
    guide_label,
    half_year_label,
    may_see_statistics,
    statistics_choices,
)
from assessments.selectors.statistics_calibration import LOW_AGREEMENT, LOW_WEIGHTED_KAPPA, calibration
from assessments.views.cases import login_user
from assessments.views.statistics_tables import (
    calibration_tables,
    kappa_chart,
    overview_tables,
    pair_distance_chart,
    trend_chart,
)
from core.tabular import table_response


@dataclass(frozen=True)
class _Input:
    user: User
    choices: StatisticsChoices
    form: StatisticsFilterForm
    filters: StatisticsFilters
    query: str  # the valid filters as a query string, for links to the other page and the exports


def _input(request: HttpRequest) -> _Input:
    """The user (leader or fagadmin, else 403), their filter choices and the chosen filters (invalid: none)."""
    user = login_user(request)
    if not may_see_statistics(user):
        raise PermissionDenied
    choices = statistics_choices(user)
    form = StatisticsFilterForm(
        request.GET or None,
        target_groups=[(g.pk, str(g)) for g in choices.target_groups],
        socialtilsyn=None if choices.socialtilsyn is None else [(t.pk, t.name) for t in choices.socialtilsyn],
        guides=[(g.pk, guide_label(g)) for g in choices.guides],
        half_years=[(half_year_key(h), half_year_label(h)) for h in choices.half_years],
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    filters = StatisticsFilters(
        target_group_id=chosen.get("maalgruppe"),
        socialtilsyn_id=chosen.get("socialtilsyn"),
        guide_id=chosen.get("vejledning"),
        period_from=half_year_from_key(chosen.get("fra")),
        period_to=half_year_from_key(chosen.get("til")),
    )
    query = urlencode({k: v for k, v in chosen.items() if v not in (None, "")})
    return _Input(user=user, choices=choices, form=form, filters=filters, query=query)


def _common(page: _Input) -> dict[str, object]:
    return {
        "filters": page.form,
        "query": page.query,
        "few_pairs": FEW_PAIRS,
        "scope_all": page.user.role == Role.FAGADMIN,
        "low_kappa": LOW_WEIGHTED_KAPPA,
        "low_agreement_percent": round(LOW_AGREEMENT * 100),
    }


@login_required
@require_GET
def agreement(request: HttpRequest) -> HttpResponse:
    page = _input(request)
    overview = agreement_overview(page.user, page.filters, page.choices)
    context = _common(page) | {
        "overview": overview,
        "kappa_chart": kappa_chart(overview),
        "trend_chart": trend_chart(overview),
        "distance_chart": pair_distance_chart(overview),
    }
    return render(request, "assessments/statistics/agreement.html", context)


@login_required
@require_GET
def agreement_calibration(request: HttpRequest) -> HttpResponse:
    page = _input(request)
    result = calibration(page.user, page.filters, page.choices, request.GET.get("parameter") or None)
    return render(request, "assessments/statistics/calibration.html", _common(page) | {"calibration": result})


@login_required
@require_GET
def agreement_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every table of the statistics page as CSV (one after the other) or XLSX (a sheet each)."""
    page = _input(request)
    overview = agreement_overview(page.user, page.filters, page.choices)
    return table_response(fmt, overview_tables(overview), "enighed")


@login_required
@require_GET
def calibration_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    page = _input(request)
    result = calibration(page.user, page.filters, page.choices, request.GET.get("parameter") or None)
    return table_response(fmt, calibration_tables(result), "kalibrering")
