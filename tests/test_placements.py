# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The current-placement table stays equal to a recomputation from the decisions after every kind of write.

`reference_placements()` recomputes the rows from scratch with the ORM (the newest version of the subject's newest
decided case: a decision under re-assessment still applies until the new one is made), independently of the SQL
the services and the migration use.
"""

import datetime

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assessments.domain.workflow import DECIDED_STATES, Action
from assessments.models import CurrentPlacement, Decision
from assessments.models.cases import state_values
from assessments.selectors.placements import search_placements
from assessments.services import decisions, review
from assessments.services.cases import case_transition
from assessments.services.information_form import answer_confirm, form_request
from assessments.services.placements import rebuild_placements, refresh_placement
from assessments.services.reassessment import reassessment_open

from . import factories
from .cases.conftest import (  # noqa: F401 (fixtures)
    case,
    published_form_template,
    requested_form,
    second_consultant,
)
from .cases.helpers import decide

pytestmark = pytest.mark.django_db

FIELDS = (
    "decision_id",
    "case_id",
    "supplier_id",
    "department_id",
    "target_group_id",
    "socialtilsyn_id",
    "level",
    "remedy_level",
    "valid_from",
    "valid_until",
    "remedy_until",
    "age_band",
    "municipality_code",
    "ownership",
    "matrikelloes",
    "supplier_name",
    "cvr",
    "supplier_address",
    "department_name",
    "department_address",
)


def _address(street: str, postcode: str, city: str) -> str:
    return ", ".join(part for part in (street, f"{postcode} {city}".strip()) if part)


def reference_placements() -> dict[tuple, dict]:
    """Every current placement recomputed from the decisions, keyed by subject."""
    newest: dict[tuple, Decision] = {}
    newer_version = Decision.objects.filter(case=OuterRef("case"), version__gt=OuterRef("version"))
    rows = (
        Decision.objects.filter(case__state__in=state_values(DECIDED_STATES))
        .exclude(Exists(newer_version))
        .select_related("case__supplier", "case__department", "case__target_group")
    )
    for decision in rows.order_by("decided_at", "pk"):
        case = decision.case
        newest[(case.supplier_id, case.department_id, case.target_group_id)] = decision
    expected = {}
    for subject, decision in newest.items():
        case = decision.case
        supplier, department = case.supplier, case.department
        previous = Decision.objects.filter(case__follow_ups=case).order_by("-version").first()
        previous_level = previous.level if previous else None
        higher = previous_level is not None and decision.remedy_until is not None and previous_level > decision.level
        expected[subject] = {
            "decision_id": decision.pk,
            "case_id": case.pk,
            "supplier_id": supplier.pk,
            "department_id": case.department_id,
            "target_group_id": case.target_group_id,
            "socialtilsyn_id": case.socialtilsyn_id,
            "level": decision.level,
            "remedy_level": previous_level if higher else None,
            "valid_from": decision.valid_from,
            "valid_until": decision.valid_until,
            "remedy_until": decision.remedy_until,
            "age_band": case.target_group.age_band,
            "municipality_code": supplier.municipality_code,
            "ownership": supplier.ownership,
            "matrikelloes": department.is_matrikelloes if department else supplier.kind == "matrikelloest",
            "supplier_name": supplier.name,
            "cvr": supplier.cvr,
            "supplier_address": _address(supplier.street, supplier.postcode, supplier.city),
            "department_name": department.name if department else "",
            "department_address": _address(department.street, department.postcode, department.city)
            if department
            else "",
        }
    return expected


def table() -> dict[tuple, dict]:
    return {
        (row["supplier_id"], row["department_id"], row["target_group_id"]): row
        for row in CurrentPlacement.objects.values(*FIELDS)
    }


def assert_table_is_recomputation():
    assert table() == reference_placements()


@pytest.fixture
def decided(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader)


def _reassess(previous_case, supplier_user, consultant):
    new_case = reassessment_open(previous=previous_case, user=consultant)
    form = form_request(case=new_case, user=consultant, deadline=timezone.localdate() + datetime.timedelta(days=14))
    for answer in form.answers.filter(carried_over=True):
        answer_confirm(form=form, question=answer.question, user=supplier_user)
    return form


def test_a_decision_made_adds_its_placement(decided):
    assert_table_is_recomputation()
    row = CurrentPlacement.objects.get()
    assert (row.decision, row.level, row.remedy_level) == (decided, 3, None)


def test_a_decision_under_reassessment_stays_the_placement_until_a_new_one_is_made(decided, consultant, leader):
    follow_up = reassessment_open(previous=decided.case, user=consultant)
    assert_table_is_recomputation()
    assert CurrentPlacement.objects.get().decision == decided
    assert search_placements(today=timezone.localdate()).get().decision_id == decided.pk
    case_transition(case=follow_up, action=Action.CANCEL, user=leader, note="Ikke nødvendig alligevel.")
    assert_table_is_recomputation()
    assert CurrentPlacement.objects.get().decision == decided


def test_a_lower_level_after_reassessment_keeps_the_previous_level_during_the_remedy_period(
    decided, supplier_user, consultant, second_consultant, leader
):
    form = _reassess(decided.case, supplier_user, consultant)
    lower = decide(form, supplier_user, consultant, second_consultant, leader, levels=[2] * 8, remedy_months=3)
    assert_table_is_recomputation()
    row = CurrentPlacement.objects.get()
    assert (row.decision, row.level, row.remedy_level, row.remedy_until) == (lower, 2, 3, lower.remedy_until)
    today = timezone.localdate()
    during = search_placements(today=today).get()
    assert (during.effective_level, during.pending_level, during.pending_from) == (3, 2, lower.remedy_until)
    after = search_placements(today=lower.remedy_until).get()
    assert (after.effective_level, after.pending_level, after.pending_from) == (2, None, None)
    # The level filter is on the level that applies that day.
    assert search_placements(today=today, level=3).count() == 1
    assert search_placements(today=today, level=2).count() == 0
    assert search_placements(today=lower.remedy_until, level=2).count() == 1


def test_an_appeal_taken_up_again_removes_the_placement_until_the_new_version(
    decided, supplier_user, consultant, second_consultant, leader
):
    case = decided.case
    decisions.appeal_submit(decision=decided, user=supplier_user, reasons="Vi mener, metoderne er på højt niveau.")
    assert_table_is_recomputation()
    assert CurrentPlacement.objects.get().decision == decided
    decisions.appeal_reconsider(case=case, user=consultant, reasons="Metoderne skal vurderes igen.")
    assert_table_is_recomputation()
    assert not CurrentPlacement.objects.exists()
    review.reconciliation_confirm(case=case, user=consultant)
    review.reconciliation_confirm(case=case, user=second_consultant)
    decisions.signoff_approve(case=case, user=leader)
    decisions.hearing_comment_add(case=case, user=supplier_user, text="Ingen bemærkninger.")
    second = decisions.decision_make(case=case, user=consultant)
    assert second.version == 2
    assert_table_is_recomputation()
    assert CurrentPlacement.objects.get().decision == second


def test_supplier_and_department_changes_are_copied_by_the_database(decided, consultant):
    supplier = decided.case.supplier
    supplier.name = "Bostedet Solsikken"
    supplier.street, supplier.postcode, supplier.city = "Havnegade 4", "8000", "Aarhus C"
    supplier.ownership = "privat"
    supplier.save()
    assert_table_is_recomputation()
    assert search_placements(today=timezone.localdate(), text="solsikke").count() == 1
    assert search_placements(today=timezone.localdate(), text="havnegade").count() == 1
    department = factories.DepartmentFactory(supplier=supplier, name="Afdeling Nord")
    CurrentPlacement.objects.update(department=department)  # pretend the placement is the department's
    department.name, department.street = "Afdeling Syd", "Skovvej 1"
    department.no_fixed_residence = department.delivered_locally = True
    department.legal_basis_sel = department.developing_aim = True
    department.save()
    row = CurrentPlacement.objects.get()
    assert (row.department_name, row.department_address, row.matrikelloes) == (
        "Afdeling Syd",
        _address("Skovvej 1", department.postcode, department.city),
        True,
    )


def test_rebuild_and_refresh_agree_with_the_recomputation(decided):
    CurrentPlacement.objects.all().delete()
    assert rebuild_placements() == 1
    assert_table_is_recomputation()
    CurrentPlacement.objects.all().delete()
    case = decided.case
    refresh_placement(
        supplier_id=case.supplier_id, department_id=case.department_id, target_group_id=case.target_group_id
    )
    assert_table_is_recomputation()
