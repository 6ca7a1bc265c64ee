"""Queue and send notifications (email plus the in-app list)."""

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role, User
from core.queueing import registered_task, tasks_enqueue

from .domain import retry_delay_seconds
from .models import Notification
from .rendering import email_render

# Queued by name: notifications.tasks imports this module (imports point one way, tasks → services).
SEND_TASK = "notifications.tasks.send_notification"
SWEEP_TASK = "notifications.tasks.send_pending_notifications"


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


# ------------------------------------------------------------------ rows the sweeps write in bulk

REF = "$ref"
DATE = "$date"


def model_ref(model: type[Model], pk: int) -> dict[str, Any]:
    """An instance of `model` in a stored context, without loading it: loaded (by pk) when the row is sent."""
    return {REF: model._meta.label_lower, "pk": pk}


def _json_default(value: Any) -> Any:
    """How `json.dumps` stores what JSON has no type for: a model instance as a reference, a date as ISO."""
    if isinstance(value, Model):
        return model_ref(type(value), value.pk)
    if isinstance(value, datetime.datetime):
        raise TypeError("a stored context takes dates, not datetimes (whose time zone would be lost)")
    if isinstance(value, datetime.date):
        return {DATE: value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} in a notification's context")


def _refs(value: Any) -> Iterator[tuple[str, int]]:
    if isinstance(value, dict):
        if REF in value:
            yield value[REF], value["pk"]
        else:
            for v in value.values():
                yield from _refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _refs(v)


class MissingObject(Exception):
    """What a stored context refers to was deleted before the e-mail was sent."""


def _decode(value: Any, objects: dict[tuple[str, int], Model]) -> Any:
    if isinstance(value, dict):
        if REF in value:
            try:
                return objects[value[REF], value["pk"]]
            except KeyError:
                raise MissingObject(f"{value[REF]} {value['pk']}") from None
        if DATE in value:
            return datetime.date.fromisoformat(value[DATE])
        return {k: _decode(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, objects) for v in value]
    return value


def _render_stored(rows: Sequence[Notification]) -> dict[int, Exception]:
    """Render the rows that carry a context instead of an e-mail, and put subject and bodies on them (not
    saved). One query per model referred to (the rows' case comes with the row). A row that cannot be
    rendered is returned with its error, so the caller records it as that row's failed attempt."""
    waiting = [row for row in rows if row.context is not None and not row.subject]
    errors: dict[int, Exception] = {}
    objects: dict[tuple[str, int], Model] = {}
    for row in waiting:
        if row.case is not None:
            objects[row.case._meta.label_lower, row.case.pk] = row.case
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in waiting:
        try:
            for label, pk in _refs(row.context):
                if (label, pk) not in objects:
                    wanted[label].add(pk)
        except (KeyError, TypeError) as exc:  # a malformed context fails its row, not the batch
            errors[row.pk] = exc
    for label, pks in wanted.items():
        try:
            found = apps.get_model(label)._default_manager.in_bulk(pks)
        except (LookupError, ValueError):  # a model that no longer exists: its rows fail as MissingObject
            log.exception("notifications refer to %s, which cannot be loaded", label)
            continue
        for pk, obj in found.items():
            objects[label, pk] = obj
    with translation.override(settings.LANGUAGE_CODE):
        for row in waiting:
            if row.pk in errors:
                continue
            try:
                context = {
                    **_decode(row.context, objects),
                    "recipient": row.recipient,
                    "link": row.link,
                    "site_url": settings.SITE_URL,
                }
                email = email_render(kind=row.kind, context=context)
            except Exception as exc:  # a template or a deleted object: this row's failure, not the batch's
                errors[row.pk] = exc
                continue
            row.subject, row.body_text, row.body_html = email.subject, email.text, email.html
    return errors


@dataclass(frozen=True)
class Pending:
    """One event a sweep may have to tell about: who (the ids of active users), what, and its once-only key.

    The message's context is stored on the rows (JSON values, dates, and model instances or `model_ref`s,
    which are stored as references) and rendered when each row is sent."""

    recipient_ids: Sequence[int]
    message: Message
    key: str
    case_id: int | None = None


INSERT_EVENTS = 5000  # events per INSERT statement


def notifications_queue_new(pending: Iterable[Pending]) -> int:
    """Queue many events at once, for the sweeps: one statement per 5,000 events, whatever the number of rows.

    Each event's recipients get one row each unless a row with the event's key and the recipient exists (the
    INSERT skips it, also when another process wrote it a moment ago). Nothing is rendered now: a row keeps
    the message's context and is rendered when it is sent, so a sweep on a day with thousands of reminders
    writes rows instead of rendering thousands of e-mails. After commit, one send task per SEND_LIMIT new
    rows is queued (a broker outage leaves them to the outbox sweep).

    Once per key and recipient; safe to run twice or in two processes at once. The caller passes only active
    recipients. Returns the number of rows written now.
    """
    events = [
        {
            "case": p.case_id,
            "kind": p.message.kind,
            "key": p.key,
            "link": p.message.link,
            "context": p.message.context,
            "users": list(p.recipient_ids),
        }
        for p in pending
        if p.recipient_ids
    ]
    queued = 0
    for start in range(0, len(events), INSERT_EVENTS):
        queued += _insert_new(events[start : start + INSERT_EVENTS])
    if queued:
        calls = [(0,)] * -(-queued // SEND_LIMIT)
        transaction.on_commit(lambda: tasks_enqueue(registered_task(SWEEP_TASK), calls))
    return queued


def _insert_new(events: list[dict[str, Any]]) -> int:
    """One INSERT of a row per event and recipient, skipping the keys that have a row. Returns the rows written.

    The events travel as one JSON parameter and the rows are made in SQL (the key completed with the
    recipient exactly as `dedupe_key` does): binding every value of thousands of rows as its own parameter,
    as the ORM's bulk_create does, costs seconds of query building."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    sql = f"""
        INSERT INTO {table}
            (recipient_id, case_id, kind, dedupe_key, link, context,
             subject, body_text, body_html, last_error, attempts, created_at)
        SELECT u.id::bigint, (e->>'case')::bigint, e->>'kind', left(e->>'key' || ':user=' || u.id, 200),
               e->>'link', e->'context', '', '', '', '', 0, %s
        FROM jsonb_array_elements(%s::jsonb) AS e, jsonb_array_elements_text(e->'users') AS u(id)
        ON CONFLICT (dedupe_key) DO NOTHING
    """  # noqa: S608 (the table name is the model's; the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), json.dumps(events, default=_json_default)])
        return cursor.rowcount


# ------------------------------------------------------------------ sending

SEND_LIMIT = 500  # rows per outbox sweep
SEND_BATCH = 100  # rows per transaction of the sweep: locked, sent over one connection, marked in one UPDATE
RENDERED_FIELDS = ["subject", "body_text", "body_html"]

_SEND_RELATED = (
    "recipient",
    "case__supplier",
    "case__department__supplier",
    "case__target_group",
    "case__primary_consultant",
    "case__leader",
)


def notification_send(*, pk: int, due_only: bool = False) -> bool:
    """Send one notification by email if it has not been sent. Returns True when sent now.

    Locks the row (skipping it when another worker holds it), so two workers never send the same row.
    A row written with a context (the sweeps) is rendered first, and the rendering is stored with it.
    A failure never propagates: it is recorded on the row (attempts, last_error, last_attempt_at) and
    committed, and the row waits until `next_attempt_at` (exponential backoff). The attempt that reaches
    settings.NOTIFICATION_MAX_ATTEMPTS gives the row up and tells someone once (`_alert_gave_up`).
    With `due_only` a row whose next attempt is not due yet, or that was given up, is skipped.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = _lockable().filter(pk=pk, sent_at__isnull=True)
        if due_only:
            rows = rows.filter(_due(now))
        found = list(rows)
        if not found:
            return False
        return _send_locked(found, now) == 1


def notifications_send_due(
    *, now: datetime.datetime | None = None, older_than_seconds: int = 60, limit: int = SEND_LIMIT
) -> int:
    """The outbox sweep: send up to `limit` due rows, the longest waiting first. Returns how many were sent.

    In transactions of SEND_BATCH rows: each locks its rows (skipping rows another worker holds, so two
    sweeps at once share the work and never send a row twice), renders those written with a context (one
    query per kind of object), sends them over one mail connection and marks the sent ones in one UPDATE.
    A row that fails (refused address, broken template, deleted object) is recorded with its backoff on its
    own and the others go on; after a failure the next row gets a fresh connection.
    """
    now = now or timezone.now()
    sent = 0
    remaining = limit
    while remaining > 0:
        size = min(SEND_BATCH, remaining)
        with transaction.atomic():
            rows = list(_lockable().filter(_due(now, older_than_seconds)).order_by("created_at", "pk")[:size])
            if rows:
                sent += _send_locked(rows, now)
        remaining -= len(rows)
        if len(rows) < size:
            break
    return sent


def _lockable() -> QuerySet[Notification]:
    # of=self: the case joins are nullable, and only the notification rows need the lock.
    return Notification.objects.select_for_update(skip_locked=True, of=("self",)).select_related(*_SEND_RELATED)


def _send_locked(rows: list[Notification], now: datetime.datetime) -> int:
    """Render (where needed), send and record `rows`, which the caller's transaction has locked."""
    render_errors = _render_stored(rows)
    sent: list[Notification] = []
    failed: list[tuple[Notification, Exception]] = []
    mailer = None
    try:
        for row in rows:
            row.attempts += 1
            row.last_attempt_at = now
            if row.pk in render_errors:
                failed.append((row, render_errors[row.pk]))
                continue
            try:
                if mailer is None:
                    mailer = get_connection()
                    mailer.open()
                _deliver(row, mailer)
            except Exception as exc:  # whatever the mail server or network raises: record it, try again later
                failed.append((row, exc))
                _close(mailer)
                mailer = None
                continue
            row.sent_at = now
            row.last_error = ""
            row.next_attempt_at = None
            sent.append(row)
    finally:
        _close(mailer)
    if sent:
        _mark_sent(sent, now)
    for row, error in failed:
        try:
            with transaction.atomic():
                _record_failure(row, error, now, rendered=row.context is not None and row.pk not in render_errors)
        except Exception:  # the record of one failure must not undo the rows sent beside it
            log.exception("notification %s: its failed attempt could not be recorded", row.pk)
    return len(sent)


def _mark_sent(rows: list[Notification], now: datetime.datetime) -> None:
    """One UPDATE for the sent rows, storing what was rendered for those written with a context. Raw SQL:
    the ORM's bulk_update builds a CASE per field and row, which costs more than sending the e-mails."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    sql = f"""
        UPDATE {table} AS n
        SET sent_at = %s, last_attempt_at = %s, last_error = '', next_attempt_at = NULL, attempts = v.attempts,
            subject = COALESCE(v.subject, n.subject),
            body_text = COALESCE(v.body_text, n.body_text),
            body_html = COALESCE(v.body_html, n.body_html)
        FROM unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[], %s::text[])
            AS v(id, attempts, subject, body_text, body_html)
        WHERE n.id = v.id
    """  # noqa: S608 (the table name is the model's; the values are parameters)
    stored = [row.context is not None for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                now,
                now,
                [row.pk for row in rows],
                [row.attempts for row in rows],
                [row.subject if s else None for row, s in zip(rows, stored, strict=True)],
                [row.body_text if s else None for row, s in zip(rows, stored, strict=True)],
                [row.body_html if s else None for row, s in zip(rows, stored, strict=True)],
            ],
        )


def _close(mailer: Any) -> None:
    if mailer is not None:
        try:
            mailer.close()
        except Exception:  # a mailer that broke cannot be closed politely; it is dropped
            log.debug("mail mailer did not close cleanly", exc_info=True)


def _deliver(row: Notification, mailer: Any) -> None:
    if not row.recipient.email:
        return  # the in-app list is the only channel for this user
    email = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        to=[row.recipient.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
        connection=mailer,
    )
    if row.body_html:
        email.attach_alternative(row.body_html, "text/html")
    email.send()


def _record_failure(row: Notification, exc: Exception, now: datetime.datetime, *, rendered: bool = False) -> None:
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    fields = ["attempts", "last_attempt_at", "last_error", "next_attempt_at", "gave_up_at"]
    if rendered:
        fields += RENDERED_FIELDS
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
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
