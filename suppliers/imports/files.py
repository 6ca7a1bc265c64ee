"""Reading an uploaded register file into a header and rows of strings. No Django import.

Only two kinds are accepted, decided by content, never by name: XLSX (a ZIP with the workbook parts, read with
openpyxl in read-only mode, first worksheet, values only) and CSV (UTF-8 with or without BOM, separated by
";" as Danish Excel writes it, or ","). Anything else is refused with a Danish message (`RegisterFileError`).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from privacy.domain import gettext_noop

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary Excel (.xls)
MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_INFLATED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # as privacy.files: real workbooks compress far less
MAX_COLUMNS = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

MSG_NOT_REGISTER_FILE = gettext_noop(
    "Filen er hverken en CSV-fil eller et Excel-regneark (XLSX). Gem udtrækket som CSV (UTF-8) eller XLSX, "
    "og prøv igen."
)
MSG_XLS = gettext_noop(
    "Filen er i det gamle Excel-format (XLS). Gem den som Excel-projektmappe (XLSX) eller CSV (UTF-8)."
)
MSG_NOT_UTF8 = gettext_noop(
    "CSV-filen er ikke gemt som UTF-8, så æ, ø og å kan ikke læses sikkert. Gem den som »CSV UTF-8« og prøv igen."
)
MSG_UNREADABLE = gettext_noop("Filen kan ikke læses. Den kan være beskadiget. Gem den igen, og upload den på ny.")
MSG_TOO_LARGE = gettext_noop("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
MSG_EMPTY_FILE = gettext_noop("Filen er tom.")
MSG_TOO_MANY_COLUMNS = gettext_noop("Filen har mere end %(limit)s kolonner. Er det det rigtige udtræk?")


class RegisterFileError(Exception):
    """The file as a whole cannot be read as a register extract; `message` is Danish source text."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params


def read_table(data: bytes) -> tuple[list[str], Iterator[Sequence[str]], str]:
    """The header, an iterator over the data rows (strings, "" for empty cells) and the kind ("csv"/"xlsx")."""
    if len(data) > MAX_BYTES:
        raise RegisterFileError(MSG_TOO_LARGE, size=f"{len(data) / 1_048_576:.1f}", limit=MAX_BYTES // 1_048_576)
    if not data.strip():
        raise RegisterFileError(MSG_EMPTY_FILE)
    if data.startswith(ZIP_MAGIC):
        rows = _xlsx_rows(data)
        kind = "xlsx"
    elif data.startswith(OLE_MAGIC):
        raise RegisterFileError(MSG_XLS)
    else:
        rows = _csv_rows(data)
        kind = "csv"
    header = next(rows, None)
    if header is None:
        raise RegisterFileError(MSG_EMPTY_FILE)
    if len(header) > MAX_COLUMNS:
        raise RegisterFileError(MSG_TOO_MANY_COLUMNS, limit=MAX_COLUMNS)
    return [str(cell) for cell in header], rows, kind


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:  # UTF-16 or a binary file: no real UTF-8 CSV holds NUL bytes
        raise RegisterFileError(MSG_NOT_REGISTER_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterFileError(MSG_NOT_UTF8) from None
    if _CONTROL.search(text):
        raise RegisterFileError(MSG_NOT_REGISTER_FILE)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    if first_line.count(delimiter) == 0:
        raise RegisterFileError(MSG_NOT_REGISTER_FILE)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error:
            raise RegisterFileError(MSG_UNREADABLE) from None

    return rows()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a CVR or postcode typed into a number cell
    if isinstance(value, datetime | date | Decimal):
        return str(value)
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # imported here: only XLSX uploads pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RegisterFileError(MSG_NOT_REGISTER_FILE) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise RegisterFileError(MSG_NOT_REGISTER_FILE)
    if (
        len(infos) > MAX_ZIP_ENTRIES
        or sum(info.file_size for info in infos) > MAX_ZIP_INFLATED
        or any(info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1024) for info in infos)
    ):
        raise RegisterFileError(MSG_UNREADABLE)  # a zip bomb, refused before anything is inflated
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many types on broken or hostile packages
        raise RegisterFileError(MSG_UNREADABLE) from None

    def rows() -> Iterator[list[str]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield [_cell(value) for value in values]
        except Exception:
            raise RegisterFileError(MSG_UNREADABLE) from None
        finally:
            workbook.close()

    return rows()
