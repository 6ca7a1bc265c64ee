"""The whole two-person loop through the services: judgements, reconciliation, sign-off, hearing, decision, appeal."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Case, Decision
from assessments.selectors import review as sr
from assessments.services import decisions as d
from assessments.services import review as j
from audit.models import AuditEntry

from .helpers import judge, to_judging

pytestmark = pytest.mark.django_db

H, M, L = 3, 2, 1


def test_full_loop_from_judgements_to_changed_decision_after_appeal(
    requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    assert case.state == "vurdering"

    judge(case, consultant, [H, H, H, H, H, H, H, M])
    first = case.judgements.get(author=consultant)
    # Blind: the second consultant cannot see the first judgement before submitting their own.
    assert not sr.judgement_visible_to(second_consultant, first)
    assert not sr.judgement_visible_to(leader, first)
    assert sr.judgements_visible_to(second_consultant, case) == []
    judge(case, second_consultant, [H, H, H, H, H, H, M, M])
    case.refresh_from_db()
    assert case.state == "afstemning"
    assert sr.judgement_visible_to(second_consultant, first)

    created = j.reconciliation_accept_agreed(case=case, user=consultant)
    assert [rp.parameter for rp in created] == [
        "aktiv_praksis",
        "praksiserfaring",
        "uddannelse",
        "fagmiljoe",
        "samarbejdsformer",
        "vidensudvikling",
        "hjaelpemidler",
    ]
    assert sr.case_placement(case) is None
    j.reconciliation_resolve(
        case=case, parameter="metoder", level=H, reasons="Metoderne er dokumenteret.", user=second_consultant
    )
    placement = sr.case_placement(case)
    assert placement.explanation == "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret"

    j.reconciliation_confirm(case=case, user=consultant)
    case.refresh_from_db()
    assert case.state == "afstemning"
    j.reconciliation_confirm(case=case, user=second_consultant)
    case.refresh_from_db()
    assert case.state == "til_godkendelse"

    # The leader returns it; reconciliation reopens on a new round, and both must confirm again.
    d.signoff_return(case=case, user=leader, comment="", parameter_comments={"metoder": "Uddyb begrundelsen."})
    case.refresh_from_db()
    assert case.state == "returneret"
    d.reconciliation_resume(case=case, user=consultant)
    j.reconciliation_resolve(
        case=case,
        parameter="metoder",
        level=H,
        reasons="Metoderne er dokumenteret i skemaets svar og ved interviewet.",
        user=consultant,
    )
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    case.refresh_from_db()
    assert case.state == "til_godkendelse"

    hearing = d.signoff_approve(case=case, user=leader)
    case.refresh_from_db()
    assert case.state == "partshoering"
    assert hearing.draft["placement"]["level"] == H
    with pytest.raises(ValidationError, match="Høringsfristen"):
        d.decision_make(case=case, user=consultant)
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige i udkastet.")
    decision = d.decision_make(case=case, user=consultant)
    assert decision.level == H
    assert decision.valid_until.year == decision.valid_from.year + 3
    assert "bemærkning" in decision.hearing_summary

    d.appeal_submit(
        decision=decision, user=supplier_user, reasons="Vi mener, vi er højt specialiserede på alle parametre."
    )
    d.appeal_reconsider(case=case, user=consultant, reasons="Klagen giver anledning til at se på hjælpemidler igen.")
    case.refresh_from_db()
    assert case.state == "afstemning"
    j.reconciliation_resolve(
        case=case, parameter="hjaelpemidler", level=H, reasons="Nye oplysninger om hjælpemidler.", user=consultant
    )
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    d.signoff_approve(case=case, user=leader)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        second = d.decision_make(case=case, user=consultant)
    assert second.version == 2
    assert Decision.objects.filter(case=case).count() == 2
    assert "8 af 8" in second.explanation
    actions = list(AuditEntry.objects.filter(case=case).values_list("action", flat=True))
    assert "transition:appeal" in actions
    assert actions.count("decision_make") == 2


def test_leader_cannot_be_a_consultant_on_the_same_case(case, consultant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(leader=consultant)


def test_only_the_assigned_leader_signs_off(requested_form, supplier_user, consultant, second_consultant, leader):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, [M] * 8)
    judge(case, second_consultant, [M] * 8)
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    with pytest.raises(PermissionDenied):
        d.signoff_approve(case=case, user=consultant)
    hearing = d.signoff_approve(case=case, user=leader)
    assert hearing.draft["placement"]["explanation"].endswith("moderat specialiseret")
