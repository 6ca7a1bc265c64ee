import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SupplierSearchForm
from .selectors import supplier_detail, suppliers_matching


@login_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("suppliers.list_suppliers"):
        raise PermissionDenied
    search = SupplierSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = Paginator(suppliers_matching(user=request.user, query=query), 25).get_page(request.GET.get("side"))
    return render(
        request,
        "suppliers/supplier_list.html",
        {
            "page": page,
            "query": query,
            "search_errors": search.errors.get("q", []),
            # Asked of the rules alone: Django's model backend would add two permission queries per page.
            "can_import": rules.has_perm("suppliers.import_suppliers", request.user),
        },
    )


@login_required
def supplier_view(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = supplier_detail(user=request.user, pk=pk)
    # 404 rather than 403: do not reveal that another supplier's record exists.
    if supplier is None or not request.user.has_perm("suppliers.view_supplier", supplier):
        raise Http404
    return render(request, "suppliers/supplier_detail.html", {"supplier": supplier})
