"""A large register file is parsed by a real Celery worker on Redis; a broker outage at upload time only
delays it: the import's page queues it again once it has waited too long."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demo.suppliers import SOCIALTILSYN
from privacy.storage import private_storage
from suppliers.models import Socialtilsyn, Supplier, SupplierImport

from .brokers import broker_unreachable
from .register_files import csv_bytes, generated_rows

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def five_tilsyn(db):
    for spec in SOCIALTILSYN:
        Socialtilsyn.objects.get_or_create(code=spec["code"], defaults=spec)


def _wait_until_parsed(pk: int, timeout: float = 120) -> SupplierImport:
    deadline = time.monotonic() + timeout
    while True:
        supplier_import = SupplierImport.objects.get(pk=pk)
        if supplier_import.status != SupplierImport.Status.PENDING:
            return supplier_import
        if time.monotonic() > deadline:
            raise AssertionError(f"still pending after {timeout} s (progress {supplier_import.progress})")
        time.sleep(0.25)


def _upload(client, rows: int) -> SupplierImport:
    data = csv_bytes(generated_rows(rows))
    response = client.post(reverse("suppliers:import"), {"file": SimpleUploadedFile("stort.csv", data)})
    assert response.status_code == 302
    return SupplierImport.objects.latest("pk")


def test_the_worker_parses_a_large_file_and_the_page_then_offers_the_import(celery_worker, five_tilsyn, client_for):
    client = client_for("fagadmin")
    supplier_import = _upload(client, 2000)
    stored = supplier_import.stored_file
    assert supplier_import.status == SupplierImport.Status.PENDING
    assert private_storage().exists(stored)
    parsed = _wait_until_parsed(supplier_import.pk)
    assert parsed.status == SupplierImport.Status.READY, parsed.errors[:3]
    assert parsed.plan["created"] == 2000
    assert parsed.progress == parsed.row_count
    assert not private_storage().exists(stored)
    html = client.get(reverse("suppliers:import_detail", args=[parsed.pk])).content.decode()
    assert '<dd data-count="created">2000</dd>' in html
    client.post(reverse("suppliers:import_confirm", args=[parsed.pk]))
    assert Supplier.objects.count() == 2000


def test_an_upload_during_a_broker_outage_is_queued_again_from_its_page(celery_worker, five_tilsyn, client_for):
    client = client_for("fagadmin")
    with broker_unreachable():
        supplier_import = _upload(client, 1500)
    time.sleep(1.0)
    assert SupplierImport.objects.get(pk=supplier_import.pk).status == SupplierImport.Status.PENDING
    client.get(reverse("suppliers:import_detail", args=[supplier_import.pk]))  # fresh: not queued again
    time.sleep(1.0)
    assert SupplierImport.objects.get(pk=supplier_import.pk).status == SupplierImport.Status.PENDING
    SupplierImport.objects.filter(pk=supplier_import.pk).update(
        touched_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.get(reverse("suppliers:import_detail", args=[supplier_import.pk]))
    assert _wait_until_parsed(supplier_import.pk).status == SupplierImport.Status.READY
