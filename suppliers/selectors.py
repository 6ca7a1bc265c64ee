"""Reads of suppliers, always scoped to what the asking user may see."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Department, Supplier

if TYPE_CHECKING:
    # accounts sits above suppliers (a user links to suppliers); the supplier register asks the user object
    # about its role through its properties and imports accounts only for the type.
    from accounts.models import User


def suppliers_visible_to(user: "User | AnonymousUser") -> QuerySet[Supplier]:
    """Suppliers a user may see: a supplier user its own, tilsyn staff those of their socialtilsyn, the
    fagadministrator all."""
    # The number of departments as a correlated subquery, counted for the rows shown only: a join with GROUP BY
    # would count every department of every visible supplier (15,000 at national scale) before the top 10 or 25
    # are sorted out, and the paginator's count would group them all again.
    departments = (
        Department.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(n=Count("pk"))
    )
    qs = (
        Supplier.objects.select_related("socialtilsyn")
        .annotate(department_count=Coalesce(Subquery(departments.values("n"), output_field=IntegerField()), 0))
        .order_by("name", "pk")
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_supplier_user:
        return qs.filter(users=user)
    if user.is_tilsyn_staff:
        # every supplier has a socialtilsyn, so staff without one see none
        return qs.none() if user.socialtilsyn_id is None else qs.filter(socialtilsyn_id=user.socialtilsyn_id)
    if user.is_fagadmin:
        return qs  # the fagadministrator loads the whole register
    return qs.none()


# The columns the supplier table shows (includes/supplier_table.html): fewer columns, less for Django to compile
# and instantiate per page. A column read but not loaded costs a query per row (the counts are pinned in tests).
SUPPLIER_TABLE_FIELDS = ("name", "cvr", "kind", "socialtilsyn__name")


def supplier_table_rows(suppliers: QuerySet[Supplier]) -> QuerySet[Supplier]:
    """`suppliers` with only the columns the supplier table shows."""
    return suppliers.only(*SUPPLIER_TABLE_FIELDS)


def suppliers_matching(*, user: "User | AnonymousUser", query: str) -> QuerySet[Supplier]:
    """The visible suppliers whose name contains `query` or whose CVR is `query`; all visible ones for "", with
    the columns of the supplier table."""
    suppliers = supplier_table_rows(suppliers_visible_to(user))
    if query:
        suppliers = suppliers.filter(name__icontains=query) | suppliers.filter(cvr=query)
    return suppliers


def supplier_detail(*, user: "User | AnonymousUser", pk: int) -> Supplier | None:
    """One visible supplier with its departments, or None (the view answers 404 either way)."""
    return suppliers_visible_to(user).prefetch_related("departments").filter(pk=pk).first()
