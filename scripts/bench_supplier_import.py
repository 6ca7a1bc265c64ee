"""Timings of the supplier import (figures, never pass/fail): `python scripts/bench_supplier_import.py [N]`.

Builds a throwaway test database (config.settings.test; name from TEST_DATABASE_NAME, default
test_bench_import), generates a seeded register extract of N suppliers (default 6,000) as CSV and XLSX, and
times each step the way the pages run it: reading and checking the file plus planning it against the database
(`supplier_import_upload` / the Celery task's `supplier_import_parse`), then applying it in one transaction
(`supplier_import_apply`), then applying the same file a second time (idempotent: nothing changes).
The database is dropped at the end.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("TEST_DATABASE_NAME", "test_bench_import")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main(count: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(count)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def run(count: int) -> None:
    from demo.suppliers import SOCIALTILSYN
    from suppliers.imports.services import supplier_import_apply, supplier_import_parse, supplier_import_upload
    from suppliers.models import Department, Socialtilsyn, SupplierImport
    from tests.factories import FagadminFactory
    from tests.register_files import csv_bytes, generated_rows, xlsx_bytes

    for spec in SOCIALTILSYN:
        Socialtilsyn.objects.create(**spec)
    user = FagadminFactory.create()
    rows = generated_rows(count)
    csv_data, xlsx_data = csv_bytes(rows), xlsx_bytes(rows)
    print(
        f"{count:,} suppliers, {len(rows):,} rows; CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB"
    )

    def preview(data: bytes, name: str) -> SupplierImport:
        uploaded = supplier_import_upload(user=user, filename=name, data=data)
        parsed = supplier_import_parse(pk=uploaded.pk) if uploaded.status == SupplierImport.Status.PENDING else uploaded
        assert parsed is not None
        assert parsed.status == SupplierImport.Status.READY
        return parsed

    timed("preview XLSX: read, check, plan (empty register)", lambda: preview(xlsx_data, "x.xlsx"))
    csv_preview = timed("preview CSV: read, check, plan (empty register)", lambda: preview(csv_data, "x.csv"))
    applied = timed(
        "apply: create all in one transaction",
        lambda: supplier_import_apply(user=user, supplier_import_id=csv_preview.pk),
    )
    print(f"{'':<58} {applied.result['created']:,} suppliers, {Department.objects.count():,} departments")
    again = timed("preview CSV again (all stored)", lambda: preview(csv_data, "x.csv"))
    second = timed(
        "apply again: compare all, change nothing",
        lambda: supplier_import_apply(user=user, supplier_import_id=again.pk),
    )
    print(f"{'':<58} {second.result}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
