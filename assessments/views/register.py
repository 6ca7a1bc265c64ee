"""The register of current placements (myndighed, consultants, leaders, fagadministrators)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import LevelChoices
from assessments.selectors.register import register_entries
from suppliers.models import Socialtilsyn
from targetgroups.models import TargetGroup


class RegisterFilter(forms.Form):
    # Every filter is optional by nature; saying so on each one is noise.
    hide_optional_marker = True

    q = forms.CharField(label=_("Leverandør, afdeling eller CVR-nummer"), required=False, max_length=100)
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.all(), required=False, empty_label=_("Alle målgrupper")
    )
    level = forms.TypedChoiceField(
        label=_("Specialiseringsniveau"),
        choices=[("", _("Alle niveauer")), *LevelChoices.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    socialtilsyn = forms.ModelChoiceField(
        label=_("Socialtilsyn (region)"), queryset=Socialtilsyn.objects.all(), required=False, empty_label=_("Alle")
    )
    matrikelloes = forms.TypedChoiceField(
        label=_("Matrikelløs indsats"),
        choices=[("", _("Alle")), ("ja", _("Kun matrikelløse")), ("nej", _("Ikke matrikelløse"))],
        coerce=lambda v: v == "ja",
        required=False,
        empty_value=None,
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("assessments.view_register"):
        raise PermissionDenied
    form = RegisterFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = register_entries(
        today=timezone.localdate(),
        target_group=filters.get("target_group"),
        level=filters.get("level"),
        socialtilsyn=filters.get("socialtilsyn"),
        matrikelloes=filters.get("matrikelloes"),
        query=filters.get("q") or "",
    )
    page = Paginator(entries, 25).get_page(request.GET.get("side"))
    return render(request, "assessments/register.html", {"form": form, "page": page})
