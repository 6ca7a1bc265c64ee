"""Bring a case to sign-off, partshøring, a decision or an appeal through the real services (for view tests)."""

import datetime

from django.utils import timezone

from assessments.models import Case
from assessments.services import decisions as d
from assessments.services import review as j

from .helpers import judge, to_judging

H, M, L = 3, 2, 1
LEVELS = [H, H, H, H, H, H, H, M]  # 7 at højt, 1 at moderat → højt


def to_signoff(requested_form, supplier_user, consultant, second_consultant, levels=LEVELS) -> Case:
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, levels, reason="Begrundet i skemaets svar om personale og metoder.")
    judge(case, second_consultant, levels, reason="Begrundet i skemaets svar om personale og metoder.")
    case.refresh_from_db()
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    case.refresh_from_db()
    assert case.state == "til_godkendelse"
    return case


def to_hearing(case: Case, leader, days: int = 14) -> Case:
    d.signoff_approve(case=case, user=leader, hearing_days=days)
    case.refresh_from_db()
    return case


def to_decided(case: Case, consultant, supplier_user) -> Case:
    d.hearing_comment_add(case=case, user=supplier_user, text="Vi er enige i udkastet.")
    d.decision_make(case=case, user=consultant)
    case.refresh_from_db()
    return case


def to_appeal(case: Case, supplier_user) -> Case:
    d.appeal_submit(decision=case.decisions.get(), user=supplier_user, reasons="Vi mener, metoderne er på højt niveau.")
    case.refresh_from_db()
    return case


def after(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)
