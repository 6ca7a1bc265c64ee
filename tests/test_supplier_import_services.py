"""Preview and apply of the supplier import against the real PostgreSQL: create, update, unchanged, idempotent,
all-or-nothing, audited, and safe when two imports run at once."""

import threading
from pathlib import Path

import pytest
from django.db import connection

from audit.models import AuditEntry
from demo.suppliers import SOCIALTILSYN
from suppliers.imports import domain
from suppliers.imports.services import ImportNotReady, supplier_import_apply, supplier_import_upload
from suppliers.models import Department, Socialtilsyn, Supplier, SupplierImport

from . import factories
from .register_files import bad_cvr, csv_bytes, fictional_cvr, generated_rows

SAMPLE = Path(__file__).parent / "data" / "tilbudsportalen_sample.csv"


@pytest.fixture
def five_tilsyn(db):
    return {
        spec["code"]: Socialtilsyn.objects.get_or_create(code=spec["code"], defaults=spec)[0] for spec in SOCIALTILSYN
    }


@pytest.fixture
def importer(db, five_tilsyn):
    return factories.FagadminFactory()


def upload(user, data: bytes, filename: str = "udtraek.csv") -> SupplierImport:
    return supplier_import_upload(user=user, filename=filename, data=data)


def upload_and_apply(user, data: bytes) -> SupplierImport:
    preview = upload(user, data)
    assert preview.status == SupplierImport.Status.READY, preview.errors
    return supplier_import_apply(user=user, supplier_import_id=preview.pk)


def test_preview_of_the_sample_plans_twelve_new_suppliers_and_writes_no_supplier(importer):
    preview = upload(importer, SAMPLE.read_bytes())
    assert preview.status == SupplierImport.Status.READY
    assert (preview.plan["created"], preview.plan["updated"], preview.plan["unchanged"]) == (12, 0, 0)
    assert preview.plan["departments_created"] == 17
    assert preview.row_count == 18
    assert Supplier.objects.count() == 0
    assert Department.objects.count() == 0


def test_applying_the_sample_creates_suppliers_departments_and_the_matrikelloes_flag(importer, five_tilsyn):
    applied = upload_and_apply(importer, SAMPLE.read_bytes())
    assert applied.status == SupplierImport.Status.APPLIED
    assert applied.result["created"] == 12
    assert Supplier.objects.count() == 12
    assert Department.objects.count() == 17
    kastanjen = Supplier.objects.get(tilbudsportal_id=880102)
    assert kastanjen.socialtilsyn == five_tilsyn["oest"]
    assert kastanjen.municipality_code == "259"
    assert kastanjen.ownership == Supplier.Ownership.KOMMUNAL
    assert kastanjen.kind == Supplier.Kind.MATRIKELLOEST
    assert Supplier.objects.filter(cvr=kastanjen.cvr).count() == 2  # one municipal CVR, two suppliers
    team = Department.objects.get(tilbudsportal_id=880213)
    assert team.is_matrikelloes
    assert not Department.objects.get(tilbudsportal_id=880212).is_matrikelloes


def test_applying_the_same_file_again_changes_nothing_and_says_so(importer):
    upload_and_apply(importer, SAMPLE.read_bytes())
    before = list(Supplier.objects.order_by("pk").values())
    departments_before = list(Department.objects.order_by("pk").values())
    again = upload(importer, SAMPLE.read_bytes())
    assert (again.plan["created"], again.plan["updated"], again.plan["unchanged"]) == (0, 0, 12)
    applied = supplier_import_apply(user=importer, supplier_import_id=again.pk)
    assert applied.result == {
        "created": 0,
        "updated": 0,
        "unchanged": 12,
        "departments_created": 0,
        "departments_updated": 0,
    }
    assert list(Supplier.objects.order_by("pk").values()) == before
    assert list(Department.objects.order_by("pk").values()) == departments_before


def test_a_changed_file_updates_only_what_changed_and_leaves_other_suppliers_alone(importer, five_tilsyn):
    bystander = factories.SupplierFactory(name="Uden for filen", socialtilsyn=five_tilsyn["nord"])
    rows = generated_rows(3)
    upload_and_apply(importer, csv_bytes(rows))
    changed = [list(r) for r in rows]
    first_id = changed[0][0]
    for r in changed:
        if r[0] == first_id:
            r[1] = "Nyt navn"
    changed.append([*changed[-1][:10], "7777777", "Ny afdeling", "", "", "", "ja", "ja", "ja", "ja"])
    preview = upload(importer, csv_bytes(changed))
    assert preview.plan["updated"] == 2
    assert preview.plan["unchanged"] == 1
    assert preview.plan["updated_sample"][0]["changes"] == {"name": [f"Tilbud 00000 {rows[0][7]}", "Nyt navn"]}
    supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert Supplier.objects.get(tilbudsportal_id=int(first_id)).name == "Nyt navn"
    assert Department.objects.get(tilbudsportal_id=7777777).is_matrikelloes
    bystander.refresh_from_db()
    assert bystander.name == "Uden for filen"


def test_a_department_without_id_is_matched_by_name_and_given_the_files_id(importer, five_tilsyn):
    existing = factories.SupplierFactory(tilbudsportal_id=880101, socialtilsyn=five_tilsyn["hovedstaden"])
    by_hand = factories.DepartmentFactory(supplier=existing, name="Ametysten Bo", tilbudsportal_id=None)
    upload_and_apply(importer, SAMPLE.read_bytes())
    by_hand.refresh_from_db()
    assert by_hand.tilbudsportal_id == 880201
    assert existing.departments.count() == 2


def test_a_department_id_held_by_another_supplier_refuses_the_file(importer, five_tilsyn):
    other = factories.SupplierFactory(name="Anden leverandør", socialtilsyn=five_tilsyn["syd"])
    factories.DepartmentFactory(supplier=other, name="Fremmed", tilbudsportal_id=880201)
    preview = upload(importer, SAMPLE.read_bytes())
    assert preview.status == SupplierImport.Status.REFUSED
    assert [e["message"] for e in preview.errors] == [domain.MSG_DEPT_OF_OTHER_SUPPLIER]
    assert (preview.errors[0]["row"], preview.errors[0]["column"]) == (2, "Afdelings-id")


def test_a_broken_file_is_refused_row_by_row_and_imports_nothing(importer):
    rows = generated_rows(20)
    rows[3][2] = bad_cvr(3)
    rows[7][8] = "Gotham"
    rows[9][10] = rows[8][10] if rows[8][10] else "5000001"
    data = csv_bytes(rows)
    preview = upload(importer, data)
    assert preview.status == SupplierImport.Status.REFUSED
    assert [(e["row"], e["message"]) for e in preview.errors][:2] == [
        (5, domain.MSG_BAD_CVR),
        (9, domain.MSG_BAD_MUNICIPALITY),
    ]
    assert preview.records == []
    with pytest.raises(ImportNotReady):
        supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert Supplier.objects.count() == 0
    assert Department.objects.count() == 0
    assert not AuditEntry.objects.filter(action="supplier_import").exists()


def test_a_file_that_is_not_a_register_is_refused_with_one_error(importer):
    preview = upload(importer, b"%PDF-1.7 \xe2\xe3", filename="afgoerelse.pdf")
    assert preview.status == SupplierImport.Status.REFUSED
    assert len(preview.errors) == 1
    assert preview.errors[0]["row"] is None


def test_the_audit_trail_records_the_import_with_counts_and_changes(importer):
    upload_and_apply(importer, SAMPLE.read_bytes())
    data = SAMPLE.read_bytes().replace(b"Bostedet Ametysten", b"Bostedet Ametysten Nord")
    applied = upload_and_apply(importer, data)
    entries = AuditEntry.objects.filter(action="supplier_import").order_by("pk")
    assert entries.count() == 2
    first, second = entries
    assert first.actor == importer
    assert len(first.after["created"]) == 12
    assert second.object_id == str(applied.pk)
    assert second.after["counts"]["updated"] == 1
    assert second.before["880101"]["fields"] == {"name": "Bostedet Ametysten"}
    assert second.after["updated"]["880101"]["fields"] == {"name": "Bostedet Ametysten Nord"}
    assert "udtraek.csv" in second.summary


def test_an_import_is_applied_once_even_when_confirmed_twice(importer):
    preview = upload(importer, SAMPLE.read_bytes())
    supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    with pytest.raises(ImportNotReady):
        supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert AuditEntry.objects.filter(action="supplier_import").count() == 1


def test_a_supplier_changed_since_the_preview_is_compared_again_when_applying(importer, five_tilsyn):
    upload_and_apply(importer, SAMPLE.read_bytes())
    preview = upload(importer, SAMPLE.read_bytes())
    assert preview.plan["unchanged"] == 12
    Supplier.objects.filter(tilbudsportal_id=880105).update(name="Rettet i mellemtiden")
    applied = supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert applied.result["updated"] == 1
    assert Supplier.objects.get(tilbudsportal_id=880105).name == "Synsteamet Lillebælt"


def test_the_generated_6000_supplier_file_imports(importer, tmp_path):
    path = tmp_path / "tilbudsportalen_6000.csv"
    path.write_bytes(csv_bytes(generated_rows(6000)))
    preview = supplier_import_upload(user=importer, filename=path.name, data=path.read_bytes())
    if preview.status == SupplierImport.Status.PENDING:  # a large file is parsed by the task's service
        from suppliers.imports.services import supplier_import_parse

        preview = supplier_import_parse(pk=preview.pk)
    assert preview.status == SupplierImport.Status.READY, preview.errors[:3]
    assert preview.plan["created"] == 6000
    applied = supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert applied.result["created"] == 6000
    assert Supplier.objects.count() == 6000
    assert Department.objects.count() == applied.result["departments_created"] == preview.plan["departments_created"]


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_create_each_supplier_once(five_tilsyn):
    importer = factories.FagadminFactory()
    first, second = (upload(importer, SAMPLE.read_bytes()) for _ in range(2))
    barrier = threading.Barrier(2)
    results: dict[int, object] = {}

    def apply(pk: int) -> None:
        try:
            barrier.wait()
            results[pk] = supplier_import_apply(user=importer, supplier_import_id=pk).result
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            results[pk] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(pk,)) for pk in (first.pk, second.pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = sorted(r["created"] for r in results.values())  # type: ignore[index]
    assert created == [0, 12], results
    assert Supplier.objects.count() == 12
    assert Department.objects.count() == 17


def test_cvr_numbers_in_generated_files_are_valid():
    from suppliers.domain import is_valid_cvr

    assert all(is_valid_cvr(fictional_cvr(i)) for i in range(2000))
    assert not any(is_valid_cvr(bad_cvr(i)) for i in range(200))


def test_a_department_name_held_under_another_id_refuses_the_file(importer, five_tilsyn):
    existing = factories.SupplierFactory(tilbudsportal_id=880101, socialtilsyn=five_tilsyn["hovedstaden"])
    factories.DepartmentFactory(supplier=existing, name="Ametysten Bo", tilbudsportal_id=999)
    preview = upload(importer, SAMPLE.read_bytes())
    assert [(e["row"], e["column"], e["message"]) for e in preview.errors] == [
        (2, "Afdeling", domain.MSG_DEPT_NAME_TAKEN)
    ]


def test_a_conflict_that_appears_after_the_preview_refuses_the_import_and_writes_nothing(importer, five_tilsyn):
    preview = upload(importer, SAMPLE.read_bytes())
    assert preview.status == SupplierImport.Status.READY
    other = factories.SupplierFactory(name="Anden leverandør", socialtilsyn=five_tilsyn["syd"])
    factories.DepartmentFactory(supplier=other, name="Fremmed", tilbudsportal_id=880217)
    applied = supplier_import_apply(user=importer, supplier_import_id=preview.pk)
    assert applied.status == SupplierImport.Status.REFUSED
    assert [e["message"] for e in applied.errors] == [domain.MSG_DEPT_OF_OTHER_SUPPLIER]
    assert Supplier.objects.count() == 1
    assert not AuditEntry.objects.filter(action="supplier_import").exists()
