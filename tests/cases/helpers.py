"""Walk a case through the workflow with the real services (for tests that need a case in a later state)."""

from django.urls import resolve

from assessments.domain.workflow import Action
from assessments.services import decisions, review
from assessments.services.cases import case_transition
from assessments.services.exports import case_export_render
from assessments.services.information_form import form_accept
from targetgroups.domain.model import SUPPLIER_PARAMETERS

from .filling import fill, fill_and_submit

__all__ = ["close_for_follow_up", "decide", "fetch_export", "fill", "fill_and_submit", "judge", "to_judging"]


def judge(case, user, levels: list[int], reason: str = "Begrundet i skemaets svar."):
    judgement = review.judgement_start(case=case, user=user)
    for parameter, level in zip(SUPPLIER_PARAMETERS, levels, strict=True):
        review.parameter_judgement_save(
            judgement=judgement, parameter=parameter.value, user=user, level=level, reasons=reason
        )
    return review.judgement_submit(judgement=judgement, user=user)


def to_judging(requested_form, supplier_user, consultant):
    fill_and_submit(requested_form, supplier_user)
    form_accept(form=requested_form, user=consultant)
    return requested_form.case


def decide(requested_form, supplier_user, consultant, second_consultant, leader, levels=None, remedy_months=None):
    """Drive a requested form all the way to a decision (hearing answered by the supplier). Returns the Decision."""
    case = to_judging(requested_form, supplier_user, consultant)
    levels = levels or [3, 3, 3, 3, 3, 3, 3, 2]
    judge(case, consultant, levels)
    judge(case, second_consultant, levels)
    review.reconciliation_accept_agreed(case=case, user=consultant)
    review.reconciliation_confirm(case=case, user=consultant)
    review.reconciliation_confirm(case=case, user=second_consultant)
    decisions.signoff_approve(case=case, user=leader)
    decisions.hearing_comment_add(case=case, user=supplier_user, text="Ingen bemærkninger.")
    return decisions.decision_make(case=case, user=consultant, remedy_months=remedy_months)


def close_for_follow_up(case):
    """Cancel an open case through the workflow, so its subject may get a new case (one open case per subject).

    For tests about a later case on the same supplier and target group that do not need the earlier one decided.
    """
    case_transition(case=case, action=Action.CANCEL, user=case.leader, note="Afløses af en ny sag (test).")
    return case


def fetch_export(client, url: str):
    """Ask for an export the way the browser does (a page that waits), render it as the worker would, and
    return the download response. For tests of what an export holds; tests/cases/test_exports*.py cover
    the waiting page and the real worker."""
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    export_pk = resolve(response["Location"]).kwargs["export_pk"]
    case_export_render(pk=export_pk)
    page = client.get(response["Location"])
    assert page.status_code == 200, page.content.decode()[:500]
    return client.get(page.context["state"]["download_url"])
