"""Tables as downloads: CSV and XLSX with Danish headers and the date in the file name.

    table = Table(title="Placeringer", headers=["Leverandør", "Niveau"], rows=((s.name, s.level) for s in ...))
    return table_response(request.GET.get("format"), table, "placeringer")  # placeringer-2026-11-30.xlsx

- CSV is written the way Danish spreadsheet programs read it: UTF-8 with a byte-order mark, semicolons
  between fields, decimal commas, ISO dates. It is streamed row by row. Several tables in one CSV follow
  each other, each under its title and separated by an empty line (an XLSX puts each on a sheet of its own).
- XLSX is written by openpyxl in write-only mode (rows are not kept in memory as cells), the header row bold
  and frozen.
- A text cell that a spreadsheet would read as a formula (= + - @, a tab or a carriage return first) gets a
  leading apostrophe: a supplier's name must never run as a formula on a case worker's machine (CSV injection).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

Cell = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def safe_text(value: str) -> str:
    """`value` as a spreadsheet shows it literally (never as a formula)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def xlsx_value(value: Cell) -> str | int | float | Decimal | datetime.date | datetime.datetime | None:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, str):
        return safe_text(value)
    return value


def filename(stem: str, extension: str, today: datetime.date | None = None) -> str:
    return f"{stem}-{(today or timezone.localdate()).isoformat()}.{extension}"


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(tables: Sequence[Table]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    several = len(tables) > 1
    for index, table in enumerate(tables):
        if several:
            if index:
                yield "\r\n"
            yield writer.writerow([safe_text(table.title)])
        yield writer.writerow([safe_text(h) for h in table.headers])
        for row in table.rows:
            yield writer.writerow([csv_value(v) for v in row])


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        sheet.freeze_panes = "A2"
        header = []
        for h in table.headers:
            cell = WriteOnlyCell(sheet, value=safe_text(h))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([xlsx_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = (title.translate(_SHEET_FORBIDDEN).strip() or "Ark")[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def table_response(
    fmt: str | None, tables: Table | Sequence[Table], stem: str, *, today: datetime.date | None = None
) -> HttpResponse | StreamingHttpResponse:
    """The tables as a download in `fmt` ("csv" or "xlsx"); any other format is a 404."""
    tables = [tables] if isinstance(tables, Table) else list(tables)
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            csv_lines(tables), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    else:
        raise Http404("Unknown export format")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, fmt, today)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
