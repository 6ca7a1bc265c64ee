"""Uploads and generated files on S3-compatible object storage (django-storages), no file on the host's disk.

A real S3-compatible server (moto's, pure Python) runs on loopback for the module; the 'private' storage is
pointed at a fresh bucket with the same settings production uses (config.settings.base.private_storage_config
with S3_BUCKET set). Through it go a supplier's upload and its download, the decision report rendered by the
service and downloaded by the supplier, and the case-file ZIP. Each object is read back from the bucket with
boto3 directly, and the local MEDIA_ROOT stays empty.
"""

import hashlib
import io
import uuid
import zipfile
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from assessments.services.reports import decision_report_render
from config.settings import base
from targetgroups.models import FormQuestion
from tests.cases import conftest as cases
from tests.cases.helpers import decide, fetch_export
from tests.cases.test_supplier_form import png_bytes, upload

pytestmark = pytest.mark.django_db

# The case fixtures of tests/cases, for a test that lives beside the other infrastructure tests.
published_form_template, case = cases.published_form_template, cases.case
requested_form, second_consultant = cases.requested_form, cases.second_consultant

KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "eu-north-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, monkeypatch):
    """A new bucket, and STORAGES["private"] built for it exactly as in production (S3_* settings)."""
    name = f"tilsyn-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": KEYS["region_name"]})
    for setting, value in {
        "S3_BUCKET": name,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": KEYS["region_name"],
        "S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "S3_PREFIX": "private",
    }.items():
        monkeypatch.setattr(base, setting, value)
    config = base.private_storage_config(tmp_path)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "private": config}
    return client, name


def stored(bucket) -> dict[str, bytes]:
    client, name = bucket
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])]
    return {key: client.get_object(Bucket=name, Key=key)["Body"].read() for key in keys}


def no_local_files(root: Path) -> bool:
    return not [path for path in root.rglob("*") if path.is_file()]


def test_private_storage_is_on_the_file_system_without_s3_bucket(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "S3_BUCKET", "")
    config = base.private_storage_config(tmp_path)
    assert config["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["OPTIONS"] == {"location": tmp_path / "private", "base_url": None}


def test_an_upload_goes_to_the_bucket_and_downloads_with_the_same_bytes(
    bucket, requested_form, supplier_client, consultant, client, tmp_path
):
    question = FormQuestion.objects.get(template=requested_form.template, key="vagtplan")
    content = png_bytes()
    url = reverse("assessments:attachment_upload", args=[requested_form.case.pk, question.pk])
    response = supplier_client.post(url, {f"fil-q{question.pk}": upload("vagtplan.png", content)})
    assert response.status_code in (200, 302)
    attachment = requested_form.answers.get(question=question).attachments.get()

    assert stored(bucket) == {f"private/{attachment.file.name}": content}
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    client.force_login(consultant)
    download = client.get(reverse("assessments:attachment_download", args=[requested_form.case.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert no_local_files(tmp_path)


def test_the_decision_report_and_the_case_file_zip_are_stored_in_the_bucket_and_downloaded_from_it(
    bucket, requested_form, supplier_user, consultant, second_consultant, leader, client, tmp_path
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    report = decision_report_render(pk=decision.report.pk)
    assert report is not None
    assert report.status == report.Status.DONE

    objects = stored(bucket)
    pdf = objects[f"private/{report.file.name}"]
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == report.sha256
    client.force_login(supplier_user)
    response = client.get(reverse("assessments:decision_pdf", args=[decision.case_id, decision.version]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf

    # A second render finds the object under its content address and neither overwrites nor copies it.
    report.status = report.Status.PENDING
    report.save(update_fields=["status"])
    decision_report_render(pk=report.pk)
    assert stored(bucket).keys() == objects.keys()

    client.force_login(consultant)
    export = fetch_export(client, reverse("assessments:case_file_export", args=[decision.case_id]))
    assert export.status_code == 200
    archive = b"".join(export.streaming_content)
    zips = {key: body for key, body in stored(bucket).items() if key not in objects}
    assert list(zips.values()) == [archive]
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None
        assert any(name.endswith(".pdf") for name in opened.namelist())
    assert no_local_files(tmp_path)
