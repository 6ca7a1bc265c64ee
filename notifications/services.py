"""Queue and send notifications (email plus the in-app list)."""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from core.queueing import registered_task, tasks_enqueue

from .domain import retry_delay_seconds
from .models import Notification
from .rendering import email_render

# Queued by name: notifications.tasks imports this module (imports point one way, tasks → services).
SEND_TASK = "notifications.tasks.send_notification"


if TYPE_CHECKING:
    from assessments.models import Case

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What to say: templates/notifications/<kind>.html (subject, text and HTML from that one template) gets
    `context`, plus `recipient`, `link` and `site_url`."""

    kind: str
    context: dict[str, Any]
    link: str = ""


def dedupe_key(key: str, recipient_pk: int) -> str:
    """The once-only key of one recipient's row: the event's key completed with the recipient."""
    return f"{key}:user={recipient_pk}"[:200]


def notification_queue(
    *, recipients: Iterable[User], message: Message, key: str, case: "Case | None" = None
) -> list[Notification]:
    """Write one notification per recipient unless one with the same key exists; send after commit.

    The key is completed with the recipient, so `key` names the event ("form_deadline_7d:form=3:2026-12-01").
    Each recipient's e-mail is rendered now, in the site's language (`email_render`), and stored on the row,
    so a later change of the case does not change what was said. Inactive recipients are skipped.
    Returns the rows that are new. Safe to call twice, or from two processes at once.
    """
    rows = []
    for recipient in recipients:
        if not recipient.is_active:
            continue
        context = {**message.context, "recipient": recipient, "link": message.link, "site_url": settings.SITE_URL}
        email = email_render(kind=message.kind, context=context)
        rows.append(
            Notification(
                recipient=recipient,
                case=case,
                kind=message.kind,
                dedupe_key=dedupe_key(key, recipient.pk),
                subject=email.subject,
                body_text=email.text,
                body_html=email.html,
                link=message.link,
            )
        )
    if not rows:
        return []
    keys = [r.dedupe_key for r in rows]
    existing = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    Notification.objects.bulk_create([r for r in rows if r.dedupe_key not in existing], ignore_conflicts=True)
    # ignore_conflicts does not return ids; read back the rows this call created.
    new = list(Notification.objects.filter(dedupe_key__in=set(keys) - existing, sent_at__isnull=True))
    if new:
        ids = [n.pk for n in new]
        # A broker outage must not fail or slow the user's request: the rows wait and the sweep sends them.
        transaction.on_commit(lambda: tasks_enqueue(registered_task(SEND_TASK), [(pk,) for pk in ids]))
    return new


@dataclass(frozen=True)
class Pending:
    """One event a sweep may have to tell about: the arguments of one `notification_queue` call."""

    recipients: Sequence[User]
    message: Message
    key: str
    case: "Case | None" = None


EXISTING_KEYS_CHUNK = 5000


def existing_dedupe_keys(keys: Iterable[str]) -> set[str]:
    """Which of `keys` already have a row: one query per 5,000 keys."""
    wanted = list(keys)
    existing: set[str] = set()
    for start in range(0, len(wanted), EXISTING_KEYS_CHUNK):
        chunk = wanted[start : start + EXISTING_KEYS_CHUNK]
        existing.update(
            Notification.objects.filter(dedupe_key__in=chunk).order_by().values_list("dedupe_key", flat=True)
        )
    return existing


def notifications_queue_new(pending: Iterable[Pending]) -> int:
    """`notification_queue` for many events at once, for the sweeps: one query (per 5,000 keys) finds the
    recipients who already have a row under an event's key, and only the others are rendered and queued, so a
    sweep on a day with nothing new renders nothing and makes a fixed number of queries.

    The same guarantees as `notification_queue` (which does the writing): once per key and recipient, inactive
    recipients skipped, safe to run twice or in two processes at once. Returns the number of rows queued now.
    """
    events = [(p, [r for r in p.recipients if r is not None and r.is_active]) for p in pending]
    existing = existing_dedupe_keys(dedupe_key(p.key, r.pk) for p, recipients in events for r in recipients)
    queued = 0
    for p, recipients in events:
        missing = [r for r in recipients if dedupe_key(p.key, r.pk) not in existing]
        if missing:
            queued += len(notification_queue(recipients=missing, message=p.message, key=p.key, case=p.case))
    return queued


def notification_send(*, pk: int, due_only: bool = False) -> bool:
    """Send one notification by email if it has not been sent. Returns True when sent now.

    Locks the row (skipping it when another worker holds it), so two workers never send the same row.
    A failure never propagates: it is recorded on the row (attempts, last_error, last_attempt_at) and
    committed, and the row waits until `next_attempt_at` (exponential backoff). The attempt that reaches
    settings.NOTIFICATION_MAX_ATTEMPTS gives the row up and tells someone once (`_alert_gave_up`).
    With `due_only` (the sweep) a row whose next attempt is not due yet, or that was given up, is skipped,
    so two sweeps listing the same row cannot both retry it.
    """
    now = timezone.now()
    with transaction.atomic():
        # of=self: the case join below is nullable, and only the notification row needs the lock.
        rows = Notification.objects.select_for_update(skip_locked=True, of=("self",))
        rows = rows.filter(pk=pk, sent_at__isnull=True)
        if due_only:
            rows = rows.filter(_due(now))
        row = rows.select_related("recipient", "case__primary_consultant", "case__leader").first()
        if row is None:
            return False
        row.attempts += 1
        row.last_attempt_at = now
        try:
            _deliver(row)
        except Exception as exc:  # whatever the mail server or network raises: record it, try again later
            _record_failure(row, exc, now)
            return False
        row.sent_at = now
        row.last_error = ""
        row.next_attempt_at = None
        row.save(update_fields=["sent_at", "attempts", "last_attempt_at", "last_error", "next_attempt_at"])
    return True


def _deliver(row: Notification) -> None:
    if not row.recipient.email:
        return  # the in-app list is the only channel for this user
    email = EmailMultiAlternatives(
        subject=row.subject, body=row.body_text, to=[row.recipient.email], from_email=settings.DEFAULT_FROM_EMAIL
    )
    if row.body_html:
        email.attach_alternative(row.body_html, "text/html")
    email.send()


def _record_failure(row: Notification, exc: Exception, now: datetime.datetime) -> None:
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    fields = ["attempts", "last_attempt_at", "last_error", "next_attempt_at", "gave_up_at"]
    if row.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        row.gave_up_at = now
        row.next_attempt_at = None
        row.save(update_fields=fields)
        _alert_gave_up(row)
        return
    delay = retry_delay_seconds(
        attempts=row.attempts,
        base_seconds=settings.NOTIFICATION_RETRY_SECONDS,
        max_seconds=settings.NOTIFICATION_RETRY_MAX_SECONDS,
    )
    row.next_attempt_at = now + datetime.timedelta(seconds=delay)
    row.save(update_fields=fields)
    log.warning("notification %s attempt %s failed, next at %s: %s", row.pk, row.attempts, row.next_attempt_at, exc)


ALERT_KIND = "notification_failed"


def _alert_gave_up(row: Notification) -> None:
    """Nobody retries a given-up row: log for operations and tell a person who can act, once.

    On a case that is the primary consultant (the leader when the consultant's own address failed or the
    consultant has left); otherwise, or when nobody on the case can be told, the active fagadministrators.
    An alert that itself fails is only logged, never alerted about, so a broken address cannot start a loop.
    """
    log.error(
        "notification %s (%s to %s) gave up after %s attempts: %s",
        row.pk,
        row.kind,
        row.recipient.email,
        row.attempts,
        row.last_error,
    )
    if row.kind == ALERT_KIND:
        return
    case = row.case
    link = reverse("assessments:case_detail", args=[case.pk]) if case is not None else ""
    staff = [case.primary_consultant, case.leader] if case is not None else []
    # The first active person on the case other than the one whose address failed; else the fagadmins.
    person = next((u for u in staff if u is not None and u.is_active and u.pk != row.recipient_id), None)
    if person is not None:
        recipients: list[User] = [person]
    else:
        recipients = list(User.objects.filter(role=Role.FAGADMIN, is_active=True).exclude(pk=row.recipient_id))
    notification_queue(
        recipients=recipients,
        message=Message(ALERT_KIND, {"failed": row, "case": case}, link=link),
        key=f"{ALERT_KIND}:notification={row.pk}",
        case=case,
    )


def _due(now: datetime.datetime, older_than_seconds: int = 60) -> Q:
    """Unsent, not given up, under the attempt limit, and either never tried (and older than a fresh row's
    own task needs) or past its backoff."""
    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    return Q(sent_at__isnull=True, gave_up_at__isnull=True, attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS) & (
        Q(next_attempt_at__isnull=True, created_at__lt=cutoff) | Q(next_attempt_at__lte=now)
    )


def unsent_ids(*, now: datetime.datetime | None = None, older_than_seconds: int = 60, limit: int = 500) -> list[int]:
    """The rows the outbox sweep should try now, the longest waiting first."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(_due(now, older_than_seconds))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
