"""The case overview joins the pages: each state shows each case role the links to the pages it acts on."""

import pytest
from django.urls import reverse

from .filling import fill_and_submit
from .helpers import judge, to_judging
from .review_states import LEVELS, to_appeal, to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db


def html_of(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def detail(case) -> str:
    return reverse("assessments:case_detail", args=[case.pk])


def href(name, case, *args) -> str:
    return f'"{reverse(f"assessments:{name}", args=[case.pk, *args])}"'


def test_created_case_offers_request_and_cancel_to_the_primary_only(client, case, consultant, second_consultant):
    html = html_of(client, consultant, detail(case))
    assert href("form_request", case) in html
    assert ">Anmod om oplysninger<" in html
    assert href("case_cancel", case) in html
    assert ">Annullér sagen<" in html
    html = html_of(client, second_consultant, detail(case))
    assert href("form_request", case) not in html
    assert href("case_cancel", case) not in html


def test_submitted_information_offers_accept_and_supplement(client, requested_form, supplier_user, second_consultant):
    fill_and_submit(requested_form, supplier_user)
    case = requested_form.case
    html = html_of(client, second_consultant, detail(case))
    assert f"action={href('form_accept', case)}" in html
    assert ">Godkend oplysningerne<" in html
    assert href("form_supplement", case) in html
    assert ">Bed om supplering<" in html


def test_judging_offers_each_consultant_their_judgement(
    client, requested_form, supplier_user, consultant, leader, second_consultant
):
    case = to_judging(requested_form, supplier_user, consultant)
    for user in (consultant, second_consultant):
        html = html_of(client, user, detail(case))
        assert href("judgement", case) in html
        assert ">Din vurdering<" in html
    assert ">Din vurdering<" not in html_of(client, leader, detail(case))


def test_reconciliation_then_signoff_then_hearing(
    client, requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, LEVELS)
    judge(case, second_consultant, LEVELS)
    html = html_of(client, consultant, detail(case))
    assert href("reconciliation", case) in html
    assert ">Gå til afstemning<" in html
    case.refresh_from_db()
    from assessments.services import review as j

    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    html = html_of(client, leader, detail(case))
    assert href("signoff", case) in html
    assert ">Gå til godkendelse<" in html
    assert ">Gå til godkendelse<" not in html_of(client, consultant, detail(case))
    to_hearing(case, leader)
    html = html_of(client, consultant, detail(case))
    assert href("decision_make", case) in html
    assert ">Træf afgørelse<" in html
    assert href("hearing", case) in html
    assert ">Se partshøringen<" in html
    html = html_of(client, leader, detail(case))
    assert ">Træf afgørelse<" not in html
    assert ">Se partshøringen<" in html


def test_decided_case_links_decision_pdf_reassessment_and_expiry(
    client, requested_form, supplier_user, consultant, second_consultant, leader
):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    case = to_decided(to_hearing(case, leader), consultant, supplier_user)
    decision = case.decisions.get()
    html = html_of(client, consultant, detail(case))
    assert href("decision_pdf", case, 1) in html
    assert href("reassessment_open", case) in html
    assert ">Åbn genvurdering<" in html
    assert "Afgørelsen udløber" in html
    assert href("decision_make", case) in html
    assert ">Se afgørelsen<" in html
    assert str(decision.valid_until.year) in html
    # the supplier's page: documents, aktindsigt and a change notice
    html = html_of(client, supplier_user, reverse("assessments:supplier_case", args=[case.pk]))
    assert href("decision_pdf", case, 1) in html
    assert href("submission_pdf", case, 1) in html
    assert href("case_file_export", case) in html
    assert "Aktindsigt: hent sagens akter" in html
    assert href("change_notice", case) in html
    assert ">Anmeld en ændring<" in html
    assert href("form_fill", case) in html


def test_appeal_offers_handling_to_staff(client, requested_form, supplier_user, consultant, second_consultant, leader):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    case = to_appeal(to_decided(to_hearing(case, leader), consultant, supplier_user), supplier_user)
    for user in (consultant, leader):
        html = html_of(client, user, detail(case))
        assert href("appeal", case) in html
        assert ">Behandl klagen<" in html


def test_the_case_navigation_shows_only_pages_the_user_may_open(
    client, requested_form, supplier_user, consultant, leader
):
    case = to_judging(requested_form, supplier_user, consultant)
    html = html_of(client, consultant, reverse("assessments:form_review", args=[case.pk]))
    assert 'class="case-nav' in html
    for name in ("case_detail", "judgement", "interview_notes", "case_history", "case_file_export"):
        assert href(name, case) in html
    assert href("signoff", case) not in html
    html = html_of(client, leader, detail(case))
    assert href("judgement", case) not in html  # the leader has no judgement of their own


def test_the_suppliers_case_list_links_to_its_case_page(client, requested_form, supplier_user):
    html = html_of(client, supplier_user, reverse("assessments:case_list"))
    assert href("supplier_case", requested_form.case) in html
    assert href("form_fill", requested_form.case) in html
