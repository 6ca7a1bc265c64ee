"""Upload → preview → confirm for the supplier register import. Only the fagadministrator (403 for others)."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ActionForm, errors_onto

from ..forms import SupplierImportForm
from ..models import SupplierImport
from .selectors import supplier_import_or_404, supplier_import_page, supplier_imports_recent
from .services import supplier_import_apply, supplier_import_requeue_if_stale, supplier_import_upload

if TYPE_CHECKING:
    # accounts sits above suppliers (docs/decisions.md): the request type only, no runtime import
    from accounts.http import AuthenticatedHttpRequest


def _require_importer(request: HttpRequest) -> None:
    if not request.user.has_perm("suppliers.import_suppliers"):
        raise PermissionDenied


@login_required
def supplier_import_start(request: "AuthenticatedHttpRequest") -> HttpResponse:
    _require_importer(request)
    form = SupplierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        supplier_import = supplier_import_upload(user=request.user, filename=upload.name, data=upload.read())
        return redirect("suppliers:import_detail", pk=supplier_import.pk)
    return render(request, "suppliers/import_start.html", {"form": form, "recent": supplier_imports_recent()})


@login_required
def supplier_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    supplier_import = supplier_import_or_404(pk=pk)
    if supplier_import.status == SupplierImport.Status.PENDING:
        supplier_import_requeue_if_stale(supplier_import=supplier_import)
    context = supplier_import_page(supplier_import=supplier_import) | {"form": ActionForm()}
    return render(request, "suppliers/import_detail.html", context)


@login_required
def supplier_import_confirm(request: "AuthenticatedHttpRequest", pk: int) -> HttpResponse:
    """Apply the previewed import. A refusal (errors, applied already, a conflict, the register changed since the
    preview) re-renders the preview page with the reason at the top; nothing is changed then."""
    _require_importer(request)  # before the method check: others get 403 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    supplier_import = supplier_import_or_404(pk=pk)
    form = ActionForm(request.POST)
    with errors_onto(form):
        supplier_import = supplier_import_apply(user=request.user, supplier_import_id=supplier_import.pk)
        if supplier_import.status == SupplierImport.Status.REFUSED:
            form.add_error(
                None, _("Registeret er ændret siden forhåndsvisningen, så filen passer ikke længere. Intet er ændret.")
            )
    if form.errors:
        supplier_import = supplier_import_or_404(pk=pk)
        context = supplier_import_page(supplier_import=supplier_import) | {"form": form}
        return render(request, "suppliers/import_detail.html", context)
    result = supplier_import.result or {}
    if not (result.get("created") or result.get("updated")):
        messages.success(request, _("Filen er indlæst. Alle leverandører var allerede opdaterede, så intet er ændret."))
    else:
        messages.success(
            request, _("Filen er indlæst: %(created)s leverandører oprettet og %(updated)s opdateret.") % result
        )
    return redirect("suppliers:import_detail", pk=pk)
