"""The notification outbox never jams: a refused address records its failure and waits its turn (exponential
backoff) while every other e-mail goes out; after the configured number of attempts it is given up and
someone is told once. Plain-text parts and subjects are not HTML-escaped."""

import datetime
import logging
import threading

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from assessments.models import InformationForm
from notifications.models import Notification
from notifications.services import (
    Message,
    Pending,
    model_ref,
    notification_queue,
    notifications_queue_new,
    notifications_send_due,
    unsent_ids,
)
from notifications.tasks import send_pending_notifications
from tests import factories
from tests.brokers import broker_unreachable
from tests.mail_backends import FAILING_ADDRESS

from .helpers import decide

pytestmark = pytest.mark.django_db

BACKEND = "tests.mail_backends.RefusesOneAddressBackend"


@pytest.fixture
def refusing_backend(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600
    return settings


def _queue(recipients, key: str, case=None) -> list[Notification]:
    # These tests are about the sweep: the rows' own tasks must not reach a real worker that an earlier test
    # of this session left running (it would send them with its own mail backend), so the broker is down.
    with broker_unreachable():
        rows = notification_queue(
            recipients=recipients,
            message=Message("case_assigned", {"case": case}) if case else Message("form_overdue", {"case": None}),
            key=key,
            case=case,
        )
    # Old enough for the sweep (a fresh row has its own task on the way).
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    return rows


def _sweep_at(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_pending_notifications()


@pytest.fixture
def bad_user(tilsyn):
    return factories.ConsultantFactory(username="afvist", email=FAILING_ADDRESS, socialtilsyn=tilsyn)


def test_a_refused_address_records_its_failure_and_the_other_emails_are_sent(
    refusing_backend, case, bad_user, consultant, leader
):
    mail.outbox.clear()
    (bad,) = _queue([bad_user], "test-bad", case)  # the oldest row, so the sweep meets it first
    good = _queue([consultant, leader], "test-good", case)

    now = timezone.now()
    _sweep_at(now)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([consultant.email, leader.email])
    assert all(Notification.objects.get(pk=n.pk).sent_at is not None for n in good)
    bad.refresh_from_db()
    assert bad.sent_at is None
    assert bad.attempts == 1
    assert "550 mailbox unavailable" in bad.last_error
    assert bad.last_attempt_at == now
    assert bad.next_attempt_at == now + datetime.timedelta(seconds=60)


def test_a_failed_row_waits_for_its_backoff_and_each_wait_doubles(refusing_backend, case, bad_user):
    (bad,) = _queue([bad_user], "test-bad", case)
    start = timezone.now()
    _sweep_at(start)
    _sweep_at(start + datetime.timedelta(seconds=59))  # not due yet: no attempt
    bad.refresh_from_db()
    assert bad.attempts == 1
    assert bad.pk not in unsent_ids(now=start + datetime.timedelta(seconds=59))

    second = start + datetime.timedelta(seconds=61)
    _sweep_at(second)
    bad.refresh_from_db()
    assert bad.attempts == 2
    assert bad.next_attempt_at == second + datetime.timedelta(seconds=120)


def test_a_row_is_given_up_after_the_configured_attempts_and_the_primary_consultant_is_told_once(
    refusing_backend, case, bad_user, consultant, caplog
):
    (bad,) = _queue([bad_user], "test-bad", case)
    moment = timezone.now()
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        for _ in range(6):  # more sweeps than attempts: the given-up row is left alone
            _sweep_at(moment)
            moment += datetime.timedelta(hours=2)

    bad.refresh_from_db()
    assert bad.attempts == 3
    assert bad.gave_up_at is not None
    assert bad.sent_at is None
    assert bad.pk not in unsent_ids(now=moment)
    alerts = Notification.objects.filter(kind="notification_failed")
    assert list(alerts.values_list("recipient", flat=True)) == [consultant.pk]
    (alert,) = alerts
    assert alert.case == case
    assert bad_user.email in alert.body_text
    assert [r for r in caplog.records if r.levelno == logging.ERROR and str(bad.pk) in r.getMessage()]


def test_without_a_case_the_fagadministrators_are_told_and_a_failed_alert_is_never_alerted_about(
    refusing_backend, bad_user, db
):
    # The only fagadmin's address is refused too: the alert about the alert must not start a loop.
    admin = factories.FagadminFactory(username="fagadmin-afvist", email=FAILING_ADDRESS)
    factories.FagadminFactory(username="fagadmin-inaktiv", is_active=False)
    _queue([bad_user], "test-no-case")
    moment = timezone.now()
    for _ in range(12):
        _sweep_at(moment)
        moment += datetime.timedelta(hours=2)

    alerts = Notification.objects.filter(kind="notification_failed")
    assert list(alerts.values_list("recipient", flat=True)) == [admin.pk]
    assert alerts.get().gave_up_at is not None
    assert Notification.objects.count() == 2


def test_when_the_primary_consultant_is_the_refused_address_the_leader_is_told(
    refusing_backend, case, consultant, leader
):
    consultant.email = FAILING_ADDRESS
    consultant.save()
    _queue([consultant], "test-primary", case)
    moment = timezone.now()
    for _ in range(4):
        _sweep_at(moment)
        moment += datetime.timedelta(hours=2)
    alerts = Notification.objects.filter(kind="notification_failed")
    # One alert per given-up row (the case_assigned mail to the consultant failed as well), all to the leader.
    given_up = Notification.objects.filter(recipient=consultant, gave_up_at__isnull=False)
    assert given_up.count() == 2
    assert list(alerts.values_list("recipient", flat=True)) == [leader.pk, leader.pk]


def test_when_the_primary_consultant_has_left_the_leader_is_told(refusing_backend, case, bad_user, consultant, leader):
    consultant.is_active = False
    consultant.save()
    _queue([bad_user], "test-left", case)
    moment = timezone.now()
    for _ in range(4):
        _sweep_at(moment)
        moment += datetime.timedelta(hours=2)
    alerts = Notification.objects.filter(kind="notification_failed")
    assert list(alerts.values_list("recipient", flat=True)) == [leader.pk]


# --- plain-text parts -----------------------------------------------------------------------------------------

AWKWARD_NAME = 'Bostedet & Co <Nord> "Aaen"'


def test_plain_text_parts_and_subjects_show_names_as_written_and_the_html_part_escapes_them(
    supplier, requested_form, supplier_user, consultant, second_consultant, leader
):
    supplier.name = AWKWARD_NAME
    supplier.save()
    # Walks the case to a decision: case_assigned (name in the subject), form, judgements, hearing, decision…
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    from assessments.models import Case

    # case_assigned was written before the rename; queue it again for the awkward name.
    case = Case.objects.get(pk=decision.case_id)
    notification_queue(
        recipients=[consultant], message=Message("case_assigned", {"case": case}), key="test-renamed", case=case
    )

    rows = list(Notification.objects.filter(case=case))
    named = [n for n in rows if AWKWARD_NAME in n.body_text]
    assert len(named) >= 5, [n.kind for n in rows]
    assert any(AWKWARD_NAME in n.subject for n in rows)
    for n in rows:
        for escaped in ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;"):
            assert escaped not in n.body_text, (n.kind, n.body_text)
            assert escaped not in n.subject, (n.kind, n.subject)
    # The HTML part still escapes, as HTML must.
    assert all("Bostedet &amp; Co &lt;Nord&gt; &quot;Aaen&quot;" in n.body_html for n in named if n.body_html)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_email_once_and_count_one_failed_attempt(
    refusing_backend, case, bad_user, consultant, leader
):
    from django.db import connection

    mail.outbox.clear()
    (bad,) = _queue([bad_user], "test-bad", case)
    _queue([consultant, leader], "test-good", case)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            send_pending_notifications()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # Each good row once (case_open's own notices are too fresh for the sweep).
    assert sorted(m.to[0] for m in mail.outbox) == sorted([consultant.email, leader.email])
    assert not Notification.objects.filter(dedupe_key__startswith="test-good", sent_at__isnull=True).exists()
    bad.refresh_from_db()
    assert bad.attempts == 1  # the second sweep found it locked or not due again


# --- rows the sweeps write in bulk: rendered when sent, in batches ---------------------------------------------


def _queue_bulk(requested_form, recipients, count: int, *, form_pk: int | None = None) -> int:
    """`count` rows as a sweep writes them (context, no rendering), old enough for the outbox sweep."""
    case = requested_form.case
    context = {"case": case, "form": model_ref(InformationForm, form_pk) if form_pk else requested_form}
    pending = [
        Pending(
            [r.pk for r in recipients], Message("form_overdue", context, link="/sag/"), f"bulk-{form_pk}-{n}", case.pk
        )
        for n in range(count)
    ]
    with broker_unreachable():
        queued = notifications_queue_new(pending)
    Notification.objects.filter(dedupe_key__startswith="bulk-").update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    return queued


# select the batch of due rows, the forms referred to, the UPDATE of the sent rows, the batch's savepoint (2)
SEND_BATCH_QUERIES = 5


@pytest.mark.parametrize("count", [5, 50])
def test_rows_written_by_a_sweep_are_rendered_when_sent_in_a_fixed_number_of_queries(
    requested_form, consultant, count, django_assert_num_queries
):
    supplier = requested_form.case.supplier
    supplier.name = AWKWARD_NAME
    supplier.save()
    assert _queue_bulk(requested_form, [consultant], count) == count
    rows = Notification.objects.filter(dedupe_key__startswith="bulk-")
    assert set(rows.values_list("subject", flat=True)) == {""}  # nothing rendered when queued
    mail.outbox.clear()

    with django_assert_num_queries(SEND_BATCH_QUERIES):
        assert notifications_send_due(now=timezone.now(), limit=100) == count

    assert len(mail.outbox) == count
    for row in rows:
        assert row.sent_at is not None
        assert row.attempts == 1
        # What was sent is stored on the row, rendered as any other e-mail: names as written in the text
        # and the subject, escaped in the HTML part.
        assert AWKWARD_NAME in row.subject
        assert AWKWARD_NAME in row.body_text
        assert "Bostedet &amp; Co &lt;Nord&gt;" in row.body_html
        assert requested_form.deadline.strftime("%Y") in row.body_text
    message = next(m for m in mail.outbox if m.subject == rows[0].subject)
    assert message.body == rows[0].body_text
    assert message.alternatives[0][0] == rows[0].body_html


def test_a_sweep_row_that_cannot_be_rendered_records_its_failure_and_the_others_are_sent(
    refusing_backend, requested_form, consultant, leader
):
    _queue_bulk(requested_form, [consultant], 1, form_pk=999_999)  # the form was deleted before sending
    _queue_bulk(requested_form, [consultant, leader], 1)
    # a reference to a model that no longer exists (an app removed since the row was written)
    gone = Message("form_overdue", {"form": {"$ref": "nope.gone", "pk": 1}})
    with broker_unreachable():
        notifications_queue_new([Pending([consultant.pk], gone, "gone", requested_form.case_id)])
    Notification.objects.filter(dedupe_key__startswith="gone").update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    mail.outbox.clear()
    now = timezone.now()
    assert notifications_send_due(now=now) == 2
    assert Notification.objects.get(dedupe_key__startswith="gone").last_error.startswith("MissingObject")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([consultant.email, leader.email])
    broken = Notification.objects.get(dedupe_key__startswith="bulk-999999")
    assert broken.sent_at is None
    assert broken.attempts == 1
    assert broken.last_error.startswith("MissingObject")
    assert broken.next_attempt_at == now + datetime.timedelta(seconds=60)


def test_the_outbox_sweep_sends_in_batches_until_its_limit(requested_form, consultant, monkeypatch):
    from notifications import services

    monkeypatch.setattr(services, "SEND_BATCH", 7)
    _queue_bulk(requested_form, [consultant], 20)
    mail.outbox.clear()
    assert notifications_send_due(limit=15) == 15
    assert notifications_send_due(limit=15) == 5
    assert len(mail.outbox) == 20
    assert not Notification.objects.filter(dedupe_key__startswith="bulk-", sent_at__isnull=True).exists()


def test_a_sweep_queues_one_send_task_per_500_new_rows_after_commit(
    requested_form, consultant, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications import services

    queued: list[tuple[str, list]] = []
    monkeypatch.setattr(services, "tasks_enqueue", lambda task, calls: queued.append((task.name, list(calls))))
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue_bulk(requested_form, [consultant], 501) == 501
    assert queued == [(services.SWEEP_TASK, [(0,), (0,)])]  # sent at once, not after the sweep's minute
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue_bulk(requested_form, [consultant], 501) == 0  # every key has its row: nothing new
    assert queued == []
