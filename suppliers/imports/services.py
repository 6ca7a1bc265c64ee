"""Supplier onboarding from a register file: `supplier_import_preview` parses and plans, `supplier_import_apply`
writes. Only a fagadministrator calls them (the views check `suppliers.import_suppliers`)."""

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.queueing import task_enqueue
from privacy.storage import private_storage

from ..models import Department, Socialtilsyn, Supplier, SupplierImport
from . import domain
from .files import MAX_BYTES, ZIP_MAGIC, RegisterFileError, read_table

if TYPE_CHECKING:
    # accounts sits above suppliers (see docs/decisions.md): the type only, no runtime import
    from accounts.models import User

# Parsed within the request up to these sizes (about 1,500 rows of CSV; openpyxl is ~5× slower per row, and an
# XLSX is ~half the size of the same CSV); anything larger goes to the Celery task.
INLINE_MAX_BYTES = 256 * 1024
INLINE_MAX_XLSX_BYTES = 32 * 1024
STALE_SECONDS = 60  # a pending import without progress for this long is queued again
PLAN_SAMPLE = 200  # created / updated suppliers listed on the preview page; the counts are always complete


class ImportNotReady(ValidationError):
    """The import has errors, or has already been applied: nothing was written. The message says which."""

    def __init__(self, supplier_import: SupplierImport) -> None:
        if supplier_import.status == SupplierImport.Status.APPLIED:
            message = _("Filen er allerede indlæst. Intet er ændret.")
        else:
            message = _("Filen kan ikke indlæses, før fejlene er rettet. Intet er ændret.")
        super().__init__(message)
        self.supplier_import = supplier_import


@dataclass
class Plan:
    """What applying the records to the database as it is now would do."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[domain.RowError] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "departments_created": sum(len(s["departments_created"]) for s in self.created + self.updated),
            "departments_updated": sum(len(s["departments_updated"]) for s in self.updated),
            "created_sample": self.created[:PLAN_SAMPLE],
            "updated_sample": self.updated[:PLAN_SAMPLE],
        }


def _socialtilsyn_lookup() -> tuple[dict[str, str], dict[str, int]]:
    spellings: dict[str, str] = {}
    ids: dict[str, int] = {}
    for pk, code, name in Socialtilsyn.objects.values_list("pk", "code", "name"):
        spellings |= domain.socialtilsyn_spellings(code, name)
        ids[code] = pk
    return spellings, ids


def _supplier_values(supplier: Supplier, codes: dict[int, str]) -> dict[str, Any]:
    values = {name: getattr(supplier, name) for name in domain.SUPPLIER_FIELDS if name != "socialtilsyn"}
    return values | {"socialtilsyn": codes.get(supplier.socialtilsyn_id, "")}


def _department_values(department: Department) -> dict[str, Any]:
    return {name: getattr(department, name) for name in domain.DEPARTMENT_FIELDS}


def _plan(records: list[domain.SupplierRecord], *, lock: bool) -> tuple[Plan, dict[str, Any]]:
    """Compare the records with the stored suppliers (locked with SELECT … FOR UPDATE when `lock`)."""
    codes = dict(Socialtilsyn.objects.values_list("pk", "code"))
    suppliers_qs = Supplier.objects.filter(tilbudsportal_id__in=[r.tilbudsportal_id for r in records])
    suppliers = {s.tilbudsportal_id: s for s in (suppliers_qs.select_for_update() if lock else suppliers_qs)}
    dept_ids = [d.tilbudsportal_id for r in records for d in r.departments]
    departments_qs = Department.objects.filter(tilbudsportal_id__in=dept_ids) | Department.objects.filter(
        supplier__in=list(suppliers.values())
    )
    departments_qs = departments_qs.select_related("supplier").order_by("pk")
    departments = list(departments_qs.select_for_update(of=("self",)) if lock else departments_qs)
    by_dept_id = {d.tilbudsportal_id: d for d in departments if d.tilbudsportal_id is not None}
    by_name = {(d.supplier_id, d.name.casefold()): d for d in departments}

    plan = Plan()
    work: dict[str, Any] = {"new": [], "changed": [], "new_departments": [], "changed_departments": []}
    for record in records:
        supplier = suppliers.get(record.tilbudsportal_id)
        changes = domain.changed_fields(_supplier_values(supplier, codes), record.values()) if supplier else {}
        dept_created: list[str] = []
        dept_updated: dict[str, dict[str, Any]] = {}
        for wanted in record.departments:
            existing = by_dept_id.get(wanted.tilbudsportal_id)
            if existing is not None and (supplier is None or existing.supplier_id != supplier.pk):
                plan.errors.append(
                    domain.RowError(
                        wanted.row,
                        "Afdelings-id",
                        domain.MSG_DEPT_OF_OTHER_SUPPLIER,
                        {
                            "id": wanted.tilbudsportal_id,
                            "department": existing.name,
                            "supplier": existing.supplier.name,
                        },
                    )
                )
                continue
            if existing is None and supplier is not None:
                existing = by_name.get((supplier.pk, wanted.name.casefold()))
                if existing is not None and existing.tilbudsportal_id is not None:
                    plan.errors.append(
                        domain.RowError(
                            wanted.row,
                            "Afdeling",
                            domain.MSG_DEPT_NAME_TAKEN,
                            {"name": wanted.name, "existing_id": existing.tilbudsportal_id},
                        )
                    )
                    continue
            if existing is None:
                dept_created.append(wanted.name)
                work["new_departments"].append((record.tilbudsportal_id, wanted))
                continue
            dept_changes = domain.changed_fields(
                _department_values(existing) | {"tilbudsportal_id": existing.tilbudsportal_id},
                wanted.values() | {"tilbudsportal_id": wanted.tilbudsportal_id},
            )
            if dept_changes:
                dept_updated[wanted.name] = {k: list(v) for k, v in dept_changes.items()}
                work["changed_departments"].append((existing, wanted))
        line = {
            "tilbudsportal_id": record.tilbudsportal_id,
            "name": record.name,
            "row": record.row,
            "changes": {k: list(v) for k, v in changes.items()},
            "departments_created": dept_created,
            "departments_updated": dept_updated,
        }
        if supplier is None:
            plan.created.append(line)
            work["new"].append(record)
        elif changes or dept_created or dept_updated:
            plan.updated.append(line)
            if changes:
                work["changed"].append((supplier, record))
        else:
            plan.unchanged += 1
    return plan, work


def _parse(data: bytes, *, on_progress=None) -> tuple[list[domain.RowError], list[domain.SupplierRecord], int, Plan]:
    """Read and check a file, then plan it against the database as it is now (no locks, nothing written)."""
    spellings, _ids = _socialtilsyn_lookup()
    try:
        header, rows, _kind = read_table(data)
        parsed = domain.parse_register(header, rows, socialtilsyn_lookup=spellings, on_progress=on_progress)
    except RegisterFileError as exc:
        return [domain.RowError(None, "", exc.message, exc.params)], [], 0, Plan()
    if parsed.errors:
        return parsed.errors, [], parsed.row_count, Plan()
    plan, _work = _plan(parsed.records, lock=False)
    return plan.errors, parsed.records, parsed.row_count, plan


def _store_result(supplier_import: SupplierImport, parsed) -> None:
    errors, records, row_count, plan = parsed
    supplier_import.status = SupplierImport.Status.REFUSED if errors else SupplierImport.Status.READY
    supplier_import.row_count = row_count
    supplier_import.progress = row_count
    supplier_import.records = [] if errors else [r.as_dict() for r in records]
    supplier_import.errors = [e.as_dict() for e in errors]
    supplier_import.plan = {} if errors else plan.summary()


def supplier_import_upload(*, user: "User", filename: str, data: bytes) -> SupplierImport:
    """Take an uploaded register file and produce its preview, without changing any supplier.

    A file up to INLINE_MAX_BYTES (an XLSX up to INLINE_MAX_XLSX_BYTES) is parsed at once: the returned row
    holds every error of the file (status "refused") or the parsed records and the plan against the database
    as it is now ("ready").
    A larger file is stored in private storage and the row is "pending" until the Celery task
    `parse_supplier_import` has parsed it (queued after commit; a queueing failure never fails the request,
    and the import's page queues it again when it has waited too long). Only the import row is written.
    """
    supplier_import = SupplierImport(
        created_by=user, filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(), touched_at=timezone.now()
    )
    inline_limit = INLINE_MAX_XLSX_BYTES if data.startswith(ZIP_MAGIC) else INLINE_MAX_BYTES
    if len(data) <= inline_limit or len(data) > MAX_BYTES:
        _store_result(supplier_import, _parse(data))
        supplier_import.save()
        return supplier_import
    supplier_import.status = SupplierImport.Status.PENDING
    supplier_import.stored_file = private_storage().save(
        f"supplier-imports/{supplier_import.sha256[:16]}-{uuid.uuid4().hex}.upload", ContentFile(data)
    )
    with transaction.atomic():
        supplier_import.save()
        transaction.on_commit(lambda: _enqueue(supplier_import.pk))
    return supplier_import


def _enqueue(pk: int) -> bool:
    from ..tasks import parse_supplier_import

    return task_enqueue(parse_supplier_import, pk)


def supplier_import_parse(*, pk: int) -> SupplierImport | None:
    """Parse a pending import's stored file (the Celery task calls this), recording progress as it reads.

    Idempotent: an import that is no longer pending, or that another worker is reading right now (progress
    within STALE_SECONDS), is left alone and returned as it is (None when it does not exist). The stored file
    is deleted once the result is saved; the digest stays on the row.
    """
    with transaction.atomic():
        supplier_import = SupplierImport.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if supplier_import is None or supplier_import.status != SupplierImport.Status.PENDING:
            return supplier_import
        if supplier_import.progress and not _stale(supplier_import):
            return supplier_import  # another worker is at it
        supplier_import.touched_at = timezone.now()
        supplier_import.progress = 1  # claimed: rows counted from here
        supplier_import.save(update_fields=["touched_at", "progress"])

    def on_progress(rows: int) -> None:
        SupplierImport.objects.filter(pk=pk).update(progress=rows, touched_at=timezone.now())

    with private_storage().open(supplier_import.stored_file, "rb") as stored:
        data = stored.read()
    parsed = _parse(data, on_progress=on_progress)
    with transaction.atomic():
        supplier_import = SupplierImport.objects.select_for_update().get(pk=pk)
        if supplier_import.status != SupplierImport.Status.PENDING:
            return supplier_import
        stored_file = supplier_import.stored_file
        _store_result(supplier_import, parsed)
        supplier_import.stored_file = ""
        supplier_import.touched_at = timezone.now()
        supplier_import.save()
        transaction.on_commit(lambda: private_storage().delete(stored_file))
    return supplier_import


def _stale(supplier_import: SupplierImport) -> bool:
    touched = supplier_import.touched_at
    return touched is None or (timezone.now() - touched).total_seconds() > STALE_SECONDS


def supplier_import_requeue_if_stale(*, supplier_import: SupplierImport) -> bool:
    """Queue a pending import again when nothing has happened to it for STALE_SECONDS (the broker was down
    when it was uploaded, or the worker died). Never waits on the broker. Returns True when queued."""
    if supplier_import.status != SupplierImport.Status.PENDING or not _stale(supplier_import):
        return False
    touched = SupplierImport.objects.filter(
        pk=supplier_import.pk, status=SupplierImport.Status.PENDING, touched_at=supplier_import.touched_at
    ).update(touched_at=timezone.now())
    return bool(touched) and _enqueue(supplier_import.pk)


def supplier_import_apply(*, user: "User", supplier_import_id: int) -> SupplierImport:
    """Import a previewed file in one transaction: create new suppliers and departments, update changed ones.

    Guarantees:
    - idempotent by Tilbudsportalen id: suppliers and departments are matched on their ids (a department
      without an id is matched by name within its supplier and gets the file's id); applying the same file
      again changes nothing and the result says so;
    - nothing is deleted; suppliers and departments not in the file are left alone;
    - all or nothing: if the database has changed since the preview so that a row no longer fits, nothing is
      written and the import is marked refused with those rows' errors;
    - imports run one at a time (a transaction-level advisory lock); the stored suppliers concerned are
      locked (SELECT … FOR UPDATE) while they are compared and written; an import is applied at most once;
    - the audit trail gets one entry naming the file, the counts and every field changed.
    Raises ImportNotReady (nothing written) when the import has errors or was applied already, and a
    ValidationError (nothing written) when the register changed under it so that the database refused a write.
    """
    try:
        return _apply(user=user, supplier_import_id=supplier_import_id)
    except IntegrityError as exc:
        raise ValidationError(
            _("Indlæsningen stødte på en konflikt i registeret og blev afbrudt. Intet er ændret. Upload filen igen.")
        ) from exc


@transaction.atomic
def _apply(*, user: "User", supplier_import_id: int) -> SupplierImport:
    supplier_import = SupplierImport.objects.select_for_update().get(pk=supplier_import_id)
    if supplier_import.status != SupplierImport.Status.READY:
        raise ImportNotReady(supplier_import)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["suppliers.supplier_import"])
    records = [domain.SupplierRecord.from_dict(r) for r in supplier_import.records]
    plan, work = _plan(records, lock=True)
    if plan.errors:
        supplier_import.status = SupplierImport.Status.REFUSED
        supplier_import.errors = [e.as_dict() for e in plan.errors]
        supplier_import.save(update_fields=["status", "errors"])
        return supplier_import

    now = timezone.now()
    _spellings, tilsyn_ids = _socialtilsyn_lookup()

    def fields_of(record: domain.SupplierRecord) -> dict[str, Any]:
        values = record.values()
        return values | {"socialtilsyn_id": tilsyn_ids[values.pop("socialtilsyn")]}

    Supplier.objects.bulk_create(
        [Supplier(tilbudsportal_id=r.tilbudsportal_id, **fields_of(r)) for r in work["new"]], batch_size=2000
    )
    changed = []
    for supplier, record in work["changed"]:
        for name, value in fields_of(record).items():
            setattr(supplier, name, value)
        supplier.updated_at = now
        changed.append(supplier)
    supplier_fields = [f for f in domain.SUPPLIER_FIELDS if f != "socialtilsyn"] + ["socialtilsyn_id", "updated_at"]
    Supplier.objects.bulk_update(changed, supplier_fields, batch_size=1000)

    supplier_pks = dict(
        Supplier.objects.filter(tilbudsportal_id__in=[r.tilbudsportal_id for r in records]).values_list(
            "tilbudsportal_id", "pk"
        )
    )
    Department.objects.bulk_create(
        [
            Department(supplier_id=supplier_pks[sid], tilbudsportal_id=d.tilbudsportal_id, **d.values())
            for sid, d in work["new_departments"]
        ],
        batch_size=2000,
    )
    departments = []
    for department, wanted in work["changed_departments"]:
        for name, value in wanted.values().items():
            setattr(department, name, value)
        department.tilbudsportal_id = wanted.tilbudsportal_id
        departments.append(department)
    # Renaming departments into each other's names within one supplier raises IntegrityError: the whole
    # transaction rolls back and supplier_import_apply says nothing was imported.
    Department.objects.bulk_update(departments, [*domain.DEPARTMENT_FIELDS, "tilbudsportal_id"], batch_size=1000)

    summary = plan.summary()
    result = {k: summary[k] for k in ("created", "updated", "unchanged", "departments_created", "departments_updated")}
    supplier_import.status = SupplierImport.Status.APPLIED
    supplier_import.result = result
    supplier_import.applied_at = now
    supplier_import.applied_by = user
    supplier_import.save(update_fields=["status", "result", "applied_at", "applied_by"])
    audit_record(
        actor=user,
        action="supplier_import",
        summary=_(
            "Leverandører indlæst fra %(file)s: %(created)s oprettet, %(updated)s opdateret, %(unchanged)s uændret."
        )
        % {"file": supplier_import.filename, **result},
        obj=supplier_import,
        before={str(line["tilbudsportal_id"]): _before(line) for line in plan.updated},
        after={
            "counts": result,
            "created": [line["tilbudsportal_id"] for line in plan.created],
            "updated": {str(line["tilbudsportal_id"]): _after(line) for line in plan.updated},
            "sha256": supplier_import.sha256,
        },
    )
    return supplier_import


def _before(line: dict[str, Any]) -> dict[str, Any]:
    return {
        "fields": {k: v[0] for k, v in line["changes"].items()},
        "departments": {name: {k: v[0] for k, v in ch.items()} for name, ch in line["departments_updated"].items()},
    }


def _after(line: dict[str, Any]) -> dict[str, Any]:
    return {
        "fields": {k: v[1] for k, v in line["changes"].items()},
        "departments": {name: {k: v[1] for k, v in ch.items()} for name, ch in line["departments_updated"].items()},
        "departments_created": line["departments_created"],
    }
