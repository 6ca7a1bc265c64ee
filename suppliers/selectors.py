"""Reads of suppliers, always scoped to what the asking user may see."""

from django.db.models import Count, QuerySet

from accounts.models import Role

from .models import Supplier


def suppliers_visible_to(user) -> QuerySet[Supplier]:
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
    if user.role == Role.SUPPLIER:
        return qs.filter(users=user)
    if user.role in (Role.CONSULTANT, Role.LEADER):
        return qs.filter(socialtilsyn_id=user.socialtilsyn_id)
    if user.role == Role.FAGADMIN:
        return qs  # the fagadministrator loads the whole register
    return qs.none()


def supplier_detail(*, user, pk: int) -> Supplier | None:
    """One visible supplier with its departments, or None (the view answers 404 either way)."""
    return suppliers_visible_to(user).prefetch_related("departments").filter(pk=pk).first()
