"""The case file as one ZIP (aktindsigt): what staff and the supplier get, the manifest, and valid PDFs."""

import hashlib
import io
import json
import zipfile

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.services import decisions as d
from assessments.services import review as j
from assessments.services.interviews import interview_note_add

from .. import factories
from .helpers import fetch_export, judge, to_judging

pytestmark = pytest.mark.django_db

H, M = 3, 2
NOTE_TEXT = "Interviewet bekræftede nattevagtens opgaver."


@pytest.fixture
def unassigned_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent-uden-sag", socialtilsyn=tilsyn)


def _zip(client, case) -> tuple[zipfile.ZipFile, dict]:
    response = fetch_export(client, reverse("assessments:case_file_export", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"sagsakter-{case.reference}" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive, json.loads(archive.read("manifest.json"))


def _check_manifest_and_pdfs(archive: zipfile.ZipFile, manifest: dict) -> None:
    names = set(archive.namelist()) - {"manifest.json"}
    assert {f["path"] for f in manifest["files"]} == names
    for entry in manifest["files"]:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["size"] == len(data)
        if entry["path"].endswith(".pdf"):
            with pikepdf.open(io.BytesIO(data)) as pdf:
                assert len(pdf.pages) >= 1


@pytest.fixture
def decided_case(requested_form, supplier_user, consultant, second_consultant, leader):
    """A case through judgements (one disagreement), reconciliation, sign-off, a hearing comment and a decision."""
    case = to_judging(requested_form, supplier_user, consultant)
    interview_note_add(
        case=case,
        user=consultant,
        held_on=timezone.localdate(),
        form="video",
        participants="Leder og to pædagoger",
        text=NOTE_TEXT,
    )
    judge(case, consultant, [H, H, H, H, H, H, H, M])
    judge(case, second_consultant, [H, H, H, H, H, H, M, M])
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_resolve(
        case=case, parameter="metoder", level=H, reasons="Metoderne er beskrevet.", user=consultant
    )
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    d.signoff_approve(case=case, user=leader)
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige i udkastet.")
    d.decision_make(case=case, user=consultant)
    case.refresh_from_db()
    assert case.state == "afgjort"
    return case


def test_staff_get_the_whole_case_file(decided_case, client_for):
    archive, manifest = _zip(client_for("consultant"), decided_case)
    names = set(archive.namelist())
    assert {
        "manifest.json",
        "01-sagsoverblik-og-historik.pdf",
        "02-oplysningsskema-indsendelse-1.pdf",
        "03-interviewnoter.pdf",
        "05-afstemt-resultat.pdf",
        "06-partshoering-1.pdf",
        "07-afgoerelse-v1.pdf",
    } <= names
    assert len([n for n in names if n.startswith("04-vurdering-")]) == 2
    _check_manifest_and_pdfs(archive, manifest)
    assert manifest["case"]["sagsnummer"] == decided_case.reference
    assert manifest["generated_by"]["username"] == "konsulent"
    assert manifest["scope"] == "medarbejder"
    assert manifest["withheld"] == []


def test_supplier_gets_the_exchanged_documents_and_is_told_what_is_withheld(decided_case, client_for):
    archive, manifest = _zip(client_for("supplier_user"), decided_case)
    names = set(archive.namelist())
    assert "02-oplysningsskema-indsendelse-1.pdf" in names
    assert "05-afstemt-resultat.pdf" in names  # the result has been in hearing
    assert "06-partshoering-1.pdf" in names
    assert "07-afgoerelse-v1.pdf" in names
    assert "01-sagsoverblik.pdf" in names
    assert not [n for n in names if n.startswith("04-vurdering-")]
    assert "03-interviewnoter.pdf" not in names
    assert not [n for n in names if "historik" in n]
    _check_manifest_and_pdfs(archive, manifest)
    assert manifest["scope"] == "leverandoerens_aktindsigt"
    withheld = {w["dokument"] for w in manifest["withheld"]}
    assert {"Interviewnoter", "Konsulenternes individuelle vurderinger"} <= withheld
    assert all(w["begrundelse"] for w in manifest["withheld"])
    assert "interne arbejdsdokumenter" in manifest["note"]


def test_supplier_does_not_get_the_reconciled_result_before_the_hearing(
    requested_form, supplier_user, consultant, second_consultant, client_for
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [H] * 8)
    judge(case, second_consultant, [H] * 8)
    j.reconciliation_accept_agreed(case=case, user=consultant)
    archive, _manifest = _zip(client_for("supplier_user"), case)
    assert "05-afstemt-resultat.pdf" not in archive.namelist()
    staff, _m = _zip(client_for("consultant"), case)
    assert "05-afstemt-resultat.pdf" in staff.namelist()


def test_export_keeps_a_colleagues_judgement_out_until_both_are_submitted(
    requested_form, supplier_user, consultant, client_for
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [H] * 8)
    archive, manifest = _zip(client_for("second_consultant"), case)
    assert not [n for n in archive.namelist() if n.startswith("04-vurdering-")]
    assert any("Blind vurdering" in w["begrundelse"] for w in manifest["withheld"])
    own, _m = _zip(client_for("consultant"), case)
    assert "04-vurdering-konsulent.pdf" in own.namelist()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 302),
        ("supplier_user", 302),
        ("other_supplier_user", 404),
        ("other_leader", 404),
        ("other_consultant", 404),
        ("unassigned_consultant", 404),
        ("fagadmin", 404),
        ("myndighed", 404),
    ],
)
def test_export_is_for_the_staff_and_the_supplier_of_the_case(case, client_for, who, status):
    # allowed: a redirect to the export's page (the file is made in the background); others: not found
    response = client_for(who).get(reverse("assessments:case_file_export", args=[case.pk]))
    assert response.status_code == status


def test_appeals_and_change_notices_are_in_both_files(decided_case, supplier_user, client_for):
    decision = decided_case.decisions.get()
    d.appeal_submit(decision=decision, user=supplier_user, reasons="Metoderne er højt specialiserede.")
    for who in ("supplier_user", "consultant"):
        archive, manifest = _zip(client_for(who), decided_case)
        assert "08-klager-og-aendringsanmeldelser.pdf" in archive.namelist()
        _check_manifest_and_pdfs(archive, manifest)
