"""Rules that hold whoever calls: one open case per subject (a database constraint and a service rule) and one
appeal per decision version (a service rule the supplier's page shows in Danish, and a constraint)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Appeal, Case
from assessments.services.cases import case_open
from assessments.services.decisions import appeal_reconsider, appeal_submit, appeal_uphold
from assessments.services.reassessment import reassessment_open

from .review_states import to_appeal, to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db


def copy_of(case: Case, **overrides) -> Case:
    """A second case row on the fixture case's subject, written past the services (as a raw insert would be)."""
    fields = {
        f.attname: getattr(case, f.attname)
        for f in Case._meta.concrete_fields
        if f.name not in ("id", "reference", "opened_at", "state_changed_at")
    }
    return Case.objects.create(**{**fields, "reference": f"{case.reference}-X", **overrides})


def violates(operation) -> bool:
    try:
        with transaction.atomic():
            operation()
    except IntegrityError:
        return True
    return False


# --- the database constraint --------------------------------------------------------------------------------


def test_the_database_refuses_a_second_open_case_on_the_whole_supplier(case):
    assert case.department_id is None
    assert violates(lambda: copy_of(case))


def test_the_database_refuses_a_second_open_case_on_the_same_department(case, supplier):
    department = supplier.departments.get()
    Case.objects.filter(pk=case.pk).update(department=department)
    case.refresh_from_db()
    assert violates(lambda: copy_of(case))


def test_a_department_and_the_whole_supplier_are_different_subjects(case, supplier):
    assert not violates(lambda: copy_of(case, department_id=supplier.departments.get().pk))


@pytest.mark.parametrize("closed", ["afgjort", "klage", "annulleret"])
def test_closed_cases_do_not_hold_the_subject(case, closed):
    Case.objects.filter(pk=case.pk).update(state=closed)
    assert not violates(lambda: copy_of(case))
    assert not violates(lambda: copy_of(case, reference="ANDEN", state=closed))


# --- the service rule ---------------------------------------------------------------------------------------


def test_opening_a_second_case_on_the_subject_is_refused_next_to_the_target_group(
    case, supplier, target_group, consultant, second_consultant, leader
):
    with pytest.raises(ValidationError) as caught:
        case_open(
            user=consultant,
            supplier=supplier,
            target_group=target_group,
            primary_consultant=consultant,
            second_consultant=second_consultant,
            leader=leader,
        )
    assert caught.value.message_dict == {
        "target_group": [f"Der er allerede en åben sag ({case.reference}) om samme leverandør og målgruppe."]
    }
    assert Case.objects.count() == 1


def test_taking_up_an_appeal_again_is_refused_while_its_reassessment_is_open(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_appeal(
        to_decided(
            to_hearing(to_signoff(requested_form, supplier_user, consultant, second_consultant), leader),
            consultant,
            supplier_user,
        ),
        supplier_user,
    )
    follow_up = reassessment_open(previous=case, user=consultant)
    with pytest.raises(ValidationError) as caught:
        appeal_reconsider(case=case, user=consultant, reasons="Metoderne skal vurderes igen.")
    assert caught.value.messages == [
        f"Sagen kan ikke åbnes igen, fordi {follow_up.reference} om samme leverandør og målgruppe er åben."
    ]
    case.refresh_from_db()
    assert case.state == "klage"
    assert Appeal.objects.get(decision__case=case).outcome == Appeal.Outcome.PENDING


# --- one appeal per decision version ------------------------------------------------------------------------


@pytest.fixture
def appealed(requested_form, supplier_user, consultant, second_consultant, leader):
    case = to_decided(
        to_hearing(to_signoff(requested_form, supplier_user, consultant, second_consultant), leader),
        consultant,
        supplier_user,
    )
    return to_appeal(case, supplier_user)


def test_an_upheld_appeal_cannot_be_appealed_again_by_the_service(appealed, consultant, supplier_user):
    appeal_uphold(case=appealed, user=consultant, reasons="Vurderingen står ved magt.")
    with pytest.raises(ValidationError) as caught:
        appeal_submit(decision=appealed.decisions.get(), user=supplier_user, reasons="Vi klager igen.")
    assert "sendt klagen videre til Ankestyrelsen" in caught.value.messages[0]
    appealed.refresh_from_db()
    assert appealed.state == "afgjort"
    assert Appeal.objects.filter(decision__case=appealed).count() == 1


def test_a_pending_appeal_cannot_be_followed_by_a_second(appealed, supplier_user):
    with pytest.raises(ValidationError) as caught:
        appeal_submit(decision=appealed.decisions.get(), user=supplier_user, reasons="Og en klage mere.")
    assert caught.value.messages == ["I har allerede klaget over afgørelsen. Socialtilsynet behandler klagen."]
    assert Appeal.objects.filter(decision__case=appealed).count() == 1


def test_an_upheld_appeal_posted_again_shows_the_danish_refusal_and_stores_nothing(
    client, appealed, consultant, supplier_user
):
    appeal_uphold(case=appealed, user=consultant, reasons="Vurderingen står ved magt.")
    client.force_login(supplier_user)
    response = client.post(
        reverse("assessments:supplier_appeal", args=[appealed.pk]), {"klage-reasons": "Vi klager igen."}, follow=True
    )
    assert response.status_code == 200
    assert "I har allerede klaget over afgørelsen." in response.content.decode()
    assert Appeal.objects.filter(decision__case=appealed).count() == 1
    appealed.refresh_from_db()
    assert appealed.state == "afgjort"


def test_the_database_refuses_a_second_appeal_of_one_decision_version(appealed, supplier_user):
    decision = appealed.decisions.get()
    assert violates(lambda: Appeal.objects.create(decision=decision, reasons="Igen.", submitted_by=supplier_user))
