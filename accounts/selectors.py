"""Reads about logins and supplier links."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from .models import Role, SupplierLink, User


def pending_links_for_decider(actor: User | AnonymousUser) -> QuerySet[SupplierLink]:
    """The pending links `actor` may confirm or reject, oldest first (the same rule as the service's check)."""
    links = SupplierLink.objects.filter(status=SupplierLink.Status.PENDING).select_related("user", "supplier")
    if not actor.is_authenticated:
        return links.none()
    if actor.role == Role.SUPPLIER:
        return links.filter(supplier__users=actor).exclude(user=actor).order_by("requested_at", "pk")
    if actor.role in (Role.CONSULTANT, Role.LEADER) and actor.socialtilsyn_id is not None:
        return links.filter(supplier__socialtilsyn_id=actor.socialtilsyn_id).order_by("requested_at", "pk")
    return links.none()


def pending_links_of(user: User) -> QuerySet[SupplierLink]:
    """The user's own links that still wait for confirmation."""
    return (
        SupplierLink.objects.filter(user=user, status=SupplierLink.Status.PENDING)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )


def may_decide_supplier_link(actor: User | AnonymousUser, link: SupplierLink) -> bool:
    """A user already linked to the supplier (not the person asking) or staff of its socialtilsyn."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.SUPPLIER:
        return actor.pk != link.user_id and actor.suppliers.filter(pk=link.supplier_id).exists()
    if actor.role in (Role.CONSULTANT, Role.LEADER):
        return actor.socialtilsyn_id == link.supplier.socialtilsyn_id
    return False


def supplier_link_to_decide_or_404(*, actor: User, pk: int) -> SupplierLink:
    """A link `actor` may confirm or reject; 404 for one they may not (or that does not exist)."""
    link = SupplierLink.objects.select_related("supplier", "user").filter(pk=pk).first()
    if link is None or not may_decide_supplier_link(actor, link):
        raise Http404
    return link
