"""The placement search (the register of current placements), its exports and a supplier's placements.

For municipal case workers (myndighed) and the socialtilsyn's staff: `assessments.view_register`.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from assessments.forms.register import PlacementSearchForm
from assessments.models import LevelChoices
from assessments.selectors.placements import (
    placement_export_rows,
    placement_filter_choices,
    placement_page,
    search_placements,
    supplier_placements_or_404,
)
from core.tabular import Cell, Table, table_response
from suppliers.models import Supplier
from suppliers.municipalities import BY_CODE
from targetgroups.models import TargetGroup


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("assessments.view_register"):
        raise PermissionDenied


def _search_form(request: HttpRequest) -> PlacementSearchForm:
    choices = placement_filter_choices()
    return PlacementSearchForm(
        request.GET or None,
        target_groups=choices.target_groups,
        socialtilsyn=choices.socialtilsyn,
        regions=choices.regions,
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_permission(request)
    form = _search_form(request)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        page = placement_page(search_placements(today=timezone.localdate(), **filters), request.GET.get("side"))
    return render(request, "assessments/register.html", {"form": form, "page": page})


EXPORT_HEADERS = (
    _l("Leverandør"),
    _l("CVR-nummer"),
    _l("Afdeling"),
    _l("Adresse"),
    _l("Kommune"),
    _l("Ejerform"),
    _l("Matrikelløs"),
    _l("Målgruppe"),
    _l("Aldersgruppe"),
    _l("Gældende niveau"),
    _l("Kommende niveau"),
    _l("Kommende niveau fra"),
    _l("Gælder fra"),
    _l("Gælder til"),
    _l("Socialtilsyn"),
)


def _export_cells(rows: Iterator[dict[str, Any]]) -> Iterator[Sequence[Cell]]:
    levels = {value: str(label) for value, label in LevelChoices.choices}
    ownership = {value: str(label) for value, label in Supplier.Ownership.choices}
    age_bands = {value: str(label) for value, label in TargetGroup.AgeBand.choices}
    for row in rows:
        municipality = BY_CODE.get(row["municipality_code"])
        yield (
            row["supplier_name"],
            row["cvr"],
            row["department_name"],
            row["department_address"] or row["supplier_address"],
            municipality.name if municipality else "",
            ownership.get(row["ownership"], row["ownership"]),
            row["matrikelloes"],
            row["target_group__name"],
            age_bands.get(row["age_band"], row["age_band"]),
            levels[row["effective_level"]],
            levels[row["pending_level"]] if row["pending_level"] else None,
            row["pending_from"],
            row["valid_from"],
            row["valid_until"],
            row["socialtilsyn__name"],
        )


@login_required
def register_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """Every row the search finds (not only one page), as CSV or XLSX, in the search's order."""
    _require_permission(request)
    form = _search_form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "assessments/register.html", {"form": form, "page": None}, status=400)
    filters = form.filters() if form.is_bound else {}
    rows = placement_export_rows(search_placements(today=timezone.localdate(), **filters))
    headers = [str(h) for h in EXPORT_HEADERS]
    return table_response(fmt, Table(_("Gældende indplaceringer"), headers, _export_cells(rows)), "placeringer")


@login_required
def register_supplier(request: HttpRequest, pk: int) -> HttpResponse:
    _require_permission(request)
    context = supplier_placements_or_404(pk, today=timezone.localdate())
    return render(request, "assessments/register_supplier.html", {"page": context})
