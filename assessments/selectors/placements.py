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
from django.db.models import F, Q, QuerySet, Value, When
from django.http import Http404

from assessments.models import CurrentPlacement, LevelChoices
from assessments.models.placements import DANISH_LETTERS
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


def fold(text: str) -> str:
    """The text as the trigram column spells names: lower case, æ ø å as ae oe aa."""
    text = text.lower()
    for letter, spelling in DANISH_LETTERS:
        text = text.replace(letter, spelling)
    return text


def _prefix_query(text: str) -> SearchQuery | None:
    """Every word of the text as a prefix (so "mølleg" finds "Møllegården"), through the Danish configuration's
    stemming; None for a text without words."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="danish")


def _text_search(rows: QuerySet[CurrentPlacement], text: str) -> QuerySet[CurrentPlacement]:
    """The rows that match the text, annotated with `rank` (best first).

    Full text first: names and addresses, every word as a prefix, ranked by ts_rank (names weigh more than
    addresses). Only when that finds nothing among the filtered rows (one cheap EXISTS query) are names compared
    by trigram similarity instead (pg_trgm's `%>`: word_similarity above 0.6, served by the GIN index), so a
    misspelt name is still found, and the costly similarity is never computed for the thousands of rows a short
    prefix matches. An 8-digit text also finds the supplier with that CVR number.
    """
    prefix = _prefix_query(text)
    if prefix is None:
        return rows.none()
    plain = " ".join(_WORD.findall(text.lower())[:MAX_WORDS])
    full_text = Q(search_vector=prefix)
    if plain.isdigit() and len(plain) == 8:
        full_text |= Q(cvr=plain)
    found = rows.filter(full_text)
    if found.exists():
        if max(len(word) for word in plain.split()) < 3:
            # One or two letters match half the country; a rank would not order them usefully, and computing it
            # for every match costs more than the page: name order (read off the index) instead.
            return found.annotate(rank=Value(0.0, output_field=models.FloatField()))
        return found.annotate(rank=SearchRank(F("search_vector"), prefix))
    # (A lookup object: django.contrib.postgres is not an installed app, so the field lookup is not registered.)
    similar = rows.filter(TrigramWordSimilar(F("names"), Value(fold(plain))))
    return similar.annotate(rank=TrigramWordSimilarity(Value(fold(plain)), "names"))  # type: ignore[arg-type]


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

    With a text, one EXISTS query decides between full text and similarity (see _text_search).
    `level` filters on the effective level; `region` is a region's name (regions()), `municipality` a 3-digit
    municipality code, `ownership` a Supplier.Ownership value, `age_band` a TargetGroup.AgeBand value. `text`
    searches supplier and department names and addresses (Danish full text, each word also as a prefix),
    misspelt names (trigram similarity) and an exact CVR number.
    """
    in_remedy = Q(remedy_level__isnull=False, remedy_until__gt=today)
    rows: QuerySet[CurrentPlacement] = CurrentPlacement.objects.filter(valid_from__lte=today, valid_until__gte=today)
    rows = rows.annotate(
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


def _attach_labels(rows: list[CurrentPlacement], choices: "PlacementFilterChoices") -> None:
    """Set each row's target group and socialtilsyn from the lists the search form was built from (not joined
    into the search, which would join every matching row before the sort picks a page), and the names of its
    effective and pending levels (`effective_level_name`, `pending_level_name`; "" for none)."""
    groups = {tg.pk: tg for tg in choices.target_groups}
    tilsyn = {t.pk: t for t in choices.socialtilsyn}
    missing_groups = {row.target_group_id for row in rows} - groups.keys()
    missing_tilsyn = {row.socialtilsyn_id for row in rows} - tilsyn.keys()
    # Only if one was added since the lists were read.
    groups |= TargetGroup.objects.in_bulk(missing_groups) if missing_groups else {}
    tilsyn |= Socialtilsyn.objects.in_bulk(missing_tilsyn) if missing_tilsyn else {}
    levels = {value: str(label) for value, label in LevelChoices.choices}
    for row in rows:
        row.target_group = groups[row.target_group_id]
        row.socialtilsyn = tilsyn[row.socialtilsyn_id]
        # (the levels are annotations of search_placements, the names attributes for the template)
        row.effective_level_name = levels.get(row.effective_level, "")  # type: ignore[attr-defined]
        row.pending_level_name = levels.get(row.pending_level, "")  # type: ignore[attr-defined]


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
    target_groups: list[TargetGroup]
    socialtilsyn: list[Socialtilsyn]
    regions: list[str]


def placement_filter_choices() -> PlacementFilterChoices:
    """The search form's choices, read once (two queries); they also label the result rows."""
    return PlacementFilterChoices(
        target_groups=list(TargetGroup.objects.all()), socialtilsyn=list(Socialtilsyn.objects.all()), regions=regions()
    )


class _WindowedPaginator(Paginator):
    """A paginator whose page_range holds only the numbers includes/pagination.html shows (the first two, the
    last two and two either side of the current page), so a search over a thousand pages does not loop over all
    of them in the template. The page asked for is remembered by get_page."""

    current = 1

    def get_page(self, number: Any) -> Page:
        page = super().get_page(number)
        self.current = page.number
        return page

    @property
    def page_range(self) -> range | list[int]:  # type: ignore[override]
        last = self.num_pages
        shown = {1, 2, last - 1, last, *range(self.current - 2, self.current + 3)}
        return sorted(n for n in shown if 1 <= n <= last)


def placement_page(rows: QuerySet[CurrentPlacement], page_number: str | None, choices: PlacementFilterChoices) -> Page:
    """One page of a search: a count and a page of PAGE_SIZE rows, both in SQL (one query when nothing matches);
    the rows' target groups and socialtilsyn come from the form's `choices`."""
    page = _WindowedPaginator(placement_rows(rows), PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    if page.object_list:
        _attach_labels(page.object_list, choices)
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
