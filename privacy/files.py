"""Uploaded files: decide the type by content (never by name or browser-sent content type), read their text,
and refuse files that are of the wrong type, too large, unreadable or contain a CPR number.

Accepted: PDF, PNG, JPEG, DOCX, XLSX. Everything else is refused, including old binary Word/Excel files
(.doc/.xls), macro-enabled Office files (a vbaProject.bin part), HTML, SVG, executables under any name,
and ZIP files that are not DOCX/XLSX, have too many entries or expand suspiciously (zip bombs).

What is checked for CPR numbers:
- PDF: the text of every page (pypdf). A PDF that cannot be parsed or is password protected is refused as
  unreadable. A scanned PDF has no text layer and passes, like an image. PDF metadata and annotations are
  not read.
- DOCX: body, headers, footers, footnotes, endnotes, comments, text boxes, deleted tracked changes
  (w:delText is still in the file) and the core properties (title, subject, keywords).
- XLSX: shared strings, inline strings, formula results that are strings, integer cell values
  (a CPR typed without hyphen is stored as a number), comments and sheet names. A number typed as
  0101901234 in a cell formatted as a number loses its leading zero and is not recognised.
- PNG and JPEG: not checked. Without OCR the pixels cannot be read; they are allowed.

XML parts are parsed with the standard library only after refusing any DOCTYPE/ENTITY declaration,
which OOXML never uses, so entity-expansion attacks are not possible.
"""

import io
import math
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree

import pypdf
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_noop

from . import domain

PDF, PNG, JPEG, DOCX, XLSX = "pdf", "png", "jpeg", "docx", "xlsx"
IMAGE_KINDS = frozenset({PNG, JPEG})

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBER_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|docProps/core\.xml")
_XLSX_PARTS = re.compile(r"xl/(sharedStrings|workbook|worksheets/[^/]+|comments\d*)\.xml")
_XLSX_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_INTEGER = re.compile(r"[0-9]+(\.0+)?")

MSG_FILE_TYPE = gettext_noop("Filtypen understøttes ikke. Upload PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG.")
MSG_FILE_SIZE = gettext_noop("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
MSG_UNREADABLE_PDF = gettext_noop(
    "PDF-filen kan ikke læses. Den kan være beskadiget eller beskyttet med adgangskode. "
    "Gem den som en ny PDF uden adgangskode, og upload den igen."
)
MSG_UNREADABLE = gettext_noop("Filen kan ikke læses. Den kan være beskadiget. Gem den igen, og upload den på ny.")
MSG_CPR_ON_PAGES = gettext_noop("Filen ser ud til at indeholde et CPR-nummer på side %(pages)s (%(numbers)s).")
MSG_CPR_IN_FILE = gettext_noop("Filen ser ud til at indeholde et CPR-nummer (%(numbers)s).")


class UnreadableFileError(Exception):
    """The file has the right signature but its content cannot be parsed (broken, encrypted, hostile)."""


# --- type detection -----------------------------------------------------------------------------------------


def sniff_file_type(head: bytes, *, zip_names: list[str] | None = None) -> str | None:
    """The accepted kind ("pdf", "png", "jpeg", "docx", "xlsx") that `head` (the first bytes) proves, or None.

    For a ZIP, `zip_names` must list its members; None (unknown or unreadable) refuses it. Names and
    extensions of the upload itself play no part.
    """
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(PNG_MAGIC):
        return PNG
    if head.startswith(JPEG_MAGIC):
        return JPEG
    if head.startswith(ZIP_MAGIC) and zip_names is not None:
        return _office_kind(zip_names)
    return None


def _office_kind(zip_names: list[str]) -> str | None:
    """DOCX or XLSX when the ZIP's member list is exactly one of them, without macros and not too many entries."""
    names = set(zip_names)
    if len(zip_names) > MAX_ZIP_ENTRIES or "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    is_docx, is_xlsx = "word/document.xml" in names, "xl/workbook.xml" in names
    if is_docx != is_xlsx:
        return DOCX if is_docx else XLSX
    return None


def detect_upload_type(file: IO[bytes] | Any) -> str | None:
    """The kind of an uploaded file by its content, or None when it is not an accepted type.

    `file` is any seekable binary file (a Django UploadedFile, an open file, BytesIO); it is rewound after.
    """
    head = _read_head(file, 16)
    zip_names = _safe_zip_names(file) if head.startswith(ZIP_MAGIC) else None
    return sniff_file_type(head, zip_names=zip_names)


def _read_head(file: IO[bytes] | Any, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return bytes(head)


def _safe_zip_names(file: IO[bytes] | Any) -> list[str] | None:
    """The member names of a ZIP, or None when it is broken or expands like a zip bomb."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED_BYTES:
        return None
    if any(info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1024) for info in infos):
        return None
    return [info.filename for info in infos]


# --- text extraction ----------------------------------------------------------------------------------------


def extract_pages(file: IO[bytes] | Any, kind: str) -> list[str]:
    """The text of a file of `kind`, one string per PDF page (per part for DOCX/XLSX; none for images).

    Raises UnreadableFileError when the content cannot be parsed. The file is rewound after.
    """
    file.seek(0)
    try:
        if kind == PDF:
            return _pdf_pages(file)
        if kind == DOCX:
            return _office_parts(file, _DOCX_PARTS)
        if kind == XLSX:
            return _office_parts(file, _XLSX_PARTS)
        if kind in IMAGE_KINDS:
            return []
        raise ValueError(f"unknown kind {kind!r}")
    finally:
        file.seek(0)


def extract_text(file: IO[bytes] | Any, kind: str) -> str:
    """All text of the file (pages or parts separated by a blank line). Raises UnreadableFileError."""
    return "\n\n".join(extract_pages(file, kind))


def _pdf_pages(file: IO[bytes] | Any) -> list[str]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(file.read()), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError("password protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile input; every one means "unreadable"
        raise UnreadableFileError(str(exc)) from exc
    if not pages:
        raise UnreadableFileError("no pages")  # a real PDF has at least one page
    return pages


def _office_parts(file: IO[bytes] | Any, parts: re.Pattern[str]) -> list[str]:
    try:
        with zipfile.ZipFile(file) as archive:
            names = sorted((n for n in archive.namelist() if parts.fullmatch(n)), key=_main_part_first)
            return [_part_text(name, _read_member(archive, name)) for name in names]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, ElementTree.ParseError) as exc:
        raise UnreadableFileError(str(exc)) from exc


def _main_part_first(name: str) -> tuple[int, str]:
    return (0 if name in ("word/document.xml", "xl/sharedStrings.xml") else 1, name)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(MAX_ZIP_MEMBER_BYTES + 1)
    if len(data) > MAX_ZIP_MEMBER_BYTES:
        raise UnreadableFileError(f"{name} is too large")
    return data


def _part_text(name: str, data: bytes) -> str:
    _refuse_dtd(data)
    if _XLSX_SHEET.fullmatch(name):
        return "\n".join(_worksheet_cells(data))
    if name == "xl/workbook.xml":
        return "\n".join(_sheet_names(data))
    return "".join(_markup_text(data))


def _refuse_dtd(data: bytes) -> None:
    """OOXML never declares a DTD; refusing one rules out entity expansion and external entities."""
    text = data.decode("utf-16", errors="ignore") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    if any(marker in data for marker in (b"<!DOCTYPE", b"<!ENTITY")) or "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise UnreadableFileError("XML with a DTD")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_TEXT_TAGS = frozenset({"t", "delText", "instrText", "keywords"})
_INLINE = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_BLOCK_ENDS = frozenset({"p", "si", "comment", "tr", "tc"})


def _markup_text(data: bytes) -> Iterator[str]:
    """Text of WordprocessingML / SpreadsheetML / core properties in document order, runs joined, blocks on lines."""
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):  # noqa: S314 - DTD refused
        name = _local(element.tag)
        if event == "start":
            if name in _INLINE:
                yield _INLINE[name]
            continue
        if name in _TEXT_TAGS:
            yield element.text or ""
        elif element.tag.startswith("{http://purl.org/dc/"):
            yield (element.text or "") + "\n"
        elif name in _BLOCK_ENDS:
            yield "\n"


def _worksheet_cells(data: bytes) -> Iterator[str]:
    """Per cell: inline strings, string formula results and integer values (shared strings are read elsewhere)."""
    for _event, element in ElementTree.iterparse(io.BytesIO(data)):  # noqa: S314 - DTD refused
        if _local(element.tag) != "c":
            continue
        cell_type = element.get("t", "n")
        if cell_type == "inlineStr":
            yield "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")
        else:
            value = next((v.text or "" for v in element if _local(v.tag) == "v"), "")
            if cell_type == "str" or (cell_type == "n" and _INTEGER.fullmatch(value)):
                yield value.split(".")[0] if cell_type == "n" else value
        element.clear()


def _sheet_names(data: bytes) -> Iterator[str]:
    for _event, element in ElementTree.iterparse(io.BytesIO(data)):  # noqa: S314 - DTD refused
        if _local(element.tag) == "sheet":
            yield element.get("name", "")


# --- validation ---------------------------------------------------------------------------------------------


def validate_upload(file: IO[bytes] | Any, *, max_bytes: int) -> str:
    """Return the file's kind when it may be stored; otherwise raise ValidationError with a Danish message.

    Codes: "file_size" (larger than `max_bytes`), "file_type" (content is not PDF/DOCX/XLSX/PNG/JPEG),
    "unreadable" (broken or password-protected), "cpr" (a CPR number in the text; masked in the message,
    with page numbers for a PDF). Images pass without a CPR check (no OCR).
    """
    size = _size(file)
    if size > max_bytes:
        raise ValidationError(
            gettext(MSG_FILE_SIZE), code="file_size", params={"size": _megabytes(size), "limit": _megabytes(max_bytes)}
        )
    kind = detect_upload_type(file)
    if kind is None:
        raise ValidationError(gettext(MSG_FILE_TYPE), code="file_type")
    try:
        pages = extract_pages(file, kind)
    except UnreadableFileError as exc:
        raise ValidationError(
            gettext(MSG_UNREADABLE_PDF if kind == PDF else MSG_UNREADABLE), code="unreadable"
        ) from exc
    _refuse_cpr(pages, kind)
    return kind


def _refuse_cpr(pages: list[str], kind: str) -> None:
    hits_per_page = [(number, domain.find_cpr_numbers(text)) for number, text in enumerate(pages, start=1)]
    found = [(number, hits) for number, hits in hits_per_page if hits]
    if not found:
        return
    numbers = domain.describe_hits([hit for _number, hits in found for hit in hits])
    advice = gettext(domain.CPR_REFUSAL_ADVICE)
    if kind == PDF:
        pages_text = get_text_list([str(number) for number, _hits in found], gettext("og"))
        message, params = gettext(MSG_CPR_ON_PAGES), {"pages": pages_text, "numbers": numbers}
    else:
        message, params = gettext(MSG_CPR_IN_FILE), {"numbers": numbers}
    raise ValidationError(f"{message} {advice}", code="cpr", params=params)


def _size(file: IO[bytes] | Any) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return int(size)


def _megabytes(size: int) -> str:
    """Size in MB (1 MB = 1024 × 1024 bytes), one decimal rounded up, the Danish way: "10", "2,5"."""
    value = math.ceil(size * 10 / (1024 * 1024)) / 10  # rounded up, so a too-large file never shows the limit
    return f"{value:g}".replace(".", ",")
