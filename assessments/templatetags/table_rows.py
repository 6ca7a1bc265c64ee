"""`{% table_rows rows text_columns %}`: the body rows of a figures table (assessments/process/table.html),
written in Python. Each row is a list of (header, cell) pairs; the first cell is the row's <th>, and cells after
`text_columns` are right-aligned numbers. Cells print as `{{ cell }}` would (localised, escaped); a table of a
dozen columns and rows cost several milliseconds as template nodes."""

from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def table_rows(context: template.Context, rows: list[list[tuple[Any, Any]]], text_columns: int) -> SafeString:
    out = []
    for row in rows:
        cells = []
        for index, (header, cell) in enumerate(row, start=1):
            title = render_value_in_context(header, context)
            value = render_value_in_context(cell, context)
            if index == 1:
                cells.append(f'<th scope="row" data-title="{title}">{value}</th>')
            else:
                align = ' class="align-text-right"' if index > text_columns else ""
                cells.append(f'<td data-title="{title}"{align}>{value}</td>')
        out.append(f"\n    <tr>{''.join(cells)}</tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - render_value_in_context escapes every value
