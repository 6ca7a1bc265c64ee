"""Reads of suppliers, always scoped to what the asking user may see."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from .models import Supplier

if TYPE_CHECKING:
    # accounts sits above suppliers (a user links to suppliers); the supplier register asks the user object
    # about its role through its properties and imports accounts only for the type.
    from accounts.models import User


def suppliers_visible_to(user: "User | AnonymousUser") -> QuerySet[Supplier]:
    """Suppliers a user may see: a supplier user its own, tilsyn staff those of their socialtilsyn, the
    fagadministrator all."""
    # Explicit order: Meta.ordering is not applied to a query with GROUP BY (the Count annotation).
    qs = (
        Supplier.objects.select_related("socialtilsyn")
        .annotate(department_count=Count("departments"))
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


def suppliers_matching(*, user: "User | AnonymousUser", query: str) -> QuerySet[Supplier]:
    """The visible suppliers whose name contains `query` or whose CVR is `query`; all visible ones for ""."""
    suppliers = suppliers_visible_to(user)
    if query:
        suppliers = suppliers.filter(name__icontains=query) | suppliers.filter(cvr=query)
    return suppliers


def supplier_detail(*, user: "User | AnonymousUser", pk: int) -> Supplier | None:
    """One visible supplier with its departments, or None (the view answers 404 either way)."""
    return suppliers_visible_to(user).prefetch_related("departments").filter(pk=pk).first()
