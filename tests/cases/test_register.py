"""The register of current placements (the placement search): who may search it, what it shows, and the remedy
period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Case, Decision
from assessments.selectors.placements import search_placements
from assessments.services.information_form import answer_confirm, form_request
from assessments.services.placements import rebuild_placements
from assessments.services.reassessment import reassessment_open

from .. import factories
from .helpers import decide


def register_entries(*, today, **filters):
    return list(search_placements(today=today, **filters))


pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader)


def test_staff_and_municipalities_can_search_the_register(client_for, decision):
    # One decision (the expensive part) for every role.
    for role in ("myndighed", "consultant", "leader", "fagadmin"):
        response = client_for(role).get(reverse("register"))
        assert response.status_code == 200, role
        assert decision.case.supplier.name in response.content.decode(), role


def test_suppliers_and_anonymous_cannot_open_the_register(client_for, decision):
    assert client_for(None).get(reverse("register")).status_code == 302
    assert client_for("supplier_user").get(reverse("register")).status_code == 403


def test_filters_by_level_and_target_group(client_for, decision):
    client = client_for("myndighed")
    tg = decision.case.target_group
    assert (
        decision.case.supplier.name
        in client.get(reverse("register"), {"level": 3, "target_group": tg.pk}).content.decode()
    )
    assert decision.case.supplier.name not in client.get(reverse("register"), {"level": 2}).content.decode()


def test_remedy_period_keeps_the_previous_higher_level_until_it_ends(
    decision, supplier_user, consultant, second_consultant, leader
):
    new_case = reassessment_open(previous=decision.case, user=consultant)
    form = form_request(case=new_case, user=consultant, deadline=timezone.localdate() + datetime.timedelta(days=14))
    for answer in form.answers.filter(carried_over=True):
        answer_confirm(form=form, question=answer.question, user=supplier_user)
    lower = decide(form, supplier_user, consultant, second_consultant, leader, levels=[2] * 8, remedy_months=3)
    assert lower.level == 2

    during = register_entries(today=timezone.localdate())
    assert [(e.effective_level, e.pending_level, e.pending_from) for e in during] == [(3, 2, lower.remedy_until)]
    after = register_entries(today=lower.remedy_until + datetime.timedelta(days=1))
    assert [(e.effective_level, e.pending_level) for e in after] == [(2, None)]


# --- the register in SQL: one row per subject, the level filter on the effective level, flat query count ----


def decided_copy(case, *, level=3, department=True, previous=None, remedy_until=None, days_ago=10):
    """A decided case on the fixture case's supplier and target group (a department of its own unless told; a
    re-assessment of `previous` on its department), with one decision in force today, written directly."""
    today = timezone.localdate()
    copy = Case.objects.create(
        reference=f"R-{Case.objects.count() + 1}",
        supplier=case.supplier,
        # a re-assessment is of its previous case's subject
        department=previous.department
        if previous
        else (factories.DepartmentFactory(supplier=case.supplier) if department else None),
        target_group=case.target_group,
        socialtilsyn=case.socialtilsyn,
        description=case.description,
        guide=case.guide,
        form_template=case.form_template,
        rule=case.rule,
        primary_consultant=case.primary_consultant,
        second_consultant=case.second_consultant,
        leader=case.leader,
        opened_by=case.leader,
        previous_case=previous,
        state="afgjort",
    )
    Decision.objects.create(
        case=copy,
        level=level,
        explanation="x",
        rule=case.rule,
        parameters={},
        valid_from=today - datetime.timedelta(days=days_ago),
        valid_until=today + datetime.timedelta(days=365),
        remedy_until=remedy_until,
        decided_by=case.leader,
    )
    rebuild_placements()  # written directly, not by the services that keep the placements
    return copy


def test_one_row_per_subject_the_newest_decision_wins(case):
    older = decided_copy(case, department=False, level=1, days_ago=40)
    Decision.objects.filter(case=older).update(decided_at=timezone.now() - datetime.timedelta(days=40))
    newer = decided_copy(case, department=False, level=2)
    assert [(e.case, e.effective_level) for e in register_entries(today=timezone.localdate())] == [(newer, 2)]
    assert older != newer


def test_level_filter_uses_the_effective_level_during_the_remedy_period(case):
    previous = decided_copy(case, level=3)
    remedy_until = timezone.localdate() + datetime.timedelta(days=30)
    lowered = decided_copy(case, level=1, previous=previous, remedy_until=remedy_until)
    today = timezone.localdate()
    assert [e.case for e in register_entries(today=today, level=3)] == [lowered]
    assert register_entries(today=today, level=1) == []  # the effective level applies
    after = register_entries(today=remedy_until, level=1)
    assert [(e.case, e.effective_level, e.pending_level) for e in after] == [(lowered, 1, None)]


# session, user, the filter's target groups and socialtilsyn (they also label the rows), the count, the page (one
# table: effective level, names)
REGISTER_QUERIES = 6


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize(
    "filters", [{}, {"level": 3, "socialtilsyn": "", "matrikelloes": "nej", "q": "Bosted"}], ids=["all", "filtered"]
)
def test_register_query_count_is_pinned_at_two_sizes(case, client_for, n, filters, django_assert_num_queries):
    for i in range(n):
        previous = decided_copy(case, level=3)
        if i % 3 == 0:  # a re-assessment in its remedy period: the previous level still applies
            decided_copy(case, level=2, previous=previous, remedy_until=timezone.localdate() + datetime.timedelta(30))
    client = client_for("myndighed")
    # a text adds one query: does the full text find anything (else names are compared by similarity)
    with django_assert_num_queries(REGISTER_QUERIES + (1 if filters.get("q") else 0)):
        response = client.get(reverse("register"), {**filters, "target_group": case.target_group.pk})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == n
    assert {e.effective_level for e in page.object_list} == {3}
