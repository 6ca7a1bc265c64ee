"""Genvurdering across time: reminders before expiry, escalation, remedy period, re-assessment in one action,
change notices — and every notice exactly once, even when sweeps run twice or at the same time."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from assessments.models import Case, ChangeNotice, InformationForm
from assessments.selectors.reassessment import current_decisions
from assessments.services.information_form import form_request
from assessments.services.notify import form_deadline_sweep
from assessments.services.reassessment import (
    change_notice_handle,
    change_notice_submit,
    reassessment_open,
    reassessment_sweep,
)
from notifications.models import Notification
from notifications.services import notifications_send_due

from .helpers import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader)


def _send_queued() -> None:
    """The sweeps write rows that are rendered when they are sent: send them, to read what was said."""
    notifications_send_due(older_than_seconds=0, limit=10_000)


def _kinds(case) -> list[tuple[str, str]]:
    return sorted(
        case.notifications.filter(kind__startswith=("reassessment")).values_list("kind", "recipient__username")
    )


def test_reminders_fire_120_60_and_30_days_before_expiry_once_each_to_both_consultants(
    decision, consultant, second_consultant, supplier_user
):
    until = decision.valid_until
    case = decision.case
    for days_before in (121, 120, 119, 60, 31, 30, 30, 1):
        reassessment_sweep(today=until - datetime.timedelta(days=days_before))
    due = case.notifications.filter(kind="reassessment_due")
    assert sorted(n.dedupe_key.split(":")[0] for n in due.filter(recipient=consultant)) == [
        "reassessment_120d",
        "reassessment_30d",
        "reassessment_60d",
    ]
    assert set(due.values_list("recipient", flat=True)) == {consultant.pk, second_consultant.pk}
    assert due.filter(recipient=second_consultant).count() == 3
    assert case.notifications.filter(kind="reassessment_due_supplier", recipient=supplier_user).count() == 3


def test_the_suppliers_reminder_says_how_many_days_are_left_and_reads_differently_at_120_60_and_30_days(
    decision, supplier_user
):
    until = decision.valid_until
    for days_before in (120, 60, 30):
        reassessment_sweep(today=until - datetime.timedelta(days=days_before))
    reminders = {
        int(n.dedupe_key.split(":")[0].removeprefix("reassessment_").removesuffix("d")): n
        for n in decision.case.notifications.filter(kind="reassessment_due_supplier", recipient=supplier_user)
    }
    assert sorted(reminders) == [30, 60, 120]
    _send_queued()
    for n in reminders.values():
        n.refresh_from_db()
    for days, n in reminders.items():
        assert f"{days} dage" in n.body_text, n.body_text
        assert f"{days} dage" in n.body_html
    # Three different texts, not one text with another number in it.
    texts = {n.body_text.replace(str(days), "N") for days, n in reminders.items()}
    subjects = {n.subject for n in reminders.values()}
    assert len(texts) == 3
    assert len(subjects) == 3


def test_a_late_reminder_counts_the_days_actually_left(decision, supplier_user):
    reassessment_sweep(today=decision.valid_until - datetime.timedelta(days=45))  # the 60-day sweep was missed
    _send_queued()
    (reminder,) = decision.case.notifications.filter(kind="reassessment_due_supplier")
    assert "45 dage" in reminder.body_text


def test_no_genvurdering_reminders_while_the_decision_is_under_appeal(decision, supplier_user, consultant):
    from assessments.services.decisions import appeal_submit, appeal_uphold

    appeal_submit(decision=decision, user=supplier_user, reasons="Vi mener, at niveauet er for lavt.")
    until = decision.valid_until
    assert reassessment_sweep(today=until - datetime.timedelta(days=60)) == 0
    assert _kinds(decision.case) == []
    # The appeal is decided (upheld): the next sweep sends the reminder that is due now.
    appeal_uphold(case=decision.case, user=consultant, reasons="Afgørelsen er velbegrundet.")
    reassessment_sweep(today=until - datetime.timedelta(days=59))
    assert decision.case.notifications.filter(kind="reassessment_due_supplier", recipient=supplier_user).count() == 1


def test_no_reminders_while_another_case_on_the_same_subject_is_open(decision, consultant, second_consultant, leader):
    from assessments.services.cases import case_open

    case = decision.case
    case_open(
        user=leader,
        supplier=case.supplier,
        target_group=case.target_group,
        department=case.department,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    until = decision.valid_until
    assert reassessment_sweep(today=until - datetime.timedelta(days=30)) == 0
    assert reassessment_sweep(today=until + datetime.timedelta(days=1)) == 0
    assert _kinds(case) == []


def test_an_open_case_on_another_department_does_not_silence_the_reminders(
    decision, consultant, second_consultant, leader, supplier
):
    from assessments.services.cases import case_open

    case = decision.case
    case_open(
        user=leader,
        supplier=case.supplier,
        target_group=case.target_group,
        department=supplier.departments.get(),
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    assert reassessment_sweep(today=decision.valid_until - datetime.timedelta(days=30)) > 0


def test_an_open_case_on_the_same_department_silences_the_reminders_of_that_departments_decision(
    decision, consultant, second_consultant, leader, supplier
):
    from assessments.services.cases import case_open

    department = supplier.departments.get()
    Case.objects.filter(pk=decision.case_id).update(department=department)  # the decision was for the department
    case_open(
        user=leader,
        supplier=supplier,
        target_group=decision.case.target_group,
        department=department,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    assert reassessment_sweep(today=decision.valid_until - datetime.timedelta(days=30)) == 0


def test_the_supplier_is_told_once_when_the_decision_lapses_without_a_new_decision(decision, supplier_user):
    after = decision.valid_until + datetime.timedelta(days=1)
    reassessment_sweep(today=after)
    reassessment_sweep(today=after + datetime.timedelta(days=1))
    lapsed = decision.case.notifications.filter(kind="reassessment_lapsed_supplier")
    assert list(lapsed.values_list("recipient", flat=True)) == [supplier_user.pk]
    _send_queued()
    (notice,) = lapsed
    assert decision.valid_until.strftime("%Y") in notice.body_text


def test_a_missed_sweep_sends_only_the_nearest_reminder_late(decision, consultant):
    reassessment_sweep(today=decision.valid_until - datetime.timedelta(days=45))
    due = decision.case.notifications.filter(kind="reassessment_due", recipient=consultant)
    keys = list(due.values_list("dedupe_key", flat=True))
    assert len(keys) == 1
    assert keys[0].startswith("reassessment_60d")


def test_expiry_without_a_new_case_escalates_to_the_leader_once(decision, leader):
    after = decision.valid_until + datetime.timedelta(days=1)
    reassessment_sweep(today=after)
    reassessment_sweep(today=after + datetime.timedelta(days=1))
    expired = decision.case.notifications.filter(kind="reassessment_expired")
    assert list(expired.values_list("recipient", flat=True)) == [leader.pk]


def test_no_reminders_once_a_reassessment_is_open(decision, consultant):
    reassessment_open(previous=decision.case, user=consultant)
    assert not current_decisions().filter(pk=decision.pk).exists()
    assert reassessment_sweep(today=decision.valid_until - datetime.timedelta(days=30)) == 0


def test_reassessment_opens_in_one_action_and_reuses_the_last_answers(decision, consultant, second_consultant, leader):
    new_case = reassessment_open(previous=decision.case, user=consultant)
    assert new_case.kind == Case.Kind.SCHEDULED
    assert (new_case.primary_consultant, new_case.second_consultant, new_case.leader) == (
        consultant,
        second_consultant,
        leader,
    )
    assert new_case.supplier == decision.case.supplier
    form = form_request(case=new_case, user=consultant, deadline=timezone.localdate() + datetime.timedelta(days=14))
    assert form.reused_from == decision.case.information_form
    carried = form.answers.filter(carried_over=True)
    assert carried.count() == 7
    assert carried.get(question__key="borgere-hoejt").value == 12
    with pytest.raises(ValidationError, match="allerede"):
        reassessment_open(previous=decision.case, user=consultant)


def test_change_notice_leads_to_a_triggered_reassessment(decision, supplier_user, consultant):
    notice = change_notice_submit(
        case=decision.case, user=supplier_user, text="To sygeplejersker med specialuddannelse er stoppet."
    )
    assert decision.case.notifications.filter(kind="change_notice", recipient=consultant).exists()
    handled = change_notice_handle(
        notice=notice, user=consultant, reassess=True, reasons="Kompetencerne er centrale for højt niveau."
    )
    assert handled.outcome == ChangeNotice.Outcome.REASSESS
    assert handled.follow_up_case.kind == Case.Kind.TRIGGERED


def test_change_notice_refuses_a_cpr_number(decision, supplier_user):
    with pytest.raises(ValidationError, match="CPR"):
        change_notice_submit(case=decision.case, user=supplier_user, text="Borger 010190-1234 er flyttet.")


def test_remedy_period_end_reminds_both_parties(requested_form, supplier_user, consultant, second_consultant, leader):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    decision.remedy_until = decision.valid_from + datetime.timedelta(days=90)
    decision.save(update_fields=["remedy_until"])
    reassessment_sweep(today=decision.remedy_until - datetime.timedelta(days=30))
    reassessment_sweep(today=decision.remedy_until)
    reassessment_sweep(today=decision.remedy_until)
    remedy = decision.case.notifications.filter(kind="remedy_end")
    assert sorted(set(remedy.values_list("recipient", flat=True))) == sorted({consultant.pk, supplier_user.pk})
    assert remedy.count() == 4  # two reminders (30 days before, on the day) × two recipients


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_notice_once(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    day = decision.valid_until - datetime.timedelta(days=30)
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            reassessment_sweep(today=day)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    keys = list(Notification.objects.filter(kind__startswith="reassessment").values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == 3  # both consultants and the supplier user, once each


def test_form_deadline_reminders_across_time(requested_form, supplier_user, consultant):
    form = requested_form
    deadline = form.deadline
    with time_machine.travel(timezone.now()):
        for days_before in (8, 7, 7, 2, 1, 1):
            form_deadline_sweep(today=deadline - datetime.timedelta(days=days_before))
        form_deadline_sweep(today=deadline + datetime.timedelta(days=1))
        form_deadline_sweep(today=deadline + datetime.timedelta(days=2))
    reminders = form.case.notifications.filter(kind="form_deadline")
    assert sorted(n.dedupe_key.split(":")[0] for n in reminders) == ["form_deadline_1d", "form_deadline_7d"]
    assert form.case.notifications.filter(kind="form_overdue", recipient=consultant).count() == 1
    assert InformationForm.objects.get(pk=form.pk).status == InformationForm.Status.OPEN
