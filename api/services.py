"""Creating, revoking and stamping API tokens. Every change is audited in its own transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import ActionNotAllowed
from privacy.text import cpr_check

from .domain import token_new
from .models import ApiToken

# "Last used" is written at most once a minute per token, so a busy system does not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _require_admin(user: User) -> None:
    if not user.has_perm("api.manage_tokens"):
        raise ActionNotAllowed(_("Kun fagadministratoren kan oprette og tilbagekalde API-nøgler."))


def token_create(*, owner: User, name: str, user: User) -> tuple[ApiToken, str]:
    """Make a token for `owner` (by a fagadministrator); returns the row and the token, which is shown once.

    Only the digest is stored; the creation is audited (owner, name, prefix — never the token).
    """
    _require_admin(user)
    if refusal := cpr_check(name):
        raise ValidationError({"name": refusal})
    for _attempt in range(3):
        new = token_new()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=owner, name=name, prefix=new.prefix, digest=new.digest, created_by=user
                )
                audit_record(
                    actor=user,
                    obj=token,
                    action="api_token_create",
                    summary=_("API-nøgle «%(name)s» oprettet til %(owner)s")
                    % {"name": name, "owner": owner.display_name},
                    after={"owner": owner.pk, "name": name, "prefix": new.prefix},
                )
            return token, new.token
        except IntegrityError:  # the 8-character prefix collided with another token's: draw again
            continue
    raise RuntimeError("could not draw a unique token prefix")


@transaction.atomic
def token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke a token (by a fagadministrator): it stops working at once. Revoking twice changes nothing."""
    _require_admin(user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = user
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=user,
        obj=token,
        action="api_token_revoke",
        summary=_("API-nøgle «%(name)s» tilbagekaldt") % {"name": token.name},
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


def token_touch(*, token: ApiToken) -> None:
    """Note that the token was used now (at most once a minute: one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now
