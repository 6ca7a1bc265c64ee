"""Agreement statistics for leaders (their socialtilsyn) and the fagadministrator (all, for content work)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from assessments.forms.register import AgreementFilterForm
from assessments.selectors.statistics import FEW_PAIRS, agreement_filter_choices, agreement_report, statistics_cases
from assessments.views.cases import login_user


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    user = login_user(request)
    if user.role not in (Role.LEADER, Role.FAGADMIN):
        raise PermissionDenied
    choices = agreement_filter_choices(user)
    filters = AgreementFilterForm(
        request.GET or None, target_groups=choices.target_groups, socialtilsyn=choices.socialtilsyn
    )
    chosen = filters.cleaned_data if filters.is_valid() else {}
    target_group, tilsyn = chosen.get("maalgruppe"), chosen.get("socialtilsyn")
    context = {
        "report": agreement_report(statistics_cases(user, target_group=target_group, socialtilsyn=tilsyn)),
        "filters": filters,
        "target_group": target_group,
        "tilsyn": tilsyn,
        "few_pairs": FEW_PAIRS,
        "scope_all": user.role == Role.FAGADMIN,
    }
    return render(request, "assessments/statistics/agreement.html", context)
