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
    assert "3 borgere i alderen 18-25 år" in message


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
    assert "side" not in error.messages[0]


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
    assert "side" not in error.messages[0]


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
