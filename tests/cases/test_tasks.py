"""'Venter på dig': tasks_for(user) per role as a case moves through the workflow, and the dashboards show it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import InformationForm
from assessments.selectors.tasks import Kind, tasks_for
from assessments.services import decisions as d
from assessments.services import review as j
from assessments.services.reassessment import change_notice_submit

from .. import factories
from .helpers import fill_and_submit, judge, to_judging

pytestmark = pytest.mark.django_db

H, M = 3, 2


def kinds(user, case=None) -> list[str]:
    return [t.kind for t in tasks_for(user) if case is None or t.case.pk == case.pk]


def _to_signoff(case, consultant, second_consultant):
    judge(case, consultant, [H] * 8)
    judge(case, second_consultant, [H] * 8)
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)


def test_opened_case_waits_for_the_primary_consultant_to_request_information(
    case, consultant, second_consultant, leader, supplier_user
):
    [task] = tasks_for(consultant)
    assert task.kind == Kind.REQUEST
    assert task.url == reverse("assessments:form_request", args=[case.pk])
    assert task.case == case
    assert task.due is None
    assert tasks_for(second_consultant) == []
    assert tasks_for(leader) == []
    assert tasks_for(supplier_user) == []


def test_requested_form_is_the_suppliers_task_with_the_deadline(requested_form, supplier_user, consultant):
    [task] = tasks_for(supplier_user)
    assert task.kind == Kind.FORM
    assert task.due == requested_form.deadline
    assert task.url == reverse("assessments:form_fill", args=[requested_form.case.pk])
    assert not task.overdue
    assert tasks_for(consultant) == []


def test_overdue_form_becomes_a_task_for_the_primary_consultant(requested_form, supplier_user, consultant):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    InformationForm.objects.filter(pk=requested_form.pk).update(deadline=yesterday)
    [task] = tasks_for(consultant)
    assert task.kind == Kind.OVERDUE
    assert task.overdue
    [supplier_task] = tasks_for(supplier_user)
    assert supplier_task.overdue


def test_submitted_form_waits_for_both_consultants_then_a_supplement_goes_back_to_the_supplier(
    requested_form, supplier_user, consultant, second_consultant
):
    fill_and_submit(requested_form, supplier_user)
    assert kinds(consultant) == [Kind.REVIEW_FORM]
    assert kinds(second_consultant) == [Kind.REVIEW_FORM]
    assert tasks_for(supplier_user) == []
    assert tasks_for(consultant)[0].since == timezone.localdate()


def test_each_consultant_judges_until_their_own_is_submitted(
    requested_form, supplier_user, consultant, second_consultant
):
    case = to_judging(requested_form, supplier_user, consultant)
    assert kinds(consultant) == [Kind.JUDGE]
    assert kinds(second_consultant) == [Kind.JUDGE]
    judge(case, consultant, [H] * 8)
    assert kinds(consultant) == []
    assert kinds(second_consultant) == [Kind.JUDGE]


def test_reconciliation_waits_for_whoever_has_not_confirmed(
    requested_form, supplier_user, consultant, second_consultant
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [H] * 8)
    judge(case, second_consultant, [H] * 8)
    assert kinds(consultant) == [Kind.RECONCILE]
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    assert kinds(consultant) == []
    assert kinds(second_consultant) == [Kind.RECONCILE]


def test_signoff_is_the_case_leaders_task_only(
    requested_form, supplier_user, consultant, second_consultant, leader, tilsyn
):
    case = to_judging(requested_form, supplier_user, consultant)
    _to_signoff(case, consultant, second_consultant)
    [task] = tasks_for(leader)
    assert task.kind == Kind.SIGNOFF
    assert task.url == reverse("assessments:signoff", args=[case.pk])
    assert tasks_for(factories.LeaderFactory(username="leder2", socialtilsyn=tilsyn)) == []
    assert kinds(consultant) == []
    # Returned: back to the consultants.
    d.signoff_return(case=case, user=leader, comment="Uddyb metoderne.", parameter_comments={})
    assert kinds(consultant) == [Kind.RECONCILE]
    assert tasks_for(leader) == []


def test_hearing_is_the_suppliers_task_and_ready_to_decide_after_a_comment(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    _to_signoff(case, consultant, second_consultant)
    hearing = d.signoff_approve(case=case, user=leader)
    [task] = tasks_for(supplier_user)
    assert task.kind == Kind.HEARING
    assert task.due == hearing.deadline
    assert kinds(consultant) == []  # waiting for the supplier
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige.")
    assert kinds(consultant) == [Kind.DECIDE]
    assert kinds(second_consultant) == [Kind.DECIDE]


def test_hearing_is_ready_to_decide_when_the_deadline_has_passed(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    _to_signoff(case, consultant, second_consultant)
    hearing = d.signoff_approve(case=case, user=leader)
    with time_machine.travel(hearing.deadline + datetime.timedelta(days=1)):
        assert kinds(consultant) == [Kind.DECIDE]
        assert tasks_for(supplier_user) == []


def test_decision_appeal_period_then_appeal_then_expiry(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    _to_signoff(case, consultant, second_consultant)
    d.signoff_approve(case=case, user=leader)
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige.")
    decision = d.decision_make(case=case, user=consultant)
    [task] = tasks_for(supplier_user)
    assert task.kind == Kind.APPEAL_PERIOD
    assert task.due == d.appeal_deadline(decision)
    assert kinds(consultant) == []

    with time_machine.travel(d.appeal_deadline(decision) + datetime.timedelta(days=1)):
        assert tasks_for(supplier_user) == []
    with time_machine.travel(decision.valid_until + datetime.timedelta(days=1)):
        assert kinds(leader) == [Kind.EXPIRED]

    d.appeal_submit(decision=decision, user=supplier_user, reasons="Vi mener, metoderne er højt specialiserede.")
    assert tasks_for(supplier_user) == []
    assert kinds(consultant) == [Kind.APPEAL]
    assert kinds(second_consultant) == [Kind.APPEAL]


def test_change_notice_waits_for_the_consultants_and_the_leader(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    _to_signoff(case, consultant, second_consultant)
    d.signoff_approve(case=case, user=leader)
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige.")
    d.decision_make(case=case, user=consultant)
    change_notice_submit(case=case, user=supplier_user, text="Vores faglige leder er stoppet.")
    assert Kind.CHANGE_NOTICE in kinds(consultant)
    assert Kind.CHANGE_NOTICE in kinds(leader)


def test_other_tilsyn_and_other_supplier_see_nothing(
    requested_form, other_supplier_user, other_leader, other_consultant
):
    assert tasks_for(other_supplier_user) == []
    assert tasks_for(other_leader) == []
    assert tasks_for(other_consultant) == []


def test_tasks_are_sorted_by_due_date_first(
    requested_form, case, supplier, target_group, consultant, second_consultant, leader
):
    from assessments.services.cases import case_open

    second_case = case_open(
        user=leader,
        supplier=supplier,
        department=supplier.departments.get(),  # one open case per subject: the fixture case holds the supplier
        target_group=target_group,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    InformationForm.objects.filter(pk=requested_form.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    tasks = tasks_for(consultant)
    assert [t.kind for t in tasks] == [Kind.OVERDUE, Kind.REQUEST]
    assert tasks[1].case == second_case


def test_query_count_is_flat(
    requested_form, supplier, target_group, consultant, second_consultant, leader, django_assert_max_num_queries
):
    from assessments.services.cases import case_open

    with django_assert_max_num_queries(8):
        tasks_for(consultant)
    for department in factories.DepartmentFactory.create_batch(5, supplier=supplier):
        case_open(
            user=leader,
            supplier=supplier,
            department=department,  # one open case per subject
            target_group=target_group,
            primary_consultant=consultant,
            second_consultant=second_consultant,
            leader=leader,
        )
    with django_assert_max_num_queries(8):
        assert len(tasks_for(consultant)) == 5


@pytest.mark.parametrize("who", ["consultant", "leader", "supplier_user", "fagadmin", "myndighed"])
def test_every_dashboard_shows_the_task_list(case, client_for, who):
    body = client_for(who).get(reverse("core:dashboard")).content.decode()
    assert "Venter på dig" in body


def test_consultant_dashboard_links_to_the_task(case, client_for):
    body = client_for("consultant").get(reverse("core:dashboard")).content.decode()
    assert "Anmod om oplysninger" in body
    assert reverse("assessments:form_request", args=[case.pk]) in body


@pytest.mark.parametrize("who", ["consultant", "supplier_user"])
def test_task_card_names_the_target_group_with_its_age_band(requested_form, case, client_for, who):
    if who == "consultant":
        # The consultant's task at this point: the requested form is overdue.
        InformationForm.objects.filter(pk=requested_form.pk).update(
            deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
    body = client_for(who).get(reverse("core:dashboard")).content.decode()
    task_list = body.split('id="tasks-heading"', 1)[1].split("</section>", 1)[0]
    assert "task__meta" in task_list
    assert "Autisme – voksne" in task_list


def test_leader_dashboard_offers_to_open_a_case_when_the_leader_has_open_cases(case, client_for):
    body = client_for("leader").get(reverse("core:dashboard")).content.decode()
    assert "Du har 1 åben sag." in body
    assert f'href="{reverse("assessments:case_create")}"' in body


@pytest.mark.parametrize("who", ["leader", "consultant"])
def test_staff_dashboard_without_cases_offers_to_open_a_case_once(client_for, who):
    body = client_for(who).get(reverse("core:dashboard")).content.decode()
    assert body.count(f'href="{reverse("assessments:case_create")}"') == 1
