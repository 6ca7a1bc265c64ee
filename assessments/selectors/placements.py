"""The placement search: the current placements a municipal case worker searches to find a fitting supplier.

It reads the maintained table assessments.models.CurrentPlacement (one row per supplier or department and target
group), so every filter, the count and the page are plain SQL on one small indexed table. What depends on the
day is computed here from the stored dates: a placement shows while its decision is in force
(valid_from ≤ today ≤ valid_until), and during a remedy period the previous, higher level still applies (the
effective level), with the decision's own level pending from the end of the period.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, F, Q, QuerySet, Value, When
from django.http import Http404

from assessments.models import CurrentPlacement
from suppliers.models import Socialtilsyn, Supplier
from suppliers.municipalities import MUNICIPALITIES
from targetgroups.models import TargetGroup

PAGE_SIZE = 25
# Words of the free text searched at most (the rest are ignored); a word is letters and digits.
MAX_WORDS = 6
_WORD = re.compile(r"\w+")


def regions() -> list[str]:
    """The five regions, in the order of the municipality table."""
    return list(dict.fromkeys(m.region for m in MUNICIPALITIES))


def _municipality_codes(region: str) -> list[str]:
    return [m.code for m in MUNICIPALITIES if m.region == region]


def _prefix_query(text: str) -> SearchQuery | None:
    """Every word of the text as a prefix (so "mølleg" finds "Møllegården"), through the Danish configuration's
    stemming; None for a text without words."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="danish")


def _text_search(rows: QuerySet[CurrentPlacement], text: str) -> QuerySet[CurrentPlacement]:
    """The rows that match the text, annotated with `rank`.

    Full text first: names and addresses, every word as a prefix. Only when that finds nothing among the filtered
    rows are names compared by trigram similarity (pg_trgm's `%>`, word_similarity above 0.6), so a misspelt name
    is still found. The choice is made in SQL (an uncorrelated NOT EXISTS, evaluated once), so the search stays
    one query, and the costly similarity is never computed for the thousands of rows a short prefix matches.
    An 8-digit text also finds the supplier with that CVR number.
    """
    prefix = _prefix_query(text)
    if prefix is None:
        return rows.none()
    plain = " ".join(_WORD.findall(text.lower())[:MAX_WORDS])
    full_text = Q(search_vector=prefix)
    if plain.isdigit() and len(plain) == 8:
        full_text |= Q(cvr=plain)
    # (A lookup object: django.contrib.postgres is not an installed app, so the field lookup is not registered.)
    similar = Q(TrigramWordSimilar(F("names"), Value(plain)))
    found = Exists(rows.filter(full_text))
    fallback = ~found & similar
    # Ranked by the full text's rank, or (in the fallback) by similarity; `found` is the same one-off InitPlan.
    rank = models.Case(
        When(found, then=SearchRank(F("search_vector"), prefix)),
        default=TrigramWordSimilarity(Value(plain), "names"),
        output_field=models.FloatField(),
    )
    return rows.filter(full_text | fallback).annotate(rank=rank)


def search_placements(
    *,
    today: datetime.date,
    target_group: TargetGroup | int | None = None,
    age_band: str | None = None,
    level: int | None = None,
    socialtilsyn: Socialtilsyn | int | None = None,
    region: str | None = None,
    municipality: str | None = None,
    ownership: str | None = None,
    matrikelloes: bool | None = None,
    text: str = "",
) -> QuerySet[CurrentPlacement]:
    """The placements in force on `today` that match every given filter, as one query: rows annotated with
    `effective_level`, `pending_level` and `pending_from` (None outside a remedy period), and `rank` when a text
    is given. Ordered by supplier and department name, or by rank (best first) when a text is given.

    `level` filters on the effective level; `region` is a region's name (regions()), `municipality` a 3-digit
    municipality code, `ownership` a Supplier.Ownership value, `age_band` a TargetGroup.AgeBand value. `text`
    searches supplier and department names and addresses (Danish full text, each word also as a prefix),
    misspelt names (trigram similarity) and an exact CVR number.
    """
    in_remedy = Q(remedy_level__isnull=False, remedy_until__gt=today)
    rows = CurrentPlacement.objects.filter(valid_from__lte=today, valid_until__gte=today).annotate(
        effective_level=models.Case(When(in_remedy, then=F("remedy_level")), default=F("level")),
        pending_level=models.Case(When(in_remedy, then=F("level")), default=None),
        pending_from=models.Case(When(in_remedy, then=F("remedy_until")), default=None),
    )
    if target_group is not None:
        rows = rows.filter(target_group=target_group)
    if age_band:
        rows = rows.filter(age_band=age_band)
    if socialtilsyn is not None:
        rows = rows.filter(socialtilsyn=socialtilsyn)
    if region:
        rows = rows.filter(municipality_code__in=_municipality_codes(region))
    if municipality:
        rows = rows.filter(municipality_code=municipality)
    if ownership:
        rows = rows.filter(ownership=ownership)
    if matrikelloes is not None:
        rows = rows.filter(matrikelloes=matrikelloes)
    if level is not None:
        rows = rows.filter((in_remedy & Q(remedy_level=level)) | (~in_remedy & Q(level=level)))
    order = ["supplier_name", "department_name", "id"]
    if text:
        rows = _text_search(rows, text)
        order = ["-rank", *order]
    return rows.order_by(*order)


def placement_rows(rows: QuerySet[CurrentPlacement]) -> QuerySet[CurrentPlacement]:
    """What a list of placements shows (names and addresses come from the row; the search columns stay behind)."""
    return rows.defer("search_vector", "names", "decided_at")


def _attach_labels(rows: list[CurrentPlacement]) -> None:
    """Set each row's target group and socialtilsyn from two small lookups (not joined into the search, which
    would join every matching row before the sort picks a page)."""
    groups = TargetGroup.objects.in_bulk({row.target_group_id for row in rows})
    tilsyn = Socialtilsyn.objects.in_bulk({row.socialtilsyn_id for row in rows})
    for row in rows:
        row.target_group = groups[row.target_group_id]
        row.socialtilsyn = tilsyn[row.socialtilsyn_id]


EXPORT_FIELDS = (
    "supplier_name",
    "cvr",
    "department_name",
    "department_address",
    "supplier_address",
    "municipality_code",
    "ownership",
    "matrikelloes",
    "target_group__name",
    "age_band",
    "effective_level",
    "pending_level",
    "pending_from",
    "valid_from",
    "valid_until",
    "socialtilsyn__name",
)


def placement_export_rows(rows: QuerySet[CurrentPlacement]) -> Iterator[dict[str, Any]]:
    """Every row of a search as plain values, in the search's order, read in chunks (one query)."""
    return rows.values(*EXPORT_FIELDS).iterator(chunk_size=2000)


@dataclass(frozen=True)
class PlacementFilterChoices:
    target_groups: QuerySet[TargetGroup]
    socialtilsyn: QuerySet[Socialtilsyn]
    regions: list[str]


def placement_filter_choices() -> PlacementFilterChoices:
    return PlacementFilterChoices(
        target_groups=TargetGroup.objects.all(), socialtilsyn=Socialtilsyn.objects.all(), regions=regions()
    )


def placement_page(rows: QuerySet[CurrentPlacement], page_number: str | None) -> Page:
    """One page of a search: a count and a page of PAGE_SIZE rows in SQL, and the page's target groups and
    socialtilsyn (four queries, or one when nothing matches)."""
    page = Paginator(placement_rows(rows), PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    if page.object_list:
        _attach_labels(page.object_list)
    return page


@dataclass(frozen=True)
class SupplierPlacements:
    supplier: Supplier
    placements: list[CurrentPlacement]  # the whole supplier's first, then by department, then by target group


def supplier_placements_or_404(pk: int, *, today: datetime.date) -> SupplierPlacements:
    """A supplier and its current placements, by department and target group (Http404 for an unknown supplier)."""
    supplier = Supplier.objects.select_related("socialtilsyn").filter(pk=pk).first()
    if supplier is None:
        raise Http404
    rows = (
        search_placements(today=today)
        .filter(supplier=supplier)
        .select_related("target_group")
        .order_by("department_name", "target_group__name", "target_group__age_band")
    )
    return SupplierPlacements(supplier=supplier, placements=list(rows))
