"""Uploaded files (privacy.files): type by content, size limit, unreadable files, CPR numbers in the text.

Every file is built in the test: PDFs with WeasyPrint, DOCX and XLSX by hand with zipfile, images with Pillow.
Plain pytest, no database.
"""

import io
import zipfile

import pypdf
import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from privacy import files
from privacy.files import detect_upload_type, extract_pages, extract_text, sniff_file_type, validate_upload
from privacy.validators import UploadValidator

MB = 1024 * 1024
LIMIT = 10 * MB

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- builders -------------------------------------------------------------------------------------------------


def pdf_bytes(*pages: str) -> bytes:
    body = "".join(f'<p style="break-before: page">{text}</p>' for text in pages)
    return weasyprint.HTML(string=f"<html lang='da'><body>{body}</body></html>").write_pdf()


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main}" ContentType="application/xml"/></Types>'
    )


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t xml:space='preserve'>{run}</w:t></w:r>" for run in runs) + "</w:p>"


def docx_bytes(body: str, extra: dict[str, str] | None = None) -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    return zip_bytes(
        {
            "[Content_Types].xml": content_types("word/document.xml"),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": document,
            **(extra or {}),
        }
    )


def word_part(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}">{body}</w:{root}>'


def xlsx_bytes(shared: list[str], cells: str = "") -> bytes:
    strings = "".join(f"<si><t>{s}</t></si>" for s in shared)
    sheet = f'<worksheet xmlns="{S}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    return zip_bytes(
        {
            "[Content_Types].xml": content_types("xl/workbook.xml"),
            "_rels/.rels": "<Relationships/>",
            "xl/workbook.xml": f'<workbook xmlns="{S}"><sheets><sheet name="Ark1" sheetId="1"/></sheets></workbook>',
            "xl/sharedStrings.xml": f'<sst xmlns="{S}" count="{len(shared)}">{strings}</sst>',
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(file, *, max_bytes: int = LIMIT) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(file, max_bytes=max_bytes)
    return caught.value


CLEAN_PDF = pdf_bytes("Vi har 3 borgere i alderen 18-25 år.", "CVR 12345678, tlf. 12 34 56 78.")
CLEAN_DOCX = docx_bytes(paragraph("Vi har 3 borgere i alderen 18-25 år."))
CLEAN_XLSX = xlsx_bytes(["Antal borgere", "18-25 år"], '<c r="A1" t="s"><v>0</v></c><c r="B1"><v>12</v></c>')
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200


# --- type by content ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [(CLEAN_PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (CLEAN_DOCX, "docx"), (CLEAN_XLSX, "xlsx")],
)
def test_accepted_types_are_detected_by_content(content, kind):
    assert detect_upload_type(io.BytesIO(content)) == kind
    assert validate_upload(upload("vilkaarligt-navn.bin", content), max_bytes=LIMIT) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", EXE),
        ("rapport.docx", EXE),
        ("billede.png", EXE),
        ("gammel.doc", OLE_DOC),
        ("gammel.docx", OLE_DOC),
        ("side.pdf", b"<!DOCTYPE html><html><body>Hej</body></html>"),
        ("tegning.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("tekst.pdf", b"Bare almindelig tekst"),
        ("tom.pdf", b""),
        ("arkiv.docx", zip_bytes({"readme.txt": "ingen office-fil"})),
        ("uden-typer.docx", zip_bytes({"word/document.xml": f'<w:document xmlns:w="{W}"/>'})),
        ("ødelagt.docx", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    error = refusal(upload(name, content))
    assert error.code == "file_type"
    assert error.messages == ["Filtypen understøttes ikke. Upload PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG."]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("foto.png", CLEAN_PDF, "pdf"), ("skema.pdf", CLEAN_DOCX, "docx"), ("regneark.docx", CLEAN_XLSX, "xlsx")],
)
def test_a_renamed_accepted_file_is_judged_by_its_content(name, content, kind):
    assert validate_upload(upload(name, content), max_bytes=LIMIT) == kind


def test_macro_enabled_office_file_is_refused():
    docm = docx_bytes(paragraph("Hej"), {"word/vbaProject.bin": b"\x00" * 32})
    assert detect_upload_type(io.BytesIO(docm)) is None


def test_zip_claiming_to_be_both_word_and_excel_is_refused():
    both = docx_bytes(paragraph("Hej"), {"xl/workbook.xml": f'<workbook xmlns="{S}"/>'})
    assert detect_upload_type(io.BytesIO(both)) is None


def test_zip_with_too_many_entries_is_refused():
    members = {f"word/media/{i}.xml": "" for i in range(files.MAX_ZIP_ENTRIES + 1)}
    assert detect_upload_type(io.BytesIO(docx_bytes(paragraph("Hej"), members))) is None


def test_zip_that_expands_like_a_bomb_is_refused():
    bomb = docx_bytes(paragraph("Hej"), {"word/fyld.xml": "0" * (5 * MB)})
    assert len(bomb) < 100_000
    assert detect_upload_type(io.BytesIO(bomb)) is None


def test_sniff_needs_the_zip_member_list_to_accept_a_zip():
    head = CLEAN_DOCX[:16]
    assert sniff_file_type(head, zip_names=None) is None
    assert sniff_file_type(head, zip_names=["[Content_Types].xml", "word/document.xml"]) == "docx"
    assert sniff_file_type(head, zip_names=["[Content_Types].xml", "xl/workbook.xml"]) == "xlsx"
    assert sniff_file_type(b"%PDF-1.7", zip_names=None) == "pdf"


def test_detection_rewinds_the_file():
    file = upload("skema.pdf", CLEAN_PDF)
    detect_upload_type(file)
    assert file.read(5) == b"%PDF-"


# --- size -----------------------------------------------------------------------------------------------------


def test_too_large_file_is_refused_with_the_limit_in_mb():
    big = CLEAN_PDF + b"\n%" + b"x" * (MB + MB // 2)
    error = refusal(upload("stor.pdf", big), max_bytes=MB)
    assert error.code == "file_size"
    (message,) = error.messages
    assert "højst fylde 1 MB" in message
    assert "(1,6 MB)" in message


def test_size_limit_is_checked_before_the_type():
    assert refusal(upload("stor.exe", EXE), max_bytes=100).code == "file_size"


def test_file_exactly_at_the_limit_is_accepted():
    assert validate_upload(upload("skema.pdf", CLEAN_PDF), max_bytes=len(CLEAN_PDF)) == "pdf"


def test_size_of_a_plain_file_object_is_measured():
    error = refusal(io.BytesIO(PNG), max_bytes=len(PNG) - 1)
    assert error.code == "file_size"


# --- unreadable -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\nikke en rigtig pdf", b"%PDF-", CLEAN_PDF[: len(CLEAN_PDF) // 2]],
    ids=["garbage", "header-only", "truncated"],
)
def test_broken_pdf_is_refused_as_unreadable(content):
    error = refusal(upload("skema.pdf", content))
    assert error.code == "unreadable"
    assert "PDF-filen kan ikke læses" in error.messages[0]


def test_password_protected_pdf_is_refused_as_unreadable():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes("Borger 010190-1234")))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(upload("låst.pdf", buffer.getvalue())).code == "unreadable"


def test_docx_with_a_dtd_is_refused_as_unreadable():
    hostile = zip_bytes(
        {
            "[Content_Types].xml": content_types("word/document.xml"),
            "word/document.xml": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
        }
    )
    error = refusal(upload("skema.docx", hostile))
    assert error.code == "unreadable"
    assert error.messages[0].startswith("Filen kan ikke læses")


def test_docx_with_broken_xml_is_refused_as_unreadable():
    broken = zip_bytes({"[Content_Types].xml": content_types("word/document.xml"), "word/document.xml": "<w:document"})
    assert refusal(upload("skema.docx", broken)).code == "unreadable"


# --- CPR numbers in documents ---------------------------------------------------------------------------------


def test_clean_files_are_accepted():
    for name, content in [("a.pdf", CLEAN_PDF), ("b.docx", CLEAN_DOCX), ("c.xlsx", CLEAN_XLSX)]:
        validate_upload(upload(name, content), max_bytes=LIMIT)


def test_cpr_in_a_pdf_is_refused_with_the_page_number():
    content = pdf_bytes("Oversigt: 5 borgere.", "Borger 010190-1234 bor i Aalborg.", "Intet her.")
    error = refusal(upload("skema.pdf", content))
    assert error.code == "cpr"
    (message,) = error.messages
    assert "på side 2 (010190-****)" in message
    assert "1234" not in message
    assert_speaks_of_the_file(message)


def assert_speaks_of_the_file(message: str) -> None:
    assert message.startswith("Filen ser ud til at indeholde et CPR-nummer")
    assert "Fjern nummeret fra filen" in message
    assert "Teksten" not in message
    assert "beskriv i stedet" not in message  # the advice for typed text


def test_cpr_on_several_pdf_pages_names_every_page():
    content = pdf_bytes("0101901234", "Intet", "020290 2345", "030390-3456")
    (message,) = refusal(upload("skema.pdf", content)).messages
    assert "på side 1, 3 og 4" in message


def test_scanned_pdf_without_text_is_accepted():
    content = weasyprint.HTML(string="<div style='width:10px;height:10px;background:black'></div>").write_pdf()
    assert validate_upload(upload("scan.pdf", content), max_bytes=LIMIT) == "pdf"


def test_cpr_split_over_word_runs_is_refused():
    content = docx_bytes(paragraph("Borgeren har nummer 0101", "90-12", "34 og bor alene."))
    error = refusal(upload("notat.docx", content))
    assert error.code == "cpr"
    assert "010190-****" in error.messages[0]
    assert "på side" not in error.messages[0]


@pytest.mark.parametrize(
    ("part", "xml"),
    [
        ("word/header1.xml", word_part("hdr", paragraph("Borger 010190-1234"))),
        ("word/footer2.xml", word_part("ftr", paragraph("0101901234"))),
        ("word/comments.xml", word_part("comments", f"<w:comment>{paragraph('CPR 010190 1234')}</w:comment>")),
        ("word/footnotes.xml", word_part("footnotes", f"<w:footnote>{paragraph('010190-1234')}</w:footnote>")),
        (
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Borger 010190-1234</dc:title></cp:coreProperties>',
        ),
    ],
)
def test_cpr_in_docx_headers_footers_comments_and_properties_is_refused(part, xml):
    content = docx_bytes(paragraph("Rent indhold."), {part: xml})
    assert refusal(upload("notat.docx", content)).code == "cpr"


def test_cpr_in_deleted_tracked_change_is_refused():
    body = f"<w:p><w:del><w:r><w:delText>010190-1234</w:delText></w:r></w:del>{paragraph(' nu 5 borgere')[5:]}"
    assert refusal(upload("notat.docx", docx_bytes(body))).code == "cpr"


def test_docx_text_keeps_paragraphs_apart_and_reads_tabs_and_no_break_hyphens():
    body = paragraph("010190") + "<w:p><w:r><w:t>010190</w:t><w:noBreakHyphen/><w:t>1234</w:t><w:tab/></w:r></w:p>"
    text = extract_text(io.BytesIO(docx_bytes(body)), "docx")
    assert "010190\n010190-1234\t" in text


@pytest.mark.parametrize(
    ("shared", "cells"),
    [
        (["Borger 010190-1234"], ""),
        (["ok"], '<c r="A1" t="inlineStr"><is><t>010190-1234</t></is></c>'),
        (["ok"], '<c r="A1" t="str"><f>A2</f><v>0101901234</v></c>'),
        (["ok"], '<c r="A1"><v>2103901234</v></c>'),
    ],
    ids=["shared-string", "inline-string", "formula-string", "number"],
)
def test_cpr_in_xlsx_is_refused(shared, cells):
    error = refusal(upload("liste.xlsx", xlsx_bytes(shared, cells)))
    assert error.code == "cpr"
    assert "(" in error.messages[0]
    assert "på side" not in error.messages[0]


def test_xlsx_decimal_numbers_are_not_read_as_cpr():
    content = xlsx_bytes(["Beløb"], '<c r="A1"><v>2103901234.5</v></c><c r="B1"><v>1.5E+3</v></c>')
    assert validate_upload(upload("budget.xlsx", content), max_bytes=LIMIT) == "xlsx"


@pytest.mark.parametrize("content", [PNG, JPEG], ids=["png", "jpeg"])
def test_images_are_allowed_without_a_cpr_check(content):
    assert extract_pages(io.BytesIO(content), files.detect_upload_type(io.BytesIO(content))) == []


def test_extract_text_reads_every_pdf_page():
    text = extract_text(io.BytesIO(pdf_bytes("Første side", "Anden side")), "pdf")
    assert "Første side" in text
    assert "Anden side" in text


def test_upload_validator_can_be_attached_to_a_file_field():
    validator = UploadValidator(max_bytes=LIMIT)
    validator(upload("skema.pdf", CLEAN_PDF))
    with pytest.raises(ValidationError):
        validator(upload("virus.pdf", EXE))
    assert validator == UploadValidator(max_bytes=LIMIT)
    assert validator.deconstruct()[2] == {"max_bytes": LIMIT}


# --- the refusal speaks of the file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notat.docx", docx_bytes(paragraph("Borger 010190-1234"))),
        ("liste.xlsx", xlsx_bytes(["Borger 010190-1234"])),
        ("skema.pdf", pdf_bytes("Borger 010190-1234")),
    ],
)
def test_a_cpr_refusal_for_an_upload_speaks_of_the_file_not_of_typed_text(name, content):
    error = refusal(upload(name, content))
    assert error.code == "cpr"
    assert_speaks_of_the_file(error.messages[0])


# --- file names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "scan_0101901234.pdf",
        "010190-1234.pdf",
        "Journal 01.01.90-1234.pdf",
        "01_01_90_1234.pdf",
        "０１０１９０１２３４.pdf",
    ],
)
def test_a_cpr_number_in_the_file_name_is_refused_with_a_message_about_the_name(name):
    error = refusal(upload(name, CLEAN_PDF))
    assert error.code == "cpr_file_name"
    (message,) = error.messages
    assert message.startswith("Filnavnet ser ud til at indeholde et CPR-nummer (010190-****)")
    assert "Omdøb filen" in message
    assert "1234" not in message


@pytest.mark.parametrize("name", ["vagtplan-2024-01-01.pdf", "bilag 12345678.pdf", "rapport_v2.0101901234.pdf"])
def test_file_names_without_a_cpr_number_are_accepted(name):
    assert validate_upload(upload(name, CLEAN_PDF), max_bytes=LIMIT) == "pdf"


# --- every text-bearing part of a DOCX/XLSX, found through the package relationships --------------------------

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def rels(*targets: tuple[str, str] | tuple[str, str, str]) -> str:
    """A relationships part: (type suffix, target) pairs, or (type suffix, target, "External")."""
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{R}/{t[0]}" Target="{t[1]}"'
        + (f' TargetMode="{t[2]}"' if len(t) > 2 else "")
        + "/>"
        for i, t in enumerate(targets, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PR}">{items}</Relationships>'


def package(main: str, parts: dict[str, str | bytes], main_rels: list[tuple[str, ...]]) -> bytes:
    """A DOCX/XLSX whose main part (`word/document.xml` or `xl/workbook.xml`) links `parts` by relationships."""
    folder, name = main.rsplit("/", 1)
    return zip_bytes(
        {
            "[Content_Types].xml": content_types(main),
            "_rels/.rels": rels(("officeDocument", main), ("metadata/core-properties", "docProps/core.xml")),
            f"{folder}/_rels/{name}.rels": rels(*main_rels),  # type: ignore[arg-type]
            **parts,
        }
    )


def docx_with(body: str, parts: dict[str, str | bytes] | None = None, links: list[tuple[str, ...]] | None = None):
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:a="{A}"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return package("word/document.xml", {"word/document.xml": document, **(parts or {})}, links or [])


def workbook_with(
    *, sheet: str = "", workbook_extra: str = "", sheet_name: str = "Ark1", parts=None, links=None
) -> bytes:
    workbook = (
        f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets>'
        f"{workbook_extra}</workbook>"
    )
    worksheet = f'<worksheet xmlns="{S}" xmlns:r="{R}">{sheet}</worksheet>'
    return package(
        "xl/workbook.xml",
        {"xl/workbook.xml": workbook, "xl/ark-uden-standardnavn.xml": worksheet, **(parts or {})},
        [("worksheet", "ark-uden-standardnavn.xml"), *(links or [])],
    )


def assert_cpr_refused(name: str, content: bytes) -> None:
    error = refusal(upload(name, content))
    assert error.code == "cpr", error.messages
    assert_speaks_of_the_file(error.messages[0])


CLEAN = paragraph("Rent indhold om 5 borgere.")
CPR_P = paragraph("Borger 010190-1234")
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def chart(inner: str) -> str:
    return f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}">{inner}</c:chartSpace>'


def drawing(attributes: str) -> str:
    return f'<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" {attributes}/></wp:inline></w:drawing></w:r></w:p>'


def number_cache(*values: str) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    return chart(f"<c:numCache>{points}</c:numCache>")


APP_PROPERTIES = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Company>Borger 010190-1234</Company></Properties>"
)
CUSTOM_PROPERTIES = (
    f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="{VT}">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Borger">'
    "<vt:lpwstr>010190-1234</vt:lpwstr></property></Properties>"
)
FIELD_CODE = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD 01019</w:instrText></w:r>'
    "<w:r><w:instrText>01234 </w:instrText></w:r></w:p>"
)

# name: (document body, parts linked from the document, the document's relationships)
DOCX_CASES = {
    "header-under-any-name": (CLEAN, {"word/kopf": word_part("hdr", CPR_P)}, [("header", "kopf")]),
    "footer-in-another-folder": (CLEAN, {"fod/f.xml": word_part("ftr", CPR_P)}, [("footer", "../fod/f.xml")]),
    "glossary": (
        CLEAN,
        {"word/glossary/document.xml": word_part("glossaryDocument", CPR_P)},
        [("glossaryDocument", "/word/glossary/document.xml")],
    ),
    "chart-text": (
        CLEAN,
        {"word/charts/chart1.xml": chart("<a:p><a:r><a:t>0101901234</a:t></a:r></a:p>")},
        [("chart", "charts/chart1.xml")],
    ),
    "chart-number-cache": (
        CLEAN,
        {"word/charts/chart2.xml": number_cache("1.01901234E8")},
        [("chart", "charts/chart2.xml")],
    ),
    "embedded-chart-workbook": (
        CLEAN,
        {"word/embeddings/ark.xlsx": xlsx_bytes(["Borger 010190-1234"])},
        [("package", "embeddings/ark.xlsx")],
    ),
    "text-box": (f"<w:p><w:r><w:pict><w:txbxContent>{CPR_P}</w:txbxContent></w:pict></w:r></w:p>", {}, []),
    "alt-text-descr": (drawing('name="Billede 1" descr="Borger 010190-1234"'), {}, []),
    "alt-text-title": (drawing('name="Billede 1" title="0101901234"'), {}, []),
    "field-code": (FIELD_CODE, {}, []),
    "simple-field": ('<w:p><w:fldSimple w:instr=" HYPERLINK x/0101901234 "/></w:p>', {}, []),
    "hyperlink-target": (CLEAN, {}, [("hyperlink", "https://eksempel.dk/borger/0101901234", "External")]),
    "comment": (
        CLEAN,
        {"word/noter.xml": word_part("comments", f"<w:comment>{CPR_P}</w:comment>")},
        [("comments", "noter.xml")],
    ),
}


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_cpr_in_any_text_bearing_docx_part_is_refused(case):
    body, parts, links = DOCX_CASES[case]
    assert_cpr_refused("notat.docx", docx_with(body, parts, links))


@pytest.mark.parametrize(
    ("rel", "part", "xml"),
    [("extended-properties", "docProps/app.xml", APP_PROPERTIES), ("custom-properties", "props/c", CUSTOM_PROPERTIES)],
    ids=["app", "custom"],
)
def test_cpr_in_document_properties_found_through_the_package_relationships_is_refused(rel, part, xml):
    content = zip_bytes(
        {
            "[Content_Types].xml": content_types("word/document.xml"),
            "_rels/.rels": rels(("officeDocument", "word/document.xml"), (rel, part)),
            "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{CLEAN}</w:body></w:document>',
            part: xml,
        }
    )
    assert_cpr_refused("notat.docx", content)


def test_a_docx_with_every_kind_of_part_but_no_cpr_is_accepted():
    parts = {
        "word/kopf": word_part("hdr", CLEAN),
        "word/charts/chart1.xml": number_cache("2024", "1500.5", "123456", "1234"),
        "docProps/app.xml": '<Properties xmlns="x"><Words>120190</Words><Lines>1234</Lines></Properties>',
    }
    links = [("header", "kopf"), ("chart", "charts/chart1.xml"), ("hyperlink", "https://eksempel.dk/", "External")]
    content = docx_with(CLEAN + drawing('name="Billede 1" descr="Logo"'), parts, links)
    assert validate_upload(upload("notat.docx", content), max_bytes=LIMIT) == "docx"


def sheet_cell(value: str, attributes: str = "") -> dict[str, str]:
    return {"sheet": f'<sheetData><row r="1"><c r="A1"{attributes}><v>{value}</v></c></row></sheetData>'}


THREADED_COMMENT = (
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
    '<threadedComment ref="A1" id="{1}"><text>Borger 010190-1234</text></threadedComment></ThreadedComments>'
)
SHEET_DRAWING = (
    '<xdr:wsDr xmlns:xdr="x"><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Billede" descr="0101901234"/>'
    "</xdr:nvPicPr></xdr:pic></xdr:wsDr>"
)

XLSX_CASES = {
    "number": sheet_cell("1512851234"),
    "number-in-e-notation": sheet_cell("1.512851234E9"),
    "number-lost-its-leading-zero": sheet_cell("101901234", ' s="1"'),
    "formula-literal": {
        "sheet": '<sheetData><row r="1"><c r="A1"><f>IF(B1="010190-1234",1,0)</f><v>0</v></c></row></sheetData>'
    },
    "data-validation-list": {
        "sheet": '<sheetData/><dataValidations count="1"><dataValidation type="list" sqref="A1">'
        '<formula1>"010190-1234,020290-2345"</formula1></dataValidation></dataValidations>'
    },
    "data-validation-prompt": {
        "sheet": '<sheetData/><dataValidations count="1"><dataValidation sqref="A1" prompt="Fx 010190-1234"/>'
        "</dataValidations>"
    },
    "defined-name": {"workbook_extra": '<definedNames><definedName name="b">"0101901234"</definedName></definedNames>'},
    "sheet-name": {"sheet_name": "010190-1234"},
    "threaded-comment": {
        "parts": {"xl/threadedComments/tc1.xml": THREADED_COMMENT},
        "links": [("threadedComment", "threadedComments/tc1.xml")],
    },
    "drawing-alt-text": {"parts": {"xl/drawings/d1.xml": SHEET_DRAWING}, "links": [("drawing", "drawings/d1.xml")]},
}


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_cpr_in_any_text_bearing_xlsx_part_is_refused(case):
    assert_cpr_refused("liste.xlsx", workbook_with(**XLSX_CASES[case]))  # type: ignore[arg-type]


def test_xlsx_numbers_that_are_not_cpr_numbers_are_accepted():
    values = ["2103901234.5", "1.5E+3", "12345678", "1512851234567", "0.0101901234", "-1512851234", "320190", "1234"]
    cells = "".join(f'<c r="{col}1"><v>{value}</v></c>' for col, value in zip("ABCDEFGH", values, strict=True))
    content = workbook_with(sheet=f'<sheetData><row r="1">{cells}</row></sheetData>')
    assert validate_upload(upload("budget.xlsx", content), max_bytes=LIMIT) == "xlsx"


# --- PDF annotations, form fields and metadata ----------------------------------------------------------------


def pdf_with(*, annotation: str = "", field: str = "", info: str = "", xmp: str = "") -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject, TextStringObject

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes("Rent indhold.")))
    rect = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])
    if annotation:
        note = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Text"),
                NameObject("/Rect"): rect,
                NameObject("/Contents"): TextStringObject(annotation),
            }
        )
        writer.add_annotation(0, note)
    if field:
        widget = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("felt1"),
                NameObject("/V"): TextStringObject(field),
            }
        )
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([writer._add_object(widget)])}
        )
    if info:
        writer.add_metadata({"/Title": info})
    if xmp:
        stream = StreamObject()
        stream.set_data(xmp.encode())
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
    '<rdf:li xml:lang="x-default">Borger {}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>'
)


@pytest.mark.parametrize(
    ("kwargs", "on_page"),
    [
        ({"annotation": "Borger 010190-1234"}, True),
        ({"field": "0101901234"}, False),
        ({"info": "Borger 010190-1234"}, False),
        ({"xmp": XMP.format("010190-1234")}, False),
    ],
    ids=["annotation", "form-field", "info-dict", "xmp"],
)
def test_cpr_in_pdf_annotations_form_fields_and_metadata_is_refused(kwargs, on_page):
    error = refusal(upload("skema.pdf", pdf_with(**kwargs)))
    assert error.code == "cpr"
    (message,) = error.messages
    assert_speaks_of_the_file(message)
    assert "010190-****" in message
    assert ("på side 1" in message) == on_page


def test_pdf_annotations_fields_and_metadata_without_cpr_are_accepted():
    content = pdf_with(annotation="Se side 2", field="12 borgere", info="Vagtplan 2024", xmp=XMP.format("12345678"))
    assert validate_upload(upload("skema.pdf", content), max_bytes=LIMIT) == "pdf"


# --- XML that expands far beyond real documents is refused before it is parsed --------------------------------

MSG_TOO_COMPLEX_START = "Filen kan ikke kontrolleres"


def too_complex(content: bytes, name: str = "notat.docx") -> ValidationError:
    error = refusal(upload(name, content))
    assert error.code == "too_complex", error.messages
    assert error.messages[0].startswith(MSG_TOO_COMPLEX_START)
    return error


def test_a_part_that_inflates_like_a_bomb_is_refused_from_the_zip_directory():
    bomb = docx_with(CLEAN + "<!--" + " " * (60 * MB) + "-->")
    assert len(bomb) < 200_000
    too_complex(bomb)


def test_a_part_larger_than_any_real_document_part_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(files, "MAX_XML_PART_BYTES", 10_000)
    big = docx_with("".join(paragraph(f"Afsnit {i} om borgernes hverdag.") for i in range(400)))
    too_complex(big)


def test_parts_together_larger_than_any_real_document_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_XML_TOTAL_BYTES", 20_000)
    text = "".join(paragraph(f"Afsnit {i}.") for i in range(200))
    parts = {f"word/h{i}.xml": word_part("hdr", text) for i in range(3)}
    too_complex(docx_with(text, parts, [("header", f"h{i}.xml") for i in range(3)]))


def test_a_part_with_more_elements_than_any_real_document_is_refused_while_parsing(monkeypatch):
    monkeypatch.setattr(files, "MAX_XML_ELEMENTS", 5_000)
    many = docx_with("<w:p/>" * 6_000)
    too_complex(many)
    monkeypatch.setattr(files, "MAX_XML_ELEMENTS", 7_000)
    assert validate_upload(upload("notat.docx", many), max_bytes=LIMIT) == "docx"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_is_refused_without_expanding_entities(encoding):
    xml = BILLION_LAUGHS.replace('version="1.0"?', f'version="1.0" encoding="{encoding}"?')
    content = package("word/document.xml", {"word/document.xml": xml.encode(encoding)}, [])
    error = refusal(upload("notat.docx", content))
    assert error.code in ("unreadable", "too_complex")


def test_a_secondary_part_that_is_not_well_formed_xml_is_read_as_text_not_refused():
    sloppy = '<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><div>Noter<br>fra mødet</div></v:shape></xml>'
    content = workbook_with(parts={"xl/drawings/vmlDrawing1.vml": sloppy})
    assert validate_upload(upload("liste.xlsx", content), max_bytes=LIMIT) == "xlsx"
    leaking = workbook_with(parts={"xl/drawings/vmlDrawing1.vml": sloppy.replace("Noter", "Borger 010190-1234")})
    assert_cpr_refused("liste.xlsx", leaking)


def test_a_dtd_in_a_secondary_part_is_refused_as_well():
    content = docx_with(CLEAN, {"word/kopf.xml": BILLION_LAUGHS}, [("header", "kopf.xml")])
    assert refusal(upload("notat.docx", content)).code == "unreadable"
