from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .domain.model import Level
from .models import VersionStatus
from .selectors import guide_with_content, placement_rules_released, target_groups_with_current_versions


def _require_catalogue(request: HttpRequest) -> None:
    if not request.user.has_perm("targetgroups.view_catalogue"):
        raise PermissionDenied


@login_required
def target_group_list(request: HttpRequest) -> HttpResponse:
    _require_catalogue(request)
    return render(
        request, "targetgroups/target_group_list.html", {"target_groups": target_groups_with_current_versions()}
    )


@login_required
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A guide with, per parameter, the criteria of the three levels beside the description boxes they cite."""
    _require_catalogue(request)
    guide = guide_with_content(pk=pk)
    if guide is None:
        raise Http404
    # Drafts are work in progress of the content owners only.
    if guide.status == VersionStatus.DRAFT and not request.user.has_perm("targetgroups.manage_content"):
        raise Http404
    return render(request, "targetgroups/guide_detail.html", {"guide": guide, "levels": list(Level)})


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:

    _require_catalogue(request)
    rows = placement_rules_released()
    return render(request, "targetgroups/rule_list.html", {"rows": rows, "levels": list(Level)})
