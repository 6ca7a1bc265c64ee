"""Upload → preview → confirm for the supplier register import. Only the fagadministrator (403 for others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import SupplierImportForm
from ..models import Department, Supplier, SupplierImport
from .services import ImportNotReady, supplier_import_apply, supplier_import_requeue_if_stale, supplier_import_upload

ERRORS_SHOWN = 500


def _require_importer(request: HttpRequest) -> None:
    if not request.user.has_perm("suppliers.import_suppliers"):
        raise PermissionDenied


def _field_label(name: str) -> str:
    if name == "municipality_code":
        return _("kommune")
    model = Supplier if name in {f.name for f in Supplier._meta.get_fields()} else Department
    return str(model._meta.get_field(name).verbose_name)


def _error_rows(supplier_import: SupplierImport) -> list[dict]:
    return [
        {
            "row": e["row"],
            "column": e["column"],
            "message": _(e["message"]) % e["params"] if e["params"] else _(e["message"]),
        }
        for e in supplier_import.errors[:ERRORS_SHOWN]
    ]


def _changes(line: dict) -> list[str]:
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


@login_required
def supplier_import_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = SupplierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        supplier_import = supplier_import_upload(user=request.user, filename=upload.name, data=upload.read())
        return redirect("suppliers:import_detail", pk=supplier_import.pk)
    recent = SupplierImport.objects.select_related("created_by").defer("records", "plan")[:10]
    return render(request, "suppliers/import_start.html", {"form": form, "recent": recent})


@login_required
def supplier_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    supplier_import = get_object_or_404(SupplierImport.objects.defer("records").select_related("created_by"), pk=pk)
    if supplier_import.status == SupplierImport.Status.PENDING:
        supplier_import_requeue_if_stale(supplier_import=supplier_import)
    plan = supplier_import.plan or {}
    context = {
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
    return render(request, "suppliers/import_detail.html", context)


@login_required
def supplier_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)  # before the method check: others get 403 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    supplier_import = get_object_or_404(SupplierImport.objects.only("pk"), pk=pk)
    try:
        applied = supplier_import_apply(user=request.user, supplier_import_id=supplier_import.pk)
    except ImportNotReady as exc:
        if exc.supplier_import.status == SupplierImport.Status.APPLIED:
            messages.info(request, _("Filen er allerede indlæst. Intet er ændret."))
        else:
            messages.error(request, _("Filen kan ikke indlæses, før fejlene er rettet. Intet er ændret."))
        return redirect("suppliers:import_detail", pk=pk)
    except IntegrityError:
        messages.error(
            request,
            _("Indlæsningen stødte på en konflikt i registeret og blev afbrudt. Intet er ændret. Upload filen igen."),
        )
        return redirect("suppliers:import_detail", pk=pk)
    if applied.status == SupplierImport.Status.REFUSED:
        messages.error(
            request, _("Registeret er ændret siden forhåndsvisningen, så filen passer ikke længere. Intet er ændret.")
        )
    elif applied.result and not (applied.result["created"] or applied.result["updated"]):
        messages.success(request, _("Filen er indlæst. Alle leverandører var allerede opdaterede, så intet er ændret."))
    else:
        messages.success(
            request,
            _("Filen er indlæst: %(created)s leverandører oprettet og %(updated)s opdateret.") % applied.result,
        )
    return redirect("suppliers:import_detail", pk=pk)
