"""Writes of the front pages: new versions of the public statements."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from core.models import StatementKind, StatementVersion


@transaction.atomic
def statement_publish(*, kind: str, title: str, body: str, change_note: str = "", user: User) -> StatementVersion:
    """Publish a new version of a public statement; it is shown from now on.

    Only a fagadministrator may call it (PermissionDenied otherwise). Earlier versions are kept unchanged;
    the new one gets the next number. The kind's rows are locked first, so two fagadministrators publishing at
    once get versions n+1 and n+2, never the same number (the unique constraint is the backstop).
    """
    if not user.has_perm("core.edit_statements"):
        raise PermissionDenied
    kind = StatementKind(kind)
    # Lock first, then read the highest number in a second statement: under READ COMMITTED that statement sees a
    # version another transaction committed while we waited for the lock (a locking read alone would not).
    list(StatementVersion.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
    newest = StatementVersion.objects.filter(kind=kind).aggregate(newest=Max("version"))["newest"] or 0
    return StatementVersion.objects.create(
        kind=kind,
        version=newest + 1,
        title=title.strip(),
        body=body,
        change_note=change_note.strip(),
        created_by=user,
    )
