"""Upload → preview → confirm of the supplier import, through the test client: the fagadministrator only."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.suppliers import SOCIALTILSYN
from suppliers.models import Socialtilsyn, Supplier, SupplierImport

from .register_files import bad_cvr, csv_bytes, generated_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "tilbudsportalen_sample.csv"


@pytest.fixture(autouse=True)
def five_tilsyn(db):
    for spec in SOCIALTILSYN:
        Socialtilsyn.objects.get_or_create(code=spec["code"], defaults=spec)


def post_file(client, data: bytes, name: str = "udtraek.csv"):
    return client.post(reverse("suppliers:import"), {"file": SimpleUploadedFile(name, data)})


def test_fagadmin_uploads_the_sample_sees_the_counts_and_confirms(fagadmin_client):
    response = post_file(fagadmin_client, SAMPLE.read_bytes())
    supplier_import = SupplierImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("suppliers:import_detail", args=[supplier_import.pk])
    page = fagadmin_client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd data-count="created">12</dd>' in html
    assert '<dd data-count="unchanged">0</dd>' in html
    assert "Bostedet Ametysten" in html
    assert "Indlæs filen" in html
    assert Supplier.objects.count() == 0

    confirmed = fagadmin_client.post(reverse("suppliers:import_confirm", args=[supplier_import.pk]), follow=True)
    html = confirmed.content.decode()
    assert "12 leverandører oprettet og 0 opdateret" in html
    assert Supplier.objects.count() == 12
    assert "Indlæs filen" not in html


def test_confirming_the_same_file_again_says_nothing_changed(fagadmin_client):
    for _ in range(2):
        post_file(fagadmin_client, SAMPLE.read_bytes())
        latest = SupplierImport.objects.first()
        response = fagadmin_client.post(reverse("suppliers:import_confirm", args=[latest.pk]), follow=True)
    assert "intet er ændret" in response.content.decode()
    assert Supplier.objects.count() == 12


def test_a_broken_file_shows_every_row_error_in_danish_and_offers_no_confirmation(fagadmin_client):
    rows = generated_rows(5)
    rows[1][2] = bad_cvr(1)
    rows[2][8] = "Gotham"
    response = post_file(fagadmin_client, csv_bytes(rows))
    page = fagadmin_client.get(response.url)
    html = page.content.decode()
    assert "Filen er afvist" in html
    assert "ikke et gyldigt CVR-nummer" in html
    assert "Ukendt kommune »Gotham«" in html
    assert '<td data-title="Række">3</td>' in html
    assert '<td data-title="Række">4</td>' in html
    assert "Indlæs filen" not in html
    supplier_import = SupplierImport.objects.get()
    refused = fagadmin_client.post(reverse("suppliers:import_confirm", args=[supplier_import.pk]), follow=True)
    assert "før fejlene er rettet" in refused.content.decode()
    assert Supplier.objects.count() == 0


def test_a_pdf_is_refused_with_a_danish_message(fagadmin_client):
    response = post_file(fagadmin_client, b"%PDF-1.7\n\xe2\xe3\xcf\xd3", name="register.csv")
    html = fagadmin_client.get(response.url).content.decode()
    assert "Hele filen" in html
    assert "ikke gemt som UTF-8" in html


def test_a_file_name_with_a_cpr_number_gets_a_field_error(fagadmin_client):
    response = post_file(fagadmin_client, SAMPLE.read_bytes(), name="liste_0101901234.csv")
    assert response.status_code == 200
    assert "Filnavnet ser ud til at indeholde et CPR-nummer" in response.content.decode()
    assert not SupplierImport.objects.exists()


def test_a_file_over_the_limit_gets_a_field_error(fagadmin_client, monkeypatch):
    monkeypatch.setattr("suppliers.forms.MAX_BYTES", 100)
    response = post_file(fagadmin_client, SAMPLE.read_bytes())
    assert response.status_code == 200
    assert "Filen er for stor" in response.content.decode()
    assert not SupplierImport.objects.exists()


def test_the_supplier_list_links_to_the_import_for_the_fagadmin_only(fagadmin_client, client, consultant):
    import_url = reverse("suppliers:import")
    assert import_url in fagadmin_client.get(reverse("suppliers:list")).content.decode()
    client.force_login(consultant)
    assert import_url not in client.get(reverse("suppliers:list")).content.decode()


@pytest.mark.parametrize("role", ["supplier_user", "consultant", "leader", "myndighed"])
def test_other_roles_can_neither_upload_nor_confirm(client_for, user_for, role):
    fagadmin = user_for("fagadmin")
    client = client_for(role)
    suppliers_before = Supplier.objects.count()
    assert post_file(client, SAMPLE.read_bytes()).status_code == 403
    assert not SupplierImport.objects.exists()
    client.force_login(fagadmin)
    post_file(client, SAMPLE.read_bytes())
    supplier_import = SupplierImport.objects.get()
    client.force_login(user_for(role))
    assert client.post(reverse("suppliers:import_confirm", args=[supplier_import.pk])).status_code == 403
    assert client.get(reverse("suppliers:import_detail", args=[supplier_import.pk])).status_code == 403
    assert Supplier.objects.count() == suppliers_before


def test_a_large_file_waits_for_the_worker_and_the_page_says_so(fagadmin_client, settings):
    settings.TASK_ENQUEUE_TIMEOUT_SECONDS = 0.2
    rows = generated_rows(1200)
    response = post_file(fagadmin_client, csv_bytes(rows))
    supplier_import = SupplierImport.objects.get()
    assert supplier_import.status == SupplierImport.Status.PENDING
    html = fagadmin_client.get(response.url).content.decode()
    assert "Filen behandles" in html
    assert "js/supplier_import.js" in html


def test_a_small_xlsx_is_previewed_at_once(fagadmin_client):
    response = post_file(fagadmin_client, xlsx_bytes(generated_rows(10)), name="udtraek.xlsx")
    supplier_import = SupplierImport.objects.get()
    assert supplier_import.status == SupplierImport.Status.READY, supplier_import.errors
    assert '<dd data-count="created">10</dd>' in fagadmin_client.get(response.url).content.decode()


def test_an_imported_supplier_page_shows_its_municipality(fagadmin_client):
    post_file(fagadmin_client, SAMPLE.read_bytes())
    fagadmin_client.post(reverse("suppliers:import_confirm", args=[SupplierImport.objects.get().pk]))
    supplier = Supplier.objects.get(tilbudsportal_id=880111)
    html = fagadmin_client.get(reverse("suppliers:detail", args=[supplier.pk])).content.decode()
    assert "<dt>Kommune</dt><dd>Bornholm</dd>" in html


def test_the_fagadmins_main_navigation_leads_to_the_supplier_list(fagadmin_client):
    response = fagadmin_client.get(reverse("core:dashboard"))
    items = {item["label"]: item["url"] for item in response.context["main_navigation"]}
    assert items["Leverandører"] == reverse("suppliers:list")
