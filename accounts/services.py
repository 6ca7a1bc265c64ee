"""Logins through OpenID Connect and the supplier links they create. Every write happens here."""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ActionNotAllowed
from suppliers.domain import is_valid_cvr, normalise_cvr
from suppliers.models import Supplier

from .domain import assurance_sufficient, candidate_suppliers_active, role_from_groups
from .models import ExternalIdentity, Role, StaffGroupMapping, SupplierLink, User
from .selectors import may_decide_supplier_link


class LoginRefused(Exception):
    """An OpenID Connect login that must not become a session. `reason` picks the Danish page to show."""

    ASSURANCE = "assurance"
    NO_CVR = "no_cvr"
    NO_SUPPLIER = "no_supplier"
    NO_GROUP = "no_group"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LinkNotAllowed(ActionNotAllowed):
    """The actor may not decide this supplier link, or it is no longer pending (the 403 page says why)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Anmodningen er allerede besluttet af en anden."))


def _username(provider: str, subject: str) -> str:
    username = f"{provider}-{subject}"
    if len(username) > 150:
        username = f"{provider}-{hashlib.sha256(subject.encode()).hexdigest()}"
    return username


def _identity_user(
    *, provider: str, subject: str, role: str, name: str, email: str, socialtilsyn_id: int | None = None
) -> ExternalIdentity:
    """The identity of (provider, subject) with its user, both locked; created on the first login."""
    identity = (
        ExternalIdentity.objects.select_for_update().select_related("user").filter(provider=provider, subject=subject)
    ).first()
    if identity is None:
        user = User(username=_username(provider, subject), role=role, socialtilsyn_id=socialtilsyn_id)
        user.set_unusable_password()
        user.save()
        identity = ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)
    user = identity.user
    first, _sep, last = name.strip().rpartition(" ")
    user.first_name, user.last_name = (first, last) if first else (last, "")
    user.email = email.strip()
    return identity


@transaction.atomic
def supplier_identity_login(
    *, subject: str, name: str, email: str, cvr: str, p_number: str, assurance_level: str, minimum_assurance: str
) -> User:
    """Log in a person from the MitID Erhverv broker: record the identity and link the suppliers of the CVR.

    Guarantees: a login below `minimum_assurance` (or without one) is refused before anything is stored; a
    token without a valid CVR, or with a CVR no supplier has, is refused. Otherwise the identity records the
    assurance level, CVR and P-number of this login. When exactly one supplier has the CVR, the person is
    linked to it at once; when several share it (municipal suppliers), a pending link is created for each,
    and the person acts for none of them until one is confirmed. A link decided earlier is left as it is.
    """
    if not assurance_sufficient(assurance_level, minimum_assurance):
        raise LoginRefused(LoginRefused.ASSURANCE)
    cvr = normalise_cvr(cvr or "")
    if not is_valid_cvr(cvr):
        raise LoginRefused(LoginRefused.NO_CVR)
    candidates = list(Supplier.objects.filter(cvr=cvr).order_by("pk"))
    if not candidates:
        raise LoginRefused(LoginRefused.NO_SUPPLIER)

    identity = _identity_user(
        provider=ExternalIdentity.Provider.SUPPLIER, subject=subject, role=Role.SUPPLIER, name=name, email=email
    )
    user = identity.user
    user.save()
    now = timezone.now()
    identity.assurance_level = assurance_level
    identity.cvr = cvr
    identity.p_number = (p_number or "").strip()[:10]
    identity.last_login_at = now
    identity.save()

    known = set(SupplierLink.objects.filter(user=user).values_list("supplier_id", flat=True))
    active = candidate_suppliers_active(len(candidates))
    for supplier in candidates:
        if supplier.pk in known:
            continue
        link = SupplierLink.objects.create(
            user=user,
            supplier=supplier,
            cvr=cvr,
            p_number=identity.p_number,
            status=SupplierLink.Status.CONFIRMED if active else SupplierLink.Status.PENDING,
            decided_at=now if active else None,
        )
        if active:
            user.suppliers.add(supplier)
            audit_record(
                actor=user,
                action="supplier_link_auto",
                summary=_("Tilknyttet %(supplier)s via CVR-nummer %(cvr)s") % {"supplier": supplier, "cvr": cvr},
                obj=link,
                after={"status": link.status},
            )
    return user


@transaction.atomic
def staff_identity_login(*, subject: str, name: str, email: str, groups: list[str]) -> User:
    """Log in a person from the authority's identity provider with the role their groups map to.

    Guarantees: the role and socialtilsyn come from StaffGroupMapping on every login (the groups are the
    truth; a changed group changes the role next time). Without a mapped group, or with mapped groups that
    point to two socialtilsyn for the same role, the login is refused and no user is created.
    """
    mappings = StaffGroupMapping.objects.filter(group__in=[str(group) for group in groups])
    chosen = role_from_groups([(mapping.role, mapping.socialtilsyn_id) for mapping in mappings])
    if chosen is None:
        raise LoginRefused(LoginRefused.NO_GROUP)
    role, socialtilsyn_id = chosen
    identity = _identity_user(
        provider=ExternalIdentity.Provider.STAFF,
        subject=subject,
        role=role,
        name=name,
        email=email,
        socialtilsyn_id=socialtilsyn_id,
    )
    user = identity.user
    user.role = role
    user.socialtilsyn_id = socialtilsyn_id
    user.is_staff = role == Role.FAGADMIN
    user.save()
    identity.last_login_at = timezone.now()
    identity.save()
    return user


@transaction.atomic
def supplier_link_decide(*, link_id: int, actor: User, confirm: bool) -> SupplierLink:
    """Confirm or reject a pending supplier link.

    Guarantees: only someone `may_decide_supplier_link` allows, and only while the link is pending (the row
    is locked, so two people deciding at once end with one decision). Confirming adds the supplier to the
    person's suppliers. The decision, who made it and when, is stored on the link and in the audit trail.
    """
    link = SupplierLink.objects.select_for_update().select_related("supplier", "user").get(pk=link_id)
    if link.status != SupplierLink.Status.PENDING or not may_decide_supplier_link(actor, link):
        raise LinkNotAllowed
    link.status = SupplierLink.Status.CONFIRMED if confirm else SupplierLink.Status.REJECTED
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    if confirm:
        link.user.suppliers.add(link.supplier)
        summary = _("%(user)s tilknyttet %(supplier)s")
    else:
        summary = _("%(user)s afvist som bruger hos %(supplier)s")
    audit_record(
        actor=actor,
        action="supplier_link_confirm" if confirm else "supplier_link_reject",
        summary=summary % {"user": link.user, "supplier": link.supplier},
        obj=link,
        before={"status": SupplierLink.Status.PENDING.value},
        after={"status": link.status, "decided_by": actor.pk},
    )
    return link
