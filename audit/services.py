"""Writing the audit trail. Call inside the transaction of the change, so both land or neither does."""

from typing import Any

from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    summary: str,
    case=None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Store one audit entry. `before`/`after` hold JSON-ready values of the fields that changed."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        case=case,
        action=action,
        summary=summary[:300],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
    )
