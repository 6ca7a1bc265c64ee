"""Reads about logins and supplier links."""

from django.db.models import QuerySet

from .models import Role, SupplierLink


def pending_links_for_decider(actor) -> QuerySet[SupplierLink]:
    """The pending links `actor` may confirm or reject, oldest first (the same rule as the service's check)."""
    links = SupplierLink.objects.filter(status=SupplierLink.Status.PENDING).select_related("user", "supplier")
    if not actor.is_authenticated:
        return links.none()
    if actor.role == Role.SUPPLIER:
        return links.filter(supplier__users=actor).exclude(user=actor).order_by("requested_at", "pk")
    if actor.role in (Role.CONSULTANT, Role.LEADER):
        return links.filter(supplier__socialtilsyn_id=actor.socialtilsyn_id).order_by("requested_at", "pk")
    return links.none()


def pending_links_of(user) -> QuerySet[SupplierLink]:
    """The user's own links that still wait for confirmation."""
    return (
        SupplierLink.objects.filter(user=user, status=SupplierLink.Status.PENDING)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )
