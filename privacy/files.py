"""Uploaded files: decide the type by content (never by name or browser-sent content type), read their text,
and refuse files that are of the wrong type, too large, unreadable or contain a CPR number.

Accepted: PDF, PNG, JPEG, DOCX, XLSX. Everything else is refused, including old binary Word/Excel files
(.doc/.xls), macro-enabled Office files (a vbaProject.bin part), HTML, SVG, executables under any name,
and ZIP files that are not DOCX/XLSX, have too many entries or expand suspiciously (zip bombs).

What is checked for CPR numbers (privacy.domain's detector, after its normalisation):
- The file name, whatever the content ("scan_0101901234.pdf"): refused with a message about the name.
- PDF: the text of every page (pypdf), each page's annotations (comments, notes, link targets, widget
  values), the AcroForm field values, names and tooltips, the document information dictionary and the XMP
  metadata. A PDF that cannot be parsed or is password protected is refused as unreadable. A scanned PDF has
  no text layer and passes, like an image.
- DOCX and XLSX: every part reached through the package relationships, starting at `_rels/.rels` and
  following each part's `_rels/<part>.rels`, whatever the parts are called, and then every other member whose
  content is XML, so nothing is skipped because of its name: body, headers, footers, foot- and endnotes,
  glossary, comments (threaded too), text boxes, charts (their text and cached values), deleted tracked
  changes, field codes (`instrText`, `w:instr`), alt texts (`descr`/`title`), defined names, data
  validations (lists, prompts, error texts), sheet names, formulas, the core, app and custom document
  properties, and the targets of external relationships (hyperlinks). Embedded DOCX/XLSX packages (a chart's
  workbook) are read the same way, two levels deep. A number stored as a number in a cell or chart cache
  ("1512851234", "1.512851234E9") is read as the integer and also zero-padded to ten digits, since a CPR
  typed into a number cell loses its leading zero (0101901234 is stored as 101901234).
- PNG and JPEG: not checked. Without OCR the pixels cannot be read; they are allowed.

Words and runs of one paragraph are joined, paragraphs and cells end a line (a number wrapped over two lines
is found); separate values (properties, attributes, cell numbers) are kept apart by a "|" so that two
neighbouring numbers never form a CPR number together.

Hostile files: a ZIP whose directory promises more than real documents hold (more entries, inflated bytes per
part and in total, compression ratio) is refused as too complex before anything is inflated; XML is parsed
iteratively with defusedxml (any DTD is refused, so entity expansion and external entities are impossible)
and the number of elements per part is bounded while parsing.
"""

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError
from xml.etree.ElementTree import iterparse as fast_iterparse

import pypdf
from defusedxml.ElementTree import iterparse as defused_iterparse
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
#: Far beyond real documents: a 1,000-page report's document.xml is about 30 MB and two million elements.
MAX_XML_PART_BYTES = 64 * 1024 * 1024
MAX_XML_TOTAL_BYTES = 128 * 1024 * 1024
MAX_XML_ELEMENTS = 4_000_000
MAX_PDF_FIELDS = 100_000
MAX_PACKAGE_DEPTH = 2  # a DOCX holding a chart's XLSX is depth 1

MSG_FILE_TYPE = gettext_noop("Filtypen understøttes ikke. Upload PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG.")
MSG_FILE_SIZE = gettext_noop("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
MSG_UNREADABLE_PDF = gettext_noop(
    "PDF-filen kan ikke læses. Den kan være beskadiget eller beskyttet med adgangskode. "
    "Gem den som en ny PDF uden adgangskode, og upload den igen."
)
MSG_UNREADABLE = gettext_noop("Filen kan ikke læses. Den kan være beskadiget. Gem den igen, og upload den på ny.")
MSG_TOO_COMPLEX = gettext_noop(
    "Filen kan ikke kontrolleres, fordi den pakker sig ud til langt mere indhold end et almindeligt dokument. "
    "Gem den som en ny fil, eller del indholdet op i flere filer, og upload igen."
)
MSG_CPR_ON_PAGES = gettext_noop("Filen ser ud til at indeholde et CPR-nummer på side %(pages)s (%(numbers)s).")
MSG_CPR_IN_FILE = gettext_noop("Filen ser ud til at indeholde et CPR-nummer (%(numbers)s).")
MSG_CPR_FILE_ADVICE = gettext_noop(
    "Et personnummer identificerer en bestemt borger, og sagen må kun indeholde samlede oplysninger om "
    "borgerne. Fjern nummeret fra filen – også fra sidehoveder, kommentarer, skjulte ark og filens "
    "egenskaber – og upload den igen."
)
MSG_CPR_IN_FILE_NAME = gettext_noop(
    "Filnavnet ser ud til at indeholde et CPR-nummer (%(numbers)s). Et personnummer identificerer en bestemt "
    "borger og må ikke stå i sagen. Omdøb filen, så nummeret ikke indgår i navnet, og upload den igen."
)


class UnreadableFileError(Exception):
    """The file has the right signature but its content cannot be parsed (broken, encrypted, hostile)."""


class FileTooComplexError(UnreadableFileError):
    """The file expands (bytes or XML elements) far beyond what real documents do: refused before or while parsing."""


@dataclass(frozen=True)
class TextPart:
    """Text read from one place of a file: a PDF page (`page` set) or anything else (`page` None)."""

    text: str
    page: int | None = None


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


def _zip_infos(file: IO[bytes] | Any) -> list[zipfile.ZipInfo] | None:
    """The ZIP's directory, or None when it is broken. Nothing is inflated."""
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)


def _check_zip_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse (FileTooComplexError) a ZIP whose directory promises a zip bomb: too many entries, too many
    inflated bytes in total, or a member that inflates far more than real documents compress."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileTooComplexError("too many entries")
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise FileTooComplexError("too many inflated bytes")
    if any(info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1024) for info in infos):
        raise FileTooComplexError("compression ratio")


def _safe_zip_names(file: IO[bytes] | Any) -> list[str] | None:
    """The member names of a ZIP, or None when it is broken or expands like a zip bomb."""
    infos = _zip_infos(file)
    if infos is None:
        return None
    try:
        _check_zip_directory(infos)
    except FileTooComplexError:
        return None
    return [info.filename for info in infos]


# --- text extraction ----------------------------------------------------------------------------------------


def extract_parts(file: IO[bytes] | Any, kind: str) -> list[TextPart]:
    """Every text of a file of `kind` that the CPR check reads (see the module docstring); none for images.

    Raises FileTooComplexError for a file that expands far beyond real documents, UnreadableFileError when the
    content cannot be parsed. The file is rewound after.
    """
    if kind not in (PDF, DOCX, XLSX, *IMAGE_KINDS):
        raise ValueError(f"unknown kind {kind!r}")
    file.seek(0)
    try:
        if kind == PDF:
            return _pdf_parts(file)
        if kind in IMAGE_KINDS:
            return []
        with zipfile.ZipFile(file) as archive:
            return [TextPart(text) for text in _package_texts(archive, _XmlBudget(), depth=0)]
    except UnreadableFileError:
        raise
    except Exception as exc:  # zipfile, zlib, expat and defusedxml raise many types on hostile input
        raise UnreadableFileError(str(exc)) from exc
    finally:
        file.seek(0)


def extract_pages(file: IO[bytes] | Any, kind: str) -> list[str]:
    """The texts of `extract_parts`: one string per PDF page first, then the rest (one per part for DOCX/XLSX)."""
    return [part.text for part in extract_parts(file, kind)]


def extract_text(file: IO[bytes] | Any, kind: str) -> str:
    """All text of the file (pages or parts separated by a blank line). Raises UnreadableFileError."""
    return "\n\n".join(extract_pages(file, kind))


# --- PDF ----------------------------------------------------------------------------------------------------

_ANNOTATION_KEYS = ("/Contents", "/T", "/TU", "/Subj", "/RC", "/V", "/DV")
_FIELD_KEYS = ("/T", "/TU", "/TM", "/V", "/DV")


def _pdf_parts(file: IO[bytes] | Any) -> list[TextPart]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(file.read()), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError("password protected")
        parts = [
            TextPart(ITEM.join([page.extract_text() or "", *_annotation_texts(page)]), page=number)
            for number, page in enumerate(reader.pages, start=1)
        ]
        if not parts:
            raise UnreadableFileError("no pages")  # a real PDF has at least one page
        document = [*_info_texts(reader), *_form_field_texts(reader), *_xmp_texts(reader)]
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile input; every one means "unreadable"
        raise UnreadableFileError(str(exc)) from exc
    return [*parts, TextPart(ITEM.join(document))] if document else parts


def _resolved(value: Any) -> Any:
    """The object behind an indirect reference (pypdf), or the value itself."""
    return value.get_object() if hasattr(value, "get_object") else value


def _pdf_string(value: Any) -> str:
    value = _resolved(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, list):
        return ITEM.join(_pdf_string(item) for item in value)
    return "" if value is None else str(value)


def _annotation_texts(page: Any) -> Iterator[str]:
    for ref in _resolved(page.get("/Annots")) or []:
        annotation = _resolved(ref)
        for key in _ANNOTATION_KEYS:
            if key in annotation:
                yield _pdf_string(annotation[key])
        action = _resolved(annotation.get("/A"))
        if action is not None and "/URI" in action:
            yield _pdf_string(action["/URI"])


def _info_texts(reader: pypdf.PdfReader) -> Iterator[str]:
    info: Any = reader.metadata or {}
    for key in info:
        yield _pdf_string(info[key])


def _form_field_texts(reader: pypdf.PdfReader) -> Iterator[str]:
    """Names, tooltips and values of every AcroForm field, kids included (bounded, so a cycle cannot loop)."""
    form = _resolved(reader.root_object.get("/AcroForm"))
    if form is None:
        return
    pending = list(_resolved(form.get("/Fields")) or [])
    visited = 0
    while pending and visited < MAX_PDF_FIELDS:
        node = _resolved(pending.pop())
        visited += 1
        for key in _FIELD_KEYS:
            if key in node:
                yield _pdf_string(node[key])
        pending.extend(_resolved(node.get("/Kids")) or [])


def _xmp_texts(reader: pypdf.PdfReader) -> Iterator[str]:
    metadata = _resolved(reader.root_object.get("/Metadata"))
    if metadata is None:
        return
    data = metadata.get_data()
    if len(data) > MAX_XML_PART_BYTES:
        raise FileTooComplexError("XMP metadata")
    yield from _xml_texts(lambda: io.BytesIO(data))


# --- DOCX and XLSX: the relationship graph -------------------------------------------------------------------

#: Between separate values; not a CPR separator, so two neighbouring numbers never join into one.
ITEM = "|"
_PACKAGE_RELS = "_rels/.rels"
_MAIN_PARTS = frozenset({"word/document.xml", "xl/workbook.xml"})
_TAG = re.compile(r"<[^>]*>")


@dataclass
class _XmlBudget:
    """Inflated XML bytes still allowed for the whole upload (embedded packages included)."""

    bytes_left: int = field(default_factory=lambda: MAX_XML_TOTAL_BYTES)


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _resolve(source: str, target: str) -> str:
    """The member name a relationship target points at, relative to its source part (or absolute)."""
    target = unquote(target.split("#", 1)[0])
    path = target[1:] if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
    return posixpath.normpath(path).lstrip("/")


def _package_texts(archive: zipfile.ZipFile, budget: _XmlBudget, *, depth: int) -> Iterator[str]:
    """Texts of every part reached from `_rels/.rels` through the relationships, then of every other member whose
    content is XML, then of embedded DOCX/XLSX packages (up to MAX_PACKAGE_DEPTH levels)."""
    infos = {info.filename: info for info in archive.infolist()}
    _check_zip_directory(list(infos.values()))
    order: list[str] = []
    seen = {"[Content_Types].xml"}
    pending = [""]  # "" is the package itself; its relationships are _rels/.rels
    while pending:
        source = pending.pop(0)
        rels_name = _PACKAGE_RELS if source == "" else _rels_name(source)
        if rels_name not in infos or rels_name in seen:
            continue
        seen.add(rels_name)
        for target, external in _relationships(archive, infos[rels_name], budget):
            if external:
                yield target
                continue
            name = _resolve(source, target)
            if name in infos and name not in seen:
                seen.add(name)
                order.append(name)
                pending.append(name)
    order.extend(name for name in infos if name not in seen and not name.endswith("/"))
    for name in order:
        yield from _member_texts(archive, infos[name], budget, depth=depth)


def _relationships(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _XmlBudget) -> Iterator[tuple[str, bool]]:
    """(target, is external) of each relationship in a .rels part."""
    for event, element in _events(_xml_opener(archive, info, budget)):
        if event == "start" and _local(element.tag) == "Relationship" and element.get("Target"):
            yield element.get("Target", ""), element.get("TargetMode", "").lower() == "external"


def _member_texts(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _XmlBudget, *, depth: int) -> Iterator[str]:
    with archive.open(info) as member:
        head = member.read(64)
    if head.startswith(ZIP_MAGIC):
        if depth < MAX_PACKAGE_DEPTH:
            with archive.open(info) as member:
                data = member.read(MAX_ZIP_MEMBER_BYTES + 1)
            if len(data) > MAX_ZIP_MEMBER_BYTES:
                raise FileTooComplexError(f"{info.filename} is too large")
            try:
                inner = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile:
                return  # not a package after all: nothing to read
            with inner:
                yield from _package_texts(inner, budget, depth=depth + 1)
        return
    if not _looks_like_xml(head) or info.filename.endswith(".rels"):
        return  # images, fonts, OLE objects: no text we can read; .rels were read for the graph
    try:
        text = "".join(_xml_texts(_xml_opener(archive, info, budget)))
    except ParseError:
        if info.filename in _MAIN_PARTS:
            raise  # a broken main part is a broken document
        # Office writes some secondary parts (legacy VML drawings) that are not well-formed XML: read them as
        # text with the tags taken out rather than refusing the document. A DTD is still refused above.
        with archive.open(info) as member:
            text = _TAG.sub(" ", member.read(MAX_XML_PART_BYTES).decode("utf-8", errors="replace"))
    if text.strip(" \n|"):
        yield text


def _looks_like_xml(head: bytes) -> bool:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True  # UTF-16 with a byte-order mark
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


Opener = Callable[[], IO[bytes]]


def _xml_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _XmlBudget) -> Opener:
    """A way to open an XML member, given after checking from the ZIP directory (before inflating anything) that
    its inflated size fits the limits for one part and, with the parts before it, for the whole upload."""
    if info.file_size > MAX_XML_PART_BYTES:
        raise FileTooComplexError(f"{info.filename} inflates to {info.file_size} bytes")
    budget.bytes_left -= info.file_size
    if budget.bytes_left < 0:
        raise FileTooComplexError("XML parts inflate to too many bytes together")
    return lambda: archive.open(info)


# --- XML text ------------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _refuse_dtd(open_xml: Opener) -> None:
    """defusedxml reads the prolog up to the root element and refuses any DTD (DTDForbidden). Entities can only
    be declared in a DTD, and a DTD can only stand before the root element, so after this check the fast parser
    cannot meet an entity declaration, external entity or billion-laughs expansion."""
    with open_xml() as stream:
        for _event in defused_iterparse(stream, events=("start",), forbid_dtd=True):
            return


def _events(open_xml: Opener) -> Iterator[tuple[str, Element]]:
    """("start" | "end", element) of an XML part, parsed iteratively (C-accelerated, after `_refuse_dtd`).

    Refuses a part with more than MAX_XML_ELEMENTS elements (FileTooComplexError) while parsing; a finished
    element is emptied and dropped from its parent after its "end", so memory stays bounded by the depth of
    the document, not by its size.
    """
    _refuse_dtd(open_xml)
    count = 0
    open_elements: list[Element] = []
    with open_xml() as stream:
        for event, element in fast_iterparse(stream, events=("start", "end")):  # noqa: S314 - DTD refused above
            if event == "start":
                count += 1
                if count > MAX_XML_ELEMENTS:
                    raise FileTooComplexError("too many XML elements")
                open_elements.append(element)
                yield event, element
                continue
            yield event, element
            open_elements.pop()
            element.clear()
            if open_elements:
                open_elements[-1].remove(element)


#: Runs of text that flow into one another (a number may be split over runs).
_FLOW_TAGS = frozenset({"t", "delText", "instrText", "delInstrText"})
_INLINE = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "softHyphen": "\u00ad"}
#: Ends of a paragraph, table cell or row, shared string, comment, text box: the flow ends a line.
_BLOCK_ENDS = frozenset({"p", "si", "comment", "tr", "tc", "txbxContent", "c", "is"})
#: Attributes that carry text a person wrote: alt texts, field instructions, names, data validation messages.
_TEXT_ATTRIBUTES = frozenset(
    {"descr", "title", "instr", "name", "prompt", "error", "promptTitle", "errorTitle", "tooltip", "displayName"}
)
#: Cell types whose <v> is not a number to read: shared-string index, boolean, error.
_NOT_NUMBER_CELLS = frozenset({"s", "b", "e"})


def _xml_texts(open_xml: Opener) -> Iterator[str]:
    """The text of any OOXML/XMP part: flowing runs joined within a paragraph, paragraphs and cells on their own
    line; element texts, text attributes and cell numbers each as a separate ITEM."""
    line: list[str] = []
    cell_type: str | None = None
    for event, element in _events(open_xml):
        name = _local(element.tag)
        if event == "start":
            if name in _INLINE:
                line.append(_INLINE[name])
            if name == "c":
                cell_type = element.get("t", "n")
            for key, value in element.attrib.items():
                if _local(key) in _TEXT_ATTRIBUTES and value.strip():
                    yield ITEM + value + ITEM
            continue
        text = element.text or ""
        if name in _FLOW_TAGS:
            line.append(text)
        elif name in _BLOCK_ENDS:
            if line:
                yield "".join(line) + "\n"
                line.clear()
            if name == "c":
                cell_type = None
        elif name == "v":
            if cell_type not in _NOT_NUMBER_CELLS:
                for form in _value_forms(text):
                    yield ITEM + form + ITEM
        elif text.strip():
            yield ITEM + text + ITEM
    if line:
        yield "".join(line) + "\n"


def _value_forms(value: str) -> list[str]:
    """How a cell or chart value may hide a CPR number: text as is; an integer as written and zero-padded to ten
    digits (a leading zero is lost in a number cell); a number that is not an integer, or negative, not at all."""
    value = value.strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        return [value]
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        return []
    digits = str(int(number))
    return [digits, digits.zfill(10)] if len(digits) < 10 else [digits]


# --- validation ---------------------------------------------------------------------------------------------


def validate_upload(file: IO[bytes] | Any, *, max_bytes: int) -> str:
    """Return the file's kind when it may be stored; otherwise raise ValidationError with a Danish message.

    Codes: "file_size" (larger than `max_bytes`), "cpr_file_name" (a CPR number in the file name),
    "file_type" (content is not PDF/DOCX/XLSX/PNG/JPEG), "too_complex" (a ZIP or XML that expands far beyond
    real documents), "unreadable" (broken or password-protected), "cpr" (a CPR number in the content; masked
    in the message, with page numbers for a PDF). Images pass without a content check (no OCR).
    """
    size = _size(file)
    if size > max_bytes:
        raise ValidationError(
            gettext(MSG_FILE_SIZE), code="file_size", params={"size": _megabytes(size), "limit": _megabytes(max_bytes)}
        )
    _refuse_cpr_in_name(getattr(file, "name", None))
    head = _read_head(file, 16)
    if head.startswith(ZIP_MAGIC) and (infos := _zip_infos(file)) is not None:
        try:
            _check_zip_directory(infos)
        except FileTooComplexError as exc:
            raise ValidationError(gettext(MSG_TOO_COMPLEX), code="too_complex") from exc
    kind = detect_upload_type(file)
    if kind is None:
        raise ValidationError(gettext(MSG_FILE_TYPE), code="file_type")
    try:
        parts = extract_parts(file, kind)
    except FileTooComplexError as exc:
        raise ValidationError(gettext(MSG_TOO_COMPLEX), code="too_complex") from exc
    except UnreadableFileError as exc:
        raise ValidationError(
            gettext(MSG_UNREADABLE_PDF if kind == PDF else MSG_UNREADABLE), code="unreadable"
        ) from exc
    _refuse_cpr(parts)
    return kind


def _refuse_cpr_in_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        return
    hits = domain.find_cpr_numbers(posixpath.basename(name.replace("\\", "/")))
    if hits:
        raise ValidationError(
            gettext(MSG_CPR_IN_FILE_NAME), code="cpr_file_name", params={"numbers": domain.describe_hits(hits)}
        )


def _refuse_cpr(parts: list[TextPart]) -> None:
    found = [(part, hits) for part in parts if (hits := domain.find_cpr_numbers(part.text))]
    if not found:
        return
    numbers = domain.describe_hits([hit for _part, hits in found for hit in hits])
    pages = list(dict.fromkeys(part.page for part, _hits in found if part.page is not None))
    if pages:
        pages_text = get_text_list([str(number) for number in pages], gettext("og"))
        message, params = gettext(MSG_CPR_ON_PAGES), {"pages": pages_text, "numbers": numbers}
    else:
        message, params = gettext(MSG_CPR_IN_FILE), {"numbers": numbers}
    raise ValidationError(f"{message} {gettext(MSG_CPR_FILE_ADVICE)}", code="cpr", params=params)


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
