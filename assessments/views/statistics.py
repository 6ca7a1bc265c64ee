"""Agreement statistics for leaders (their socialtilsyn) and the fagadministrator (all, for content work)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assessments.selectors.statistics import agreement_report, statistics_cases
from suppliers.models import Socialtilsyn
from targetgroups.models import TargetGroup

# Below this many pairs a rate says little; the page says so next to the number.
FEW_PAIRS = 5


class AgreementFilterForm(forms.Form):
    maalgruppe = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), required=False, empty_label=_("Alle målgrupper")
    )
    socialtilsyn = forms.ModelChoiceField(
        label=_("Socialtilsyn"),
        queryset=Socialtilsyn.objects.none(),
        required=False,
        empty_label=_("Alle socialtilsyn"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maalgruppe"].queryset = TargetGroup.objects.order_by("name", "age_band")
        if user.role == Role.FAGADMIN:
            self.fields["socialtilsyn"].queryset = Socialtilsyn.objects.order_by("name")
        else:
            del self.fields["socialtilsyn"]


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.LEADER, Role.FAGADMIN):
        raise PermissionDenied
    cases = statistics_cases(user)
    filters = AgreementFilterForm(request.GET or None, user=user)
    target_group = tilsyn = None
    if filters.is_valid():
        target_group = filters.cleaned_data.get("maalgruppe")
        tilsyn = filters.cleaned_data.get("socialtilsyn")
        if target_group:
            cases = cases.filter(target_group=target_group)
        if tilsyn:
            cases = cases.filter(socialtilsyn=tilsyn)
    return render(
        request,
        "assessments/statistics/agreement.html",
        {
            "report": agreement_report(cases),
            "filters": filters,
            "target_group": target_group,
            "tilsyn": tilsyn,
            "few_pairs": FEW_PAIRS,
            "scope_all": user.role == Role.FAGADMIN,
        },
    )
