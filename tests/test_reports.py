"""The shared PDF renderer (reports.pdf): PDF/A-3A with metadata, embedded fonts, no network, safe downloads.

The oplysningsskema PDF itself is tested in tests/cases/test_submission_pdf.py.
"""

import gc
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from reports import pdf as pdf_module
from reports.pdf import LocalFileFetcher, ascii_filename, pdf_response, render_html, render_kit, render_pdf

BASE = "reports/base.html"


def _context(**extra):
    return {"kind": "Afgørelse", "reference": "ST-NOR-2026-0042", **extra}


def test_render_pdf_gives_tagged_pdfa_3a_with_title_author_subject_language():
    pdf_bytes = render_pdf(
        BASE, _context(), title="Afgørelse om specialisering", author="Socialtilsyn Nord", subject="Prøve"
    )
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "da"
        assert meta["dc:title"] == "Afgørelse om specialisering"
        assert str(pdf.docinfo["/Author"]) == "Socialtilsyn Nord"
        assert str(pdf.docinfo["/Subject"]) == "Prøve"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20")
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                for part in [font, *font.get("/DescendantFonts", [])]:
                    if part.Subtype != "/Type0":
                        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(part.FontDescriptor.keys())


def test_running_header_and_footer_name_the_document_and_count_pages():
    text = PdfReader(io.BytesIO(render_pdf(BASE, _context(), title="Afgørelse"))).pages[0].extract_text()
    assert "ST-NOR-2026-0042" in text
    assert "Side 1 af 1" in text
    assert "Afgørelse" in text


def test_html_carries_language_and_metadata_and_escapes_context():
    html = render_html(BASE, _context(kind="<script>x</script>"), title="T & U", author="A", lang="en")
    assert '<html lang="en">' in html
    assert "<title>T &amp; U</title>" in html
    assert '<meta name="author" content="A">' in html
    assert "<script>x" not in html


def test_contents_list_gets_page_numbers():
    # The contents heading is the only anchor the bare base template has; it sits on page 1.
    toc = [{"id": "toc-heading", "label": "Første afsnit"}]
    pdf_bytes = render_pdf(BASE, _context(toc=toc), title="Med indhold")
    text = PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()
    assert "Indhold" in text
    assert re.search(r"Første afsnit[ .]*1\b", text), text


def test_fetcher_reads_no_network_and_no_files_outside_its_folders(tmp_path):
    fetcher = LocalFileFetcher([tmp_path])
    (tmp_path / "ok.css").write_text("p {}")
    assert fetcher(f"file://{tmp_path}/ok.css").read() == b"p {}"
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError, match="own assets"):
        fetcher("file:///etc/passwd")
    with pytest.raises(ValueError, match="own assets"):
        fetcher(f"file://{tmp_path}/../../etc/passwd")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Afgørelse ST-NOR-2026-0001.pdf", "Afgoerelse-ST-NOR-2026-0001.pdf"),
        ("Målgruppe: Æbler/Åer.pdf", "Maalgruppe-Aebler-Aaer.pdf"),
        ('a"b\r\nc.pdf', "a-b-c.pdf"),
        ("ææ", "aeae"),
        ("...", "dokument"),
    ],
)
def test_ascii_filename(name, expected):
    assert ascii_filename(name) == expected


def test_pdf_response_is_a_nosniff_attachment_with_both_filenames():
    response = pdf_response(b"%PDF-1.7 x", "Afgørelse ST-1")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Afgoerelse-ST-1.pdf\"; filename*=UTF-8''Afg%C3%B8relse%20ST-1.pdf"
    )
    assert response.content == b"%PDF-1.7 x"


def test_render_kit_leaves_what_lives_as_long_as_the_worker_out_of_full_garbage_collections(monkeypatch):
    monkeypatch.delattr(pdf_module._kits, "kit", raising=False)
    gc.unfreeze()
    try:
        render_kit()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
