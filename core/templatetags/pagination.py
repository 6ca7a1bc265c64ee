"""`{% for n in page|page_window %}`: the page numbers a pagination bar shows, without looping over every page.

The bar shows the first and the last page and two on either side of the current one, with "…" (None here) in
place of page 2 or the last but one when they are not shown. Looping over the paginator's whole page_range in
the template cost a few hundred template calls per page of a long list (240 pages of suppliers).
"""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_window(page: Page) -> list[int | None]:
    last, current = page.paginator.num_pages, page.number
    # Only these numbers can show anything: every other page number is skipped by the bar.
    candidates = sorted({1, 2, last - 1, last, *range(current - 2, current + 3)} & set(range(1, last + 1)))
    return [n if n in (1, last) or current - 2 <= n <= current + 2 else None for n in candidates]
