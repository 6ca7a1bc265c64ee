"""The placement search (the register of current placements), its exports and a supplier's placements.

For municipal case workers (myndighed) and the socialtilsyn's staff: `assessments.view_register`.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from assessments.forms.register import PlacementSearchForm
from assessments.models import LevelChoices
from assessments.selectors.placements import (
    PlacementFilterChoices,
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


def _search_form(request: HttpRequest, choices: PlacementFilterChoices) -> PlacementSearchForm:
    return PlacementSearchForm(
        request.GET or None,
        target_groups=choices.target_groups,
        socialtilsyn=choices.socialtilsyn,
        regions=choices.regions,
    )


# A workbook is built whole, in memory, inside the request: about 0.1 s per 1,000 rows here (the whole national
# register, 25,500 rows, took 2.8 s). Above this many rows the page offers the CSV file, which is streamed (the
# whole register in 0.4 s), and asks to narrow the search for Excel.
XLSX_MAX_ROWS = 5000


def _xlsx_limit() -> dict[str, Any]:
    return {"xlsx_max_rows": XLSX_MAX_ROWS, "xlsx_max_rows_label": number_format(XLSX_MAX_ROWS, force_grouping=True)}


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_permission(request)
    choices = placement_filter_choices()
    form = _search_form(request, choices)
    page = None
    if not form.is_bound or form.is_valid():
        rows = search_placements(today=timezone.localdate(), **(form.filters() if form.is_bound else {}))
        page = placement_page(rows, request.GET.get("side"), choices)
    context = {"form": form, "page": page, **_xlsx_limit()}
    return render(request, "assessments/register.html", context)


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
def register_export(request: HttpRequest, fmt: str) -> HttpResponse | HttpResponseRedirect | StreamingHttpResponse:
    """Every row the search finds (not only one page), as CSV or XLSX, in the search's order. An XLSX file of more
    than XLSX_MAX_ROWS rows is refused: back to the search, with the reason and the way on."""
    _require_permission(request)
    form = _search_form(request, placement_filter_choices())
    if form.is_bound and not form.is_valid():
        context = {"form": form, "page": None, **_xlsx_limit()}
        return render(request, "assessments/register.html", context, status=400)
    filters = form.filters() if form.is_bound else {}
    placements = search_placements(today=timezone.localdate(), **filters)
    if fmt == "xlsx" and placements.count() > XLSX_MAX_ROWS:
        messages.info(
            request,
            _(
                "Excel-filen laves for højst %(max)s indplaceringer, og søgningen finder flere. Hent CSV-filen, "
                "som også kan åbnes i Excel, eller afgræns søgningen."
            )
            % {"max": _xlsx_limit()["xlsx_max_rows_label"]},
        )
        query = request.GET.urlencode()
        return redirect(f"{reverse('register')}?{query}" if query else reverse("register"))
    rows = placement_export_rows(placements)
    headers = [str(h) for h in EXPORT_HEADERS]
    return table_response(fmt, Table(_("Gældende indplaceringer"), headers, _export_cells(rows)), "placeringer")


@login_required
def register_supplier(request: HttpRequest, pk: int) -> HttpResponse:
    _require_permission(request)
    context = supplier_placements_or_404(pk, today=timezone.localdate())
    return render(request, "assessments/register_supplier.html", {"page": context})
