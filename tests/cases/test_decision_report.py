"""The decision report: an archivable PDF/A-3A of the afgørelse, rendered once per decision version and stored.

A case is brought to a decision through the real services (judgements with cited evidence, reconciliation,
sign-off, partshøring). Set REPORTS_PDF_DIR=/tmp/pdfs to keep the rendered files for looking at them.
"""

import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Case, Decision, DecisionReport
from assessments.selectors import decisions as sd
from assessments.services import decisions as d
from assessments.services import review as j
from assessments.services.reports import decision_report_render
from notifications.models import Notification
from reports import decision_pdf
from reports.decision_pdf import TITLE, decision_pdf_bytes
from suppliers.models import Department
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion

from .helpers import to_judging

pytestmark = pytest.mark.django_db

H, M, L = 3, 2, 1
LEVELS = [H, H, H, H, H, H, H, M]
LONG_PARAGRAPH = (
    "Tilbuddet har i det seneste år arbejdet målrettet med at styrke den faglige praksis over for borgere med "
    "autisme og komplekse behov. Ledelsen har beskrevet, hvordan nye medarbejdere introduceres, hvordan "
    "erfarne medarbejdere oplærer kolleger, og hvordan refleksion over praksis foregår på ugentlige møder. "
    "Oplysningerne stemmer med det, der kom frem ved interviewet, og med vagtplanerne."
)


def _reasons(parameter: str, long: bool) -> str:
    head = f"Begrundelse for {parameter}: oplysningerne i skemaet viser, at kriterierne er opfyldt (æøå)."
    return "\n\n".join([head, *[LONG_PARAGRAPH] * 5]) if long else head


def decide(
    case, *, consultant, second_consultant, leader, supplier_user, long: bool = False, make: bool = True
) -> Decision | None:
    """Judge, reconcile, sign off, hear and decide `case` with the services; every parameter cites evidence.

    With make=False it stops where the decision can be made (the supplier has commented on the draft)."""
    questions = list(FormQuestion.objects.filter(template=case.form_template))
    cells = list(DescriptionCell.objects.filter(description=case.description).order_by("pk"))
    for user in (consultant, second_consultant):
        judgement = j.judgement_start(case=case, user=user)
        for n, (parameter, level) in enumerate(zip(SUPPLIER_PARAMETERS, LEVELS, strict=True)):
            criteria = GuideCriterion.objects.filter(
                guide_parameter__guide=case.guide, guide_parameter__parameter=parameter.value, level=level
            )
            j.parameter_judgement_save(
                judgement=judgement,
                parameter=parameter.value,
                user=user,
                level=level,
                reasons=_reasons(parameter.value, long),
                questions=[q for q in questions if q.parameter == parameter.value],
                criteria=list(criteria),
                cells=[cells[n % len(cells)]],
            )
        j.judgement_submit(judgement=judgement, user=user)
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    d.signoff_approve(case=case, user=leader)
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige i udkastet; tak for en grundig vurdering.")
    d.hearing_comment_add(
        case=case, user=supplier_user, parameter="metoder", text="Vi bruger også KRAP i dagtilbuddet."
    )
    return d.decision_make(case=case, user=consultant) if make else None


@pytest.fixture(autouse=True)
def report_storage(tmp_path, monkeypatch):
    """Reports go to a folder of this test's own, so a listing shows exactly what this test stored."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(DecisionReport._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def people(consultant, second_consultant, leader, supplier_user):
    """Danish names on everybody, so the report shows æ, ø and å in names too."""
    for user, first, last in [
        (consultant, "Søren", "Ærøbo"),
        (second_consultant, "Åse", "Østergård"),
        (leader, "Birgitte", "Løvbjerg"),
        (supplier_user, "Jens", "Aagaard"),
    ]:
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return {"consultant": consultant, "second_consultant": second_consultant, "leader": leader}


@pytest.fixture
def decision(requested_form, supplier_user, people) -> Decision:
    case = to_judging(requested_form, supplier_user, people["consultant"])
    made = decide(case, supplier_user=supplier_user, **people)
    assert made is not None
    return made


@pytest.fixture
def long_decision(requested_form, supplier_user, people) -> Decision:
    case = to_judging(requested_form, supplier_user, people["consultant"])
    made = decide(case, supplier_user=supplier_user, long=True, **people)
    assert made is not None
    return made


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


def _body_text(pages: list[str], reference: str) -> str:
    """The pages' text squashed and joined without the running header and footer, so that a paragraph
    continued on the next page reads as one."""
    header = _squash(f"{TITLE} Sag {reference}")
    footer = re.compile(r"Afgørelse,version\d+,truffet\d+\.[a-z]+\d{4}Side\d+af\d+")
    # pypdf reads list bullets after the rest of the page; they would split a paragraph continued overleaf.
    return "".join(footer.sub("", _squash(page).replace(header, "")).replace("•", "") for page in pages)


def _fonts_without_file(pdf: pikepdf.Pdf) -> list[str]:
    """Every font on every page (Type0 fonts through their descendants) must carry an embedded font file."""
    missing, seen = [], 0
    for page in pdf.pages:
        obj: Any = page.obj  # pikepdf's stubs type a page's dictionary too narrowly for .get with a default
        for name, font in obj.get("/Resources", {}).get("/Font", {}).items():
            for f in [font, *(font.get("/DescendantFonts") or [])]:
                if f.get("/Subtype") == "/Type0":
                    continue  # the descendant carries the descriptor
                seen += 1
                descriptor = f.get("/FontDescriptor")
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(f"{name}: {f.get('/BaseFont')}")
    assert seen > 0, "no fonts found at all"
    return missing


def _date(value) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
    months += ["september", "oktober", "november", "december"]
    return f"{value.day}. {months[value.month - 1]} {value.year}"


# --- the PDF ------------------------------------------------------------------------------------------------


def test_decision_pdf_is_tagged_pdfa_3a_with_danish_metadata_and_embedded_fonts(decision):
    pdf_bytes = decision_pdf_bytes(decision)
    _keep(pdf_bytes, "afgoerelse-kort.pdf")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "da"
        case = decision.case
        assert meta["dc:title"] == TITLE
        assert str(pdf.docinfo["/Title"]) == TITLE
        assert str(pdf.docinfo["/Author"]) == case.socialtilsyn.name
        assert case.reference in str(pdf.docinfo["/Subject"])
        assert "/CreationDate" in pdf.docinfo
        assert _fonts_without_file(pdf) == []


def test_decision_pdf_text_holds_every_reason_the_placement_the_appeal_deadline_and_the_people(decision, people):
    pages = _page_texts(decision_pdf_bytes(decision))
    text = _body_text(pages, decision.case.reference)
    snapshot = decision.parameters
    for parameter in snapshot["parameters"]:
        assert _squash(parameter["reasons"]) in text, parameter["parameter"]
        assert _squash(parameter["label"]) in text
        for question in parameter["questions"]:
            assert _squash(question["label"]) in text
        for cell in parameter["cells"]:
            assert _squash(cell["reference"]) in text
    assert all(p["questions"] and p["criteria"] and p["cells"] for p in snapshot["parameters"])
    assert _squash(decision.explanation) in text
    assert _squash(snapshot["rule"]["name"]) in text
    assert _squash("højt specialiseret") in text
    deadline = sd.appeal_deadline(decision)
    assert _squash(f"senest den {_date(deadline)}") in text
    assert _squash("Ankestyrelsen") in text
    assert _squash("§§ 22–25") in text
    assert _squash("aktindsigt") in text
    for user in people.values():
        assert _squash(user.get_full_name()) in text, user.get_full_name()
    case = decision.case
    for fact in [case.reference, case.supplier.name, case.supplier.cvr, str(case.target_group), case.socialtilsyn.name]:
        assert _squash(fact) in text, fact
    assert _squash("Vi bruger også KRAP i dagtilbuddet.") in text
    hearing = decision.case.hearings.get()
    assert _squash(f"til {_date(hearing.deadline)}, og leverandøren kom med 2 bemærkninger") in text
    assert set("æøåÆØÅ") <= set(text)
    assert "erstatter version" not in text
    assert f"Side 1 af {len(pages)}" in pages[0]


def test_long_decision_has_contents_list_with_page_numbers_and_numbered_pages(long_decision):
    pdf_bytes = decision_pdf_bytes(long_decision)
    _keep(pdf_bytes, "afgoerelse-lang.pdf")
    pages = _page_texts(pdf_bytes)
    assert len(pages) >= 5
    assert "Indhold" in pages[0]
    assert re.search(r"Klagevejledning\s*\.*\s*\d+", pages[0])
    assert re.search(r"Hjælpemidler og teknologi \(moderat\)\s*\.*\s*\d+", pages[0])
    for n, page in enumerate(pages, start=1):
        assert f"Side {n} af {len(pages)}" in page
    text = _body_text(pages, long_decision.case.reference)
    for parameter in long_decision.parameters["parameters"]:
        assert _squash(parameter["reasons"]) in text


def test_decision_pdf_reads_in_small_queries_none_joining_more_than_three_tables(decision):
    # A single join of the decision with all of the case's relations took PostgreSQL 30-50 ms to plan on
    # every render on national data.
    with CaptureQueriesContext(connection) as queries:
        decision_pdf_bytes(decision)
    assert len(queries) <= 16, len(queries)
    for query in queries.captured_queries:
        assert query["sql"].count(" JOIN ") <= 3, query["sql"]


def test_rendering_the_same_decision_twice_gives_the_same_bytes(decision):
    assert decision_pdf_bytes(decision) == decision_pdf_bytes(decision)


def test_a_later_version_of_a_matrikelloes_department_names_the_replaced_version_and_the_remedy_period(decision):
    department = decision.case.supplier.departments.get()
    Department.objects.filter(pk=department.pk).update(
        no_fixed_residence=True, delivered_locally=True, legal_basis_sel=True, developing_aim=True
    )
    Case.objects.filter(pk=decision.case_id).update(department=department)
    Decision.objects.filter(pk=decision.pk).update(
        version=2, remedy_until=decision.valid_from.replace(year=decision.valid_from.year + 1)
    )
    decision.refresh_from_db()
    pdf_bytes = decision_pdf_bytes(decision)
    _keep(pdf_bytes, "afgoerelse-v2-afdeling.pdf")
    text = _body_text(_page_texts(pdf_bytes), decision.case.reference)
    assert _squash("Version2(erstatter version 1)") in text
    assert _squash("Hovedhuset (matrikelløs indsats)") in text
    assert _squash("Bostedet Aaen – Hovedhuset er højt specialiseret") in text
    assert _squash(f"frist til {_date(decision.remedy_until)} til at rette op") in text


# --- storing it: the outbox row and the render service --------------------------------------------------------


def _ready_notifications(decision) -> int:
    return Notification.objects.filter(kind="decision_report_ready", case=decision.case).count()


def test_making_the_decision_writes_a_pending_report_row(decision):
    report = DecisionReport.objects.get(decision=decision)
    assert report.status == DecisionReport.Status.PENDING
    assert report.attempts == 0
    assert not report.file


def test_render_is_idempotent_one_file_one_sha_one_notification(decision, supplier_user):
    report = decision_report_render(pk=decision.report.pk)
    assert report.status == DecisionReport.Status.DONE
    first_name, first_sha = report.file.name, report.sha256
    with report.file.open("rb") as f:
        content = f.read()
    assert hashlib.sha256(content).hexdigest() == first_sha
    assert report.size == len(content)
    assert first_name.endswith(f"{first_sha}.pdf")
    assert _ready_notifications(decision) == 1
    notification = Notification.objects.get(kind="decision_report_ready", recipient=supplier_user)
    assert notification.link == reverse("assessments:decision_pdf", args=[decision.case_id, decision.version])
    assert first_sha not in notification.body_text  # a link, never the file

    again = decision_report_render(pk=report.pk)
    again.refresh_from_db()
    assert (again.status, again.file.name, again.sha256, again.attempts) == ("done", first_name, first_sha, 1)
    assert _ready_notifications(decision) == 1
    folder = Path(report.file.path).parent
    assert [p.name for p in folder.iterdir()] == [Path(first_name).name]


def test_failing_render_records_the_error_and_raises(decision, monkeypatch):
    def broken(_decision):
        raise RuntimeError("Pango er gået i stå")

    monkeypatch.setattr(decision_pdf, "decision_pdf_bytes", broken)
    with pytest.raises(RuntimeError, match="Pango"):
        decision_report_render(pk=decision.report.pk)
    report = DecisionReport.objects.get(pk=decision.report.pk)
    assert report.status == DecisionReport.Status.FAILED
    assert report.attempts == 1
    assert report.last_error == "RuntimeError: Pango er gået i stå"
    assert not report.file
    assert _ready_notifications(decision) == 0

    monkeypatch.undo()
    report = decision_report_render(pk=report.pk)
    assert (report.status, report.attempts, report.last_error) == ("done", 2, "")


def test_a_stored_report_is_never_overwritten_a_second_render_reuses_the_same_path(decision):
    report = decision_report_render(pk=decision.report.pk)
    path, sha = Path(report.file.path), report.sha256
    mtime = path.stat().st_mtime_ns
    # Forced back to pending (as if the commit had been lost after the file was written).
    DecisionReport.objects.filter(pk=report.pk).update(status="pending", file="", sha256="")
    again = decision_report_render(pk=report.pk)
    assert again.sha256 == sha
    assert Path(again.file.path) == path
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


# --- downloading it -----------------------------------------------------------------------------------------


def test_download_is_202_while_pending_then_the_pdf_for_the_supplier_and_staff_only(
    decision, client, supplier_user, consultant, leader, other_supplier_user
):
    url = reverse("assessments:decision_pdf", args=[decision.case_id, decision.version])
    client.force_login(supplier_user)
    pending = client.get(url)
    assert pending.status_code == 202
    assert pending["Retry-After"]

    decision_report_render(pk=decision.report.pk)
    for user in (supplier_user, consultant, leader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-")
        assert "attachment" in response["Content-Disposition"]

    client.force_login(other_supplier_user)
    assert client.get(url).status_code == 404
