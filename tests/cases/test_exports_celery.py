"""The case file ZIP and the submission PDF through a real Celery worker on Redis, asked for through the pages.

The request writes the outbox row and queues the task after commit; the worker (tests/conftest.py
`celery_worker`) renders into the test database and the test media folder; the page then offers the file.
"""

import datetime
import hashlib
import io
import json
import threading
import time
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import CaseExport
from assessments.services.exports import case_export_render
from assessments.tasks import requeue_case_exports

from .helpers import to_judging
from .test_decision_report_celery import _drain, broker_unreachable

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _wait_for(pk: int, status: str = CaseExport.Status.DONE, timeout: float = 90) -> CaseExport:
    deadline = time.monotonic() + timeout
    while True:
        export = CaseExport.objects.get(pk=pk)
        if export.status == status:
            return export
        if time.monotonic() > deadline:
            raise AssertionError(f"export still {export.status} after {timeout} s: {export.last_error}")
        time.sleep(0.25)


def _ask(client, url: str) -> CaseExport:
    response = client.get(url)
    assert response.status_code == 302
    return CaseExport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.fixture
def ready_case(requested_form, supplier_user, consultant):
    return to_judging(requested_form, supplier_user, consultant)


def test_the_worker_makes_the_supplier_case_file_and_the_page_offers_it(celery_worker, ready_case, client_for):
    client = client_for("supplier_user")
    export = _ask(client, reverse("assessments:case_file_export", args=[ready_case.pk]))
    export = _wait_for(export.pk)

    assert export.attempts == 1
    with export.file.open("rb") as fh:
        content = fh.read()
    assert hashlib.sha256(content).hexdigest() == export.sha256
    assert export.size == len(content)
    page = client.get(reverse("assessments:export_status_page", args=[ready_case.pk, export.pk]))
    assert page.status_code == 200
    download_url = reverse("assessments:export_download", args=[ready_case.pk, export.pk])
    assert download_url in page.content.decode()
    response = client.get(download_url)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["scope"] == "leverandoerens_aktindsigt"
    assert manifest["generated_by"]["username"] == "leverandoer"
    assert "02-oplysningsskema-indsendelse-1.pdf" in archive.namelist()
    assert "03-interviewnoter.pdf" not in archive.namelist()


def test_the_worker_makes_the_submission_pdf(celery_worker, ready_case, client_for):
    client = client_for("consultant")
    export = _ask(client, reverse("assessments:submission_pdf", args=[ready_case.pk, 1]))
    export = _wait_for(export.pk)
    body = client.get(reverse("assessments:export_status", args=[ready_case.pk, export.pk])).json()
    assert body["done"] is True
    response = client.get(body["download_url"])
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "Oplysningsskema" in response["Content-Disposition"]


def test_a_broker_outage_answers_the_request_and_the_sweep_has_it_made_later(celery_worker, ready_case, client_for):
    client = client_for("supplier_user")
    with broker_unreachable():
        t0 = time.monotonic()
        export = _ask(client, reverse("assessments:case_file_export", args=[ready_case.pk]))
        elapsed = time.monotonic() - t0
    assert elapsed < 30  # fails fast: no publish retries in the request
    time.sleep(1.0)
    assert CaseExport.objects.get(pk=export.pk).status == CaseExport.Status.PENDING

    assert requeue_case_exports() == 0  # fresh rows have their own task on the way
    CaseExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert requeue_case_exports() == 1
    export = _wait_for(export.pk)
    assert export.file


def test_concurrent_sweeps_and_renders_make_one_file(celery_worker, ready_case, client_for):
    with broker_unreachable():
        export = _ask(client_for("consultant"), reverse("assessments:submission_pdf", args=[ready_case.pk, 1]))
    CaseExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(fn):
        try:
            barrier.wait(timeout=10)
            fn()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(requeue_case_exports,)),
        threading.Thread(target=run, args=(requeue_case_exports,)),
        threading.Thread(target=run, args=(lambda: case_export_render(pk=export.pk),)),
        threading.Thread(target=run, args=(lambda: case_export_render(pk=export.pk),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert errors == []
    done = _wait_for(export.pk)
    _drain(celery_worker)  # the queued tasks find it done and change nothing
    final = CaseExport.objects.get(pk=export.pk)
    assert (final.status, final.file.name, final.sha256, final.attempts) == ("done", done.file.name, done.sha256, 1)
