"""The supplier's PDF copy of a submitted oplysningsskema: archivable (PDF/A-3A, tagged, fonts embedded) and complete.

Set REPORTS_PDF_DIR=/tmp/pdfs to keep the rendered files for looking at them (pdftoppm -png -r 60 …).
"""

import io
import os
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from assessments.models import Submission
from assessments.services.information_form import answer_save, attachment_add, form_submit
from reports.forms_pdf import submission_pdf_bytes, submission_pdf_response, submission_sections
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS
from targetgroups.models import FormQuestion

from .conftest import STAFF_COLUMNS

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "Vi samarbejder tæt med borgerens handlekommune, pårørende og de regionale specialfunktioner. "
    "Samarbejdet er beskrevet i vores målsætning for tværfaglighed og følges op på kvartalsvise møder.\n\n"
    "Når en borger flytter ind, holder vi et opstartsmøde med sagsbehandler, værge og egen læge; "
    "aftalerne skrives ind i den pædagogiske plan, som gennemgås igen efter tre måneder.\n"
    "Ved akutte ændringer kontakter vi kommunens myndighedsrådgiver samme dag."
)

RAW = {
    "borgere-hoejt": "12",
    "personale": [
        {"funktion": "Pædagog", "aar": "4", "vikar": "nej"},
        {"funktion": "Social- og sundhedsassistent", "aar": "11", "vikar": "ja"},
        {"funktion": "Ergoterapeut", "aar": "2", "vikar": ""},
    ],
    "certificering": "ja",
    "samarbejde": LONG_TEXT,
    "aktiviteter": ["Kurser", "Netværk"],
    "hovedmetode": "KRAP",
    "seneste-kursus": "03-02-2025",
    "tilbudstype": "Botilbud efter servicelovens § 108 – døgnophold",
}


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("Vagtplan uge 12 – Åbo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def submission(requested_form, supplier_user) -> Submission:
    form = requested_form
    questions = {q.key: q for q in FormQuestion.objects.filter(template=form.template)}
    for key, value in RAW.items():
        result = answer_save(form=form, question=questions[key], raw=value, user=supplier_user, expected_revision=0)
        assert result.saved, (key, result.parsed.errors, result.parsed.cell_errors)
    attachment_add(form=form, question=questions["vagtplan"], upload=_png(), user=supplier_user)
    return form_submit(form=form, user=supplier_user)


@pytest.fixture
def long_submission(submission) -> Submission:
    """A second submission of the same form with a 60-row staff table and long texts (rendering only)."""
    snapshot = submission.snapshot
    staff = [
        {
            "funktion": f"Pædagogisk medarbejder nr. {n} (døgn, weekend og særlige opgaver)",
            "aar": n % 37,
            "vikar": n % 3 == 0,
        }
        for n in range(1, 61)
    ]
    snapshot["answers"]["personale"].update(value=staff, display="60 rækker")
    long_text = "\n\n".join([LONG_TEXT] * 6)
    snapshot["answers"]["samarbejde"].update(value=long_text, display=long_text)
    return Submission.objects.create(
        form=submission.form, number=2, submitted_by=submission.submitted_by, snapshot=snapshot
    )


def _keep(pdf: bytes, name: str) -> None:
    folder = os.environ.get("REPORTS_PDF_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(pdf)


def _squash(text: str) -> str:
    """Text without whitespace and hyphens: line breaks and hyphenation must not hide a missing word."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _fonts_without_file(pdf: pikepdf.Pdf) -> list[str]:
    missing = []
    for page in pdf.pages:
        obj: Any = page.obj  # pikepdf's stubs type a page's dictionary too narrowly for .get with a default
        fonts = obj.get("/Resources", {}).get("/Font", {})
        for name, font in fonts.items():
            descendants = font.get("/DescendantFonts")
            for f in [font, *(descendants or [])]:
                descriptor = f.get("/FontDescriptor")
                if f.get("/Subtype") == "/Type0":
                    continue  # the descendant carries the descriptor
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(f"{name}: {f.get('/BaseFont')}")
    return missing


def test_submission_pdf_is_tagged_pdfa_3a_with_embedded_fonts_and_metadata(submission):
    pdf_bytes = submission_pdf_bytes(submission)
    _keep(pdf_bytes, "oplysningsskema-kort.pdf")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "da"
        case = submission.form.case
        assert meta["dc:title"] == f"Oplysningsskema for {case.subject_name}"
        assert str(pdf.docinfo["/Title"]) == f"Oplysningsskema for {case.subject_name}"
        assert str(pdf.docinfo["/Author"]) == case.supplier.name
        assert "/CreationDate" in pdf.docinfo
        assert _fonts_without_file(pdf) == []
        assert sum(len(p.obj.Resources.Font) for p in pdf.pages) > 0


def test_submission_pdf_holds_every_question_answer_and_fact(submission):
    pdf_bytes = submission_pdf_bytes(submission)
    pages = _page_texts(pdf_bytes)
    text = _squash("\n".join(pages))
    answers = submission.snapshot["answers"]
    for key, data in answers.items():
        assert _squash(data["label"]) in text, key
        if data["kind"] == "file":
            for attachment in data["attachments"]:
                assert _squash(attachment["name"]) in text
                assert attachment["sha256"][:12] in text
        else:
            assert _squash(data["display"]) in text, (key, data["display"])
    for row in RAW["personale"]:
        assert _squash(row["funktion"]) in text
    for column in STAFF_COLUMNS:
        assert _squash(column["label"]) in text
    for label in ["Generelt", *SUPPLIER_PARAMETER_LABELS.values()]:
        assert _squash(label) in text, label
    case = submission.form.case
    for fact in [case.reference, case.supplier.name, case.supplier.cvr, case.socialtilsyn.name, "leverandørens kopi"]:
        assert _squash(fact) in text, fact
    assert set("æøå") <= set(text)
    assert f"Side 1 af {len(pages)}" in pages[0]
    assert f"Side {len(pages)} af {len(pages)}" in pages[-1]


def test_answers_are_grouped_general_first_then_parameters_in_model_order(submission):
    sections = submission_sections(submission)
    assert [s.label for s in sections] == ["Generelt", *SUPPLIER_PARAMETER_LABELS.values()]
    staff = next(i for s in sections for i in s.items if i.key == "personale")
    assert [c.label for c in staff.columns] == [c["label"] for c in STAFF_COLUMNS]
    assert [c.text for c in staff.rows[2]] == ["Ergoterapeut", "2", "–"]


def test_long_submission_runs_over_pages_with_repeated_table_header_and_contents(long_submission):
    pdf_bytes = submission_pdf_bytes(long_submission)
    _keep(pdf_bytes, "oplysningsskema-lang.pdf")
    pages = _page_texts(pdf_bytes)
    assert len(pages) >= 4
    staff_pages = [t for t in pages if "Pædagogisk medarbejder nr." in t]
    assert len(staff_pages) >= 2
    # The header row is printed again on every page the table continues on.
    assert all("Års erfaring" in t for t in staff_pages)
    assert "Pædagogisk medarbejder nr. 60" in "".join(pages)
    # A contents list with page numbers comes first for a long form.
    assert "Indhold" in pages[0]
    assert re.search(r"Praksiserfaring\s*\.*\s*\d+", pages[0])
    for n, page in enumerate(pages, start=1):
        assert f"Side {n} af {len(pages)}" in page
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3A"


def test_download_response_is_an_attachment_with_safe_filenames(submission):
    response = submission_pdf_response(submission=submission)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Oplysningsskema-')
    assert "filename*=UTF-8''Oplysningsskema%20" in disposition
    assert disposition.isascii()
    assert response.content.startswith(b"%PDF-")
