"""Reads of the supplier register import: the recent imports and what the preview page shows of one."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Department, Supplier, SupplierImport

ERRORS_SHOWN = 500


def supplier_imports_recent() -> QuerySet[SupplierImport]:
    """The ten newest imports, without their (large) records and plans."""
    return SupplierImport.objects.select_related("created_by").defer("records", "plan")[:10]


def supplier_import_or_404(*, pk: int) -> SupplierImport:
    """One import with its uploader, without its records (the preview page reads the plan and the errors)."""
    supplier_import = SupplierImport.objects.defer("records").select_related("created_by").filter(pk=pk).first()
    if supplier_import is None:
        raise Http404
    return supplier_import


def _field_label(name: str) -> str:
    if name == "municipality_code":
        return _("kommune")
    model = Supplier if name in {f.name for f in Supplier._meta.get_fields()} else Department
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a concrete field


def _error_rows(supplier_import: SupplierImport) -> list[dict[str, Any]]:
    return [
        {
            "row": e["row"],
            "column": e["column"],
            "message": _(e["message"]) % e["params"] if e["params"] else _(e["message"]),
        }
        for e in supplier_import.errors[:ERRORS_SHOWN]
    ]


def _changes(line: dict[str, Any]) -> list[str]:
    described = [
        _("%(field)s: »%(before)s« → »%(after)s«") % {"field": _field_label(k), "before": v[0], "after": v[1]}
        for k, v in line["changes"].items()
    ]
    described += [_("ny afdeling »%(name)s«") % {"name": name} for name in line["departments_created"]]
    described += [
        _("afdelingen »%(name)s«: %(fields)s") % {"name": name, "fields": ", ".join(_field_label(k) for k in fields)}
        for name, fields in line["departments_updated"].items()
    ]
    return described


def supplier_import_page(*, supplier_import: SupplierImport) -> dict[str, Any]:
    """What the preview page shows: the errors in Danish (the first ERRORS_SHOWN), the plan with each updated
    supplier's changes in words, and the result once applied."""
    plan = supplier_import.plan or {}
    return {
        "imp": supplier_import,
        "Status": SupplierImport.Status,
        "errors": _error_rows(supplier_import),
        "error_count": len(supplier_import.errors),
        "errors_cut": len(supplier_import.errors) > ERRORS_SHOWN,
        "plan": plan,
        "created": plan.get("created_sample", []),
        "updated": [{**line, "described": _changes(line)} for line in plan.get("updated_sample", [])],
        "result": supplier_import.result,
    }
