"""Two people pressing at the same moment end in exactly one valid state.

Real threads, each with its own PostgreSQL connection, start together at a barrier; each race is run several
times in a loop, so a service that reads a count, state or outcome without locking the case row first would
lose at least one of the rounds.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Appeal, Case, ChangeNotice, Judgement, ReconciledParameter
from assessments.services.cases import case_open
from assessments.services.decisions import appeal_submit, appeal_uphold
from assessments.services.reassessment import change_notice_handle, change_notice_submit
from assessments.services.review import (
    judgement_start,
    judgement_submit,
    parameter_judgement_save,
    reconciliation_accept_agreed,
)
from targetgroups.domain.model import SUPPLIER_PARAMETERS

from .helpers import decide, judge, to_judging

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 6


def race(*calls: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run the calls in threads that start together; each result is ("ok", value) or ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", call())
        except Exception as exc:  # collected and asserted by the test
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def errors_of(results) -> list[Exception]:
    return [value for outcome, value in results if outcome == "error"]


# --- both judgements submitted at once ----------------------------------------------------------------------


def test_two_consultants_submitting_at_the_same_moment_always_move_the_case_to_reconciliation(
    requested_form, supplier_user, consultant, second_consultant
):
    case = to_judging(requested_form, supplier_user, consultant)
    judgements = []
    for user in (consultant, second_consultant):
        judgement = judgement_start(case=case, user=user)
        for parameter in SUPPLIER_PARAMETERS:
            parameter_judgement_save(judgement=judgement, parameter=parameter.value, user=user, level=2, reasons="x")
        judgements.append(judgement)
    for _round in range(ROUNDS):
        Judgement.objects.filter(case=case).update(submitted_at=None)
        Case.objects.filter(pk=case.pk).update(state="vurdering")
        results = race(
            lambda: judgement_submit(judgement=judgements[0], user=consultant),
            lambda: judgement_submit(judgement=judgements[1], user=second_consultant),
        )
        assert errors_of(results) == []
        assert Judgement.objects.filter(case=case, submitted_at__isnull=False).count() == 2
        assert Case.objects.get(pk=case.pk).state == "afstemning", f"stuck in vurdering in round {_round + 1}"


def test_both_consultants_taking_over_the_agreed_parameters_at_once_take_each_over_once(
    requested_form, supplier_user, consultant, second_consultant
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [3] * 8)
    judge(case, second_consultant, [3] * 7 + [2])
    for _round in range(ROUNDS):
        ReconciledParameter.objects.filter(case=case).delete()
        results = race(
            lambda: reconciliation_accept_agreed(case=case, user=consultant),
            lambda: reconciliation_accept_agreed(case=case, user=second_consultant),
        )
        assert errors_of(results) == [], f"round {_round + 1}"
        assert sorted(len(value) for _outcome, value in results) == [0, 7]
        assert ReconciledParameter.objects.filter(case=case).count() == 7


# --- one change notice handled twice at once ----------------------------------------------------------------


def test_one_change_notice_handled_twice_at_once_opens_one_reassessment(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    case = decision.case
    for _round in range(ROUNDS):
        notice = change_notice_submit(case=case, user=supplier_user, text=f"Nøglepersoner er stoppet ({_round}).")
        results = race(
            lambda n=notice: change_notice_handle(notice=n, user=consultant, reassess=True, reasons="Vigtigt."),
            lambda n=notice: change_notice_handle(notice=n, user=leader, reassess=True, reasons="Vigtigt."),
        )
        follow_ups = Case.objects.filter(previous_case=case).exclude(state="annulleret")
        assert follow_ups.count() == 1, f"round {_round + 1}: {results}"
        (refused,) = errors_of(results)
        assert isinstance(refused, ValidationError)
        assert refused.messages == ["Anmeldelsen er allerede behandlet."]
        notice.refresh_from_db()
        assert notice.outcome == ChangeNotice.Outcome.REASSESS
        assert notice.follow_up_case == follow_ups.get()
        # Start the next round from a decided case without an open follow-up.
        follow_ups.update(state="annulleret")


# --- two cases opened at once on the same subject -----------------------------------------------------------


@pytest.mark.parametrize("with_department", [False, True], ids=["whole-supplier", "department"])
def test_opening_two_cases_at_once_on_the_same_subject_gives_one_open_case(
    case, supplier, target_group, consultant, second_consultant, leader, with_department
):
    department = supplier.departments.get() if with_department else None
    # The fixture case holds the whole supplier open; cancel it so each round starts with no open case.
    Case.objects.filter(pk=case.pk).update(state="annulleret")

    def opening():
        return case_open(
            user=leader,
            supplier=supplier,
            department=department,
            target_group=target_group,
            primary_consultant=consultant,
            second_consultant=second_consultant,
            leader=leader,
        )

    for _round in range(ROUNDS):
        results = race(opening, opening)
        open_cases = Case.objects.filter(supplier=supplier, department=department, target_group=target_group).exclude(
            state__in=["afgjort", "annulleret", "klage"]
        )
        assert open_cases.count() == 1, f"round {_round + 1}: {results}"
        (refused,) = errors_of(results)
        assert isinstance(refused, ValidationError)
        assert refused.message_dict == {
            "target_group": [
                f"Der er allerede en åben sag ({open_cases.get().reference}) om samme leverandør og målgruppe."
            ]
        }
        open_cases.update(state="annulleret")


def wait_for_a_lock_waiter(timeout: float = 20) -> None:
    """Return once some session of this database is blocked on a lock (so the race is where we want it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                "WHERE NOT l.granted AND d.datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("nobody waited for a lock")


def open_past_the_check(opening: Callable[[], Any], contend: Callable[[], Any]) -> Any:
    """The worst timing for the service's check: the contender looks before the holder's new case is committed.

    The holder opens a case and keeps its transaction open; the contender then checks (sees no open case) and
    queues behind the holder; the holder commits; what the contender ends with is returned.
    """
    opened, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def holder() -> None:
        try:
            with transaction.atomic():
                outcome["holder"] = opening()
                opened.set()
                release.wait(30)
        finally:
            connection.close()

    def contender() -> None:
        opened.wait(30)
        try:
            outcome["contender"] = contend()
        except Exception as exc:  # asserted by the test
            outcome["contender"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=contender)]
    for thread in threads:
        thread.start()
    try:
        wait_for_a_lock_waiter()
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)
    return outcome["contender"]


@pytest.fixture
def free_subject(case, supplier, target_group, consultant, second_consultant, leader):
    """case_open on the fixture case's subject, after the fixture case is cancelled."""
    Case.objects.filter(pk=case.pk).update(state="annulleret")
    return lambda: case_open(
        user=leader,
        supplier=supplier,
        target_group=target_group,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )


def test_a_case_opened_past_the_check_is_refused_by_the_database_with_the_same_clear_error(free_subject):
    refused = open_past_the_check(free_subject, free_subject)
    assert isinstance(refused, ValidationError), refused
    (opened,) = Case.objects.exclude(state="annulleret")
    assert refused.message_dict == {
        "target_group": [f"Der er allerede en åben sag ({opened.reference}) om samme leverandør og målgruppe."]
    }


def test_the_case_form_shows_the_databases_refusal_next_to_the_target_group_not_a_500(
    free_subject, supplier, target_group, consultant, second_consultant, leader
):
    client = Client(raise_request_exception=False)
    client.force_login(consultant)
    data = {
        "supplier": supplier.pk,
        "department": "",
        "target_group": target_group.pk,
        "primary_consultant": consultant.pk,
        "second_consultant": second_consultant.pk,
        "leader": leader.pk,
        "mode": Case.Mode.DOUBLE_BLIND,
    }
    response = open_past_the_check(free_subject, lambda: client.post(reverse("assessments:case_create"), data))
    assert response.status_code == 200
    (opened,) = Case.objects.exclude(state="annulleret")
    assert response.context["form"].errors["target_group"] == [
        f"Der er allerede en åben sag ({opened.reference}) om samme leverandør og målgruppe."
    ]


# --- an appeal upheld while the supplier appeals again ------------------------------------------------------


def test_a_second_appeal_racing_the_upholding_of_the_first_is_refused(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    decision = decide(requested_form, supplier_user, consultant, second_consultant, leader)
    case = decision.case
    for _round in range(ROUNDS):
        Appeal.objects.filter(decision=decision).delete()
        Case.objects.filter(pk=case.pk).update(state="klage", state_changed_at=timezone.now())
        Appeal.objects.create(decision=decision, reasons="Vi er uenige.", submitted_by=supplier_user)
        results = race(
            lambda: appeal_uphold(case=case, user=consultant, reasons="Afgørelsen er velbegrundet."),
            lambda: appeal_submit(decision=decision, user=supplier_user, reasons="Vi klager igen."),
        )
        assert Appeal.objects.filter(decision=decision).count() == 1, f"round {_round + 1}: {results}"
        assert Appeal.objects.get(decision=decision).outcome == Appeal.Outcome.UPHELD
        assert Case.objects.get(pk=case.pk).state == "afgjort"
        (refused,) = errors_of(results)
        assert isinstance(refused, ValidationError | PermissionDenied)
