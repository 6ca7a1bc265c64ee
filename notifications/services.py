"""Queue and send notifications (email plus the in-app list)."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What to say: the templates under templates/notifications/<kind>.{txt,html} get `context`."""

    kind: str
    context: dict
    link: str = ""


def notification_queue(*, recipients: Iterable, message: Message, key: str, case=None) -> list[Notification]:
    """Write one notification per recipient unless one with the same key exists; send after commit.

    The key is completed with the recipient, so `key` names the event ("form_deadline_7d:form=3:2026-12-01").
    Returns the rows that are new. Safe to call twice, or from two processes at once.
    """
    rows = []
    for recipient in recipients:
        if not recipient.is_active:
            continue
        context = {**message.context, "recipient": recipient, "link": message.link, "site_url": settings.SITE_URL}
        subject = render_to_string(f"notifications/{message.kind}.subject.txt", context).strip()
        rows.append(
            Notification(
                recipient=recipient,
                case=case,
                kind=message.kind,
                dedupe_key=f"{key}:user={recipient.pk}"[:200],
                subject=subject[:200],
                body_text=render_to_string(f"notifications/{message.kind}.txt", context),
                body_html=render_to_string(f"notifications/{message.kind}.html", context),
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
        from .tasks import send_notification

        ids = [n.pk for n in new]

        def enqueue_all() -> None:
            for pk in ids:
                _enqueue(send_notification, pk)

        transaction.on_commit(enqueue_all)
    return new


def _enqueue(task, pk: int) -> None:
    # A broker outage must not fail the user's request: the row waits and the sweep sends it later.
    try:
        task.delay(pk)
    except Exception:  # any broker error means "later"
        log.warning("could not queue notification %s; the outbox sweep will send it", pk, exc_info=True)


def notification_send(*, pk: int) -> bool:
    """Send one notification by email if it has not been sent. Returns True when sent now.

    Locks the row (skipping it when another worker holds it), so two workers never send the same row.
    """
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        row.attempts += 1
        if row.recipient.email:
            email = EmailMultiAlternatives(
                subject=row.subject,
                body=row.body_text,
                to=[row.recipient.email],
                from_email=settings.DEFAULT_FROM_EMAIL,
            )
            if row.body_html:
                email.attach_alternative(row.body_html, "text/html")
            email.send()
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at", "attempts"])
    return True


def unsent_ids(*, older_than_seconds: int = 60, limit: int = 500) -> list[int]:
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff, attempts__lt=10)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
