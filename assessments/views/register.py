"""The register of current placements (myndighed, consultants, leaders, fagadministrators)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.forms.register import RegisterFilter
from assessments.selectors.register import register_filter_choices, register_page


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("assessments.view_register"):
        raise PermissionDenied
    choices = register_filter_choices()
    form = RegisterFilter(request.GET or None, target_groups=choices.target_groups, socialtilsyn=choices.socialtilsyn)
    filters = form.cleaned_data if form.is_valid() else {}
    page = register_page(
        target_group=filters.get("target_group"),
        level=filters.get("level"),
        socialtilsyn=filters.get("socialtilsyn"),
        matrikelloes=filters.get("matrikelloes"),
        query=filters.get("q") or "",
        page_number=request.GET.get("side"),
    )
    return render(request, "assessments/register.html", {"form": form, "page": page})
