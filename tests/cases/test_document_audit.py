"""Uploads, removals and downloads of attachments and documents are in the audit trail, and every private file
is served with `Cache-Control: no-store` so no browser or proxy keeps a copy."""

import pytest
from django.urls import reverse

from assessments.services.information_form import attachment_add, attachment_remove
from assessments.services.reports import decision_report_render
from audit.models import AuditEntry
from targetgroups.models import FormQuestion

from .helpers import decide, fetch_export, fill_and_submit
from .test_supplier_form import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_question(requested_form):
    return FormQuestion.objects.get(template=requested_form.template, key="vagtplan")


@pytest.fixture
def attachment(requested_form, file_question, supplier_user):
    return attachment_add(
        form=requested_form, question=file_question, upload=upload("vagtplan.png", png_bytes()), user=supplier_user
    )


def entries(case, action: str):
    return list(AuditEntry.objects.filter(case=case, action=action))


def test_uploading_an_attachment_is_audited_with_name_and_checksum(requested_form, supplier_client, file_question):
    url = reverse("assessments:attachment_upload", args=[requested_form.case.pk, file_question.pk])
    response = supplier_client.post(url, {f"fil-q{file_question.pk}": upload("vagtplan.png", png_bytes())})
    assert response.status_code in (200, 302)
    [entry] = entries(requested_form.case, "attachment_add")
    attachment = requested_form.answers.get(question=file_question).attachments.get()
    assert entry.actor.username == "leverandoer"
    assert (entry.object_type, entry.object_id) == ("assessments.attachment", str(attachment.pk))
    assert entry.after == {"name": "vagtplan.png", "sha256": attachment.sha256, "size": attachment.size}
    assert "vagtplan.png" in entry.summary


def test_removing_an_attachment_is_audited(requested_form, attachment, supplier_user):
    attachment_remove(attachment=attachment, user=supplier_user)
    [entry] = entries(requested_form.case, "attachment_remove")
    assert entry.actor == supplier_user
    assert entry.object_id == str(attachment.pk)
    assert "vagtplan.png" in entry.summary


def test_downloading_an_attachment_is_audited_and_not_cached(requested_form, attachment, client, consultant):
    client.force_login(consultant)
    response = client.get(reverse("assessments:attachment_download", args=[requested_form.case.pk, attachment.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [entry] = entries(requested_form.case, "attachment_download")
    assert entry.actor == consultant
    assert entry.object_id == str(attachment.pk)


def test_downloading_a_submission_pdf_is_audited_and_not_cached(requested_form, supplier_user, client, consultant):
    fill_and_submit(requested_form, supplier_user)
    client.force_login(consultant)
    response = fetch_export(client, reverse("assessments:submission_pdf", args=[requested_form.case.pk, 1]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [entry] = entries(requested_form.case, "submission_pdf_download")
    assert entry.actor == consultant


def test_downloading_the_case_file_is_audited_and_not_cached(requested_form, client, consultant):
    client.force_login(consultant)
    response = fetch_export(client, reverse("assessments:case_file_export", args=[requested_form.case.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert "no-store" in response["Cache-Control"]
    [entry] = entries(requested_form.case, "case_file_download")
    assert entry.actor == consultant


def test_a_download_does_not_make_the_case_file_stale(requested_form, client, consultant):
    """The download is in the history, but fetching the file changes nothing the file is made from."""
    client.force_login(consultant)
    url = reverse("assessments:case_file_export", args=[requested_form.case.pk])
    fetch_export(client, url)
    first = client.get(url)["Location"]
    assert entries(requested_form.case, "case_file_download")
    assert client.get(url)["Location"] == first


def test_downloading_the_decision_pdf_is_audited_and_not_cached(
    requested_form, supplier_user, consultant, second_consultant, leader, client
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    decision_report_render(pk=decision.report.pk)
    client.force_login(supplier_user)
    response = client.get(reverse("assessments:decision_pdf", args=[decision.case_id, decision.version]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert "no-store" in response["Cache-Control"]
    [entry] = entries(decision.case, "decision_pdf_download")
    assert entry.actor == supplier_user
    assert (entry.object_type, entry.object_id) == ("assessments.decision", str(decision.pk))
