"""The register of current placements: who may search it, what it shows, and the remedy period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.selectors.register import register_entries
from assessments.services.information_form import answer_confirm, form_request
from assessments.services.reassessment import reassessment_open

from .helpers import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader)


@pytest.mark.parametrize("role", ["myndighed", "consultant", "leader", "fagadmin"])
def test_staff_and_municipalities_can_search_the_register(client_for, role, decision):
    response = client_for(role).get(reverse("register"))
    assert response.status_code == 200
    assert decision.case.supplier.name in response.content.decode()


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
