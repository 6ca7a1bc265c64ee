"""Writing the audit trail. Call inside the transaction of the change, so both land or neither does."""

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEntry

if TYPE_CHECKING:
    # audit sits below accounts and assessments (they record through it): types only, no runtime import
    from accounts.models import User
    from assessments.models import Case


def audit_record(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    summary: str,
    case: "Case | None" = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Store one audit entry. `before`/`after` hold JSON-ready values of the fields that changed."""
    return AuditEntry.objects.create(
        # an anonymous (or unsaved) actor is recorded as no one
        actor=cast("User | None", actor if getattr(actor, "pk", None) else None),
        case=case,
        action=action,
        summary=summary[:300],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
    )


DOWNLOAD_SUFFIX = "_download"


def audit_download(*, actor, case, obj: models.Model, filename: str, action: str) -> AuditEntry:
    """Record that `actor` fetched a document of `case` (an attachment, a PDF, the case file).

    `action` ends in "_download" (e.g. "attachment_download"), so reads can be told apart from changes.

    Called by the download views once permission is checked and before the file is streamed, so every copy
    that leaves the system has an entry; the entry commits on its own (a download changes nothing else).
    """
    if not action.endswith(DOWNLOAD_SUFFIX):
        raise ValueError(f"a download action ends in {DOWNLOAD_SUFFIX!r}: {action}")
    return audit_record(
        actor=actor, case=case, obj=obj, action=action, summary=_("Hentet: %(name)s") % {"name": filename}
    )
