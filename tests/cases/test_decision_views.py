"""The staff's pages from sign-off to appeal: who may see them, and what each button does to the case."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import Appeal, Case, Decision, Hearing, SignOff
from assessments.selectors.decisions import result_snapshot
from assessments.services import review as j

from .. import factories
from .review_states import H, L, M, after, to_appeal, to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db

CPR = "Borgeren med CPR 010190-1234 har store behov."


@pytest.fixture
def signoff_case(requested_form, supplier_user, consultant, second_consultant):
    return to_signoff(requested_form, supplier_user, consultant, second_consultant)


@pytest.fixture
def hearing_case(signoff_case, leader):
    return to_hearing(signoff_case, leader)


@pytest.fixture
def decided_case(hearing_case, consultant, supplier_user):
    return to_decided(hearing_case, consultant, supplier_user)


@pytest.fixture
def appeal_case(decided_case, supplier_user):
    return to_appeal(decided_case, supplier_user)


@pytest.fixture
def same_tilsyn_leader(tilsyn):
    """A leader of the same socialtilsyn who is not the case's leader."""
    return factories.LeaderFactory(username="leder2", socialtilsyn=tilsyn)


def state(case: Case) -> str:
    return Case.objects.values_list("state", flat=True).get(pk=case.pk)


def get_as(client, user, name: str, case: Case):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"assessments:{name}", args=[case.pk]))


# --- permissions --------------------------------------------------------------------------------------------

VISITORS = [
    "consultant",
    "second_consultant",
    "leader",
    "same_tilsyn_leader",
    "other_leader",
    "other_consultant",
    "supplier_user",
    "other_supplier_user",
    "fagadmin",
]
PAGES = {
    # page: (the fixture with the case in the right state, who gets 200)
    "signoff": ("signoff_case", {"leader"}),
    "hearing": ("hearing_case", {"consultant", "second_consultant", "leader"}),
    "decision_make": ("hearing_case", {"consultant", "second_consultant", "leader"}),
    "appeal": ("appeal_case", {"consultant", "second_consultant", "leader"}),
}


# One test per case state (the flow up to it is the expensive part), every visitor and page checked in it; the
# assertion lists every mismatch at once, as a parametrised test would. Anonymous visitors go to the login page.
@pytest.mark.parametrize("fixture", sorted({fixture for fixture, _allowed in PAGES.values()}))
def test_staff_pages_answer_200_to_the_case_staff_404_to_everyone_else_and_send_anonymous_to_login(
    request, client, fixture
):
    case = request.getfixturevalue(fixture)
    pages = {page: allowed for page, (page_fixture, allowed) in PAGES.items() if page_fixture == fixture}
    assert pages
    got, expected = {}, {}
    for page, allowed in pages.items():
        for visitor in VISITORS:
            got[(page, visitor)] = get_as(client, request.getfixturevalue(visitor), page, case).status_code
            expected[(page, visitor)] = 200 if visitor in allowed else 404
    assert got == expected
    client.logout()
    for page in pages:
        response = get_as(client, None, page, case)
        assert response.status_code == 302, page
        assert reverse("accounts:login") in response.url, page


def test_revise_is_post_only_and_for_the_case_consultants(client, hearing_case, leader, supplier_user):
    url = reverse("assessments:hearing_revise", args=[hearing_case.pk])
    client.force_login(leader)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404
    client.force_login(supplier_user)
    assert client.post(url).status_code == 404
    assert state(hearing_case) == "partshoering"


# --- sign-off -----------------------------------------------------------------------------------------------


def test_signoff_shows_the_result_with_reasons_and_who_confirmed_it(client, signoff_case, leader):
    response = get_as(client, leader, "signoff", signoff_case)
    html = response.content.decode()
    assert signoff_case.primary_consultant.get_full_name() in html
    assert signoff_case.second_consultant.get_full_name() in html
    assert html.count("bekræftede resultatet") == 2
    assert html.count("Begrundet i skemaets svar om personale og metoder.") == 8
    assert "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret" in html
    assert "Godkend og send i partshøring" in html
    assert "Returnér til konsulenterne" in html


def test_approving_opens_the_hearing_with_the_chosen_period(client, signoff_case, leader):
    client.force_login(leader)
    response = client.post(
        reverse("assessments:signoff", args=[signoff_case.pk]),
        {"action": "approve", "godkend-hearing_days": "21", "godkend-comment": "Fint afstemt."},
    )
    assert response.status_code == 302
    assert response.url == reverse("assessments:hearing", args=[signoff_case.pk])
    assert state(signoff_case) == "partshoering"
    hearing = Hearing.objects.get(case=signoff_case)
    assert hearing.deadline == timezone.localdate() + datetime.timedelta(days=21)
    assert SignOff.objects.get(case=signoff_case).approved


def test_the_hearing_period_defaults_to_the_setting(client, signoff_case, leader, settings):
    settings.HEARING_DEFAULT_DAYS = 10
    html = get_as(client, leader, "signoff", signoff_case).content.decode()
    assert 'name="godkend-hearing_days" value="10"' in html


def test_an_invalid_hearing_period_is_refused_and_the_comment_kept(client, signoff_case, leader):
    client.force_login(leader)
    response = client.post(
        reverse("assessments:signoff", args=[signoff_case.pk]),
        {"action": "approve", "godkend-hearing_days": "0", "godkend-comment": "Min kommentar"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Høringsperioden skal være mindst 1 dag." in html
    assert "Min kommentar" in html
    assert state(signoff_case) == "til_godkendelse"


def test_returning_without_any_comment_is_refused_next_to_the_field(client, signoff_case, leader):
    client.force_login(leader)
    response = client.post(reverse("assessments:signoff", args=[signoff_case.pk]), {"action": "return"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv en samlet kommentar eller en kommentar til mindst én parameter" in html
    assert 'id="returner-comment-error"' in html or "form-error" in html
    assert state(signoff_case) == "til_godkendelse"


def test_returning_with_a_parameter_comment_reopens_reconciliation(client, signoff_case, leader):
    client.force_login(leader)
    response = client.post(
        reverse("assessments:signoff", args=[signoff_case.pk]),
        {"action": "return", "returner-comment": "", "returner-p_metoder": "Uddyb metoderne."},
    )
    assert response.status_code == 302
    assert state(signoff_case) == "returneret"
    signoff = SignOff.objects.get(case=signoff_case)
    assert not signoff.approved
    assert signoff.parameter_comments == {"metoder": "Uddyb metoderne."}


def test_a_cpr_number_in_a_parameter_comment_is_refused_at_that_field_and_input_kept(client, signoff_case, leader):
    client.force_login(leader)
    response = client.post(
        reverse("assessments:signoff", args=[signoff_case.pk]),
        {"action": "return", "returner-comment": "Se på fagmiljøet.", "returner-p_fagmiljoe": CPR},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "CPR" in html
    assert 'id="div_id_returner-p_fagmiljoe" class="form-group form-error' in html
    assert CPR in html
    assert "Se på fagmiljøet." in html
    assert state(signoff_case) == "til_godkendelse"


def test_signoff_page_outside_til_godkendelse_has_no_forms(client, hearing_case, leader):
    html = get_as(client, leader, "signoff", hearing_case).content.decode()
    assert "Sagen venter ikke på din godkendelse" in html
    assert 'name="action"' not in html
    client.force_login(leader)
    client.post(reverse("assessments:signoff", args=[hearing_case.pk]), {"action": "approve"})
    assert state(hearing_case) == "partshoering"


# --- partshøring (staff) ------------------------------------------------------------------------------------


def test_hearing_page_shows_draft_deadline_and_the_suppliers_comments_per_parameter(
    client, hearing_case, consultant, supplier_user
):
    from assessments.services.decisions import hearing_comment_add

    hearing_comment_add(case=hearing_case, user=supplier_user, text="Vi bruger også TEACCH.", parameter="metoder")
    hearing_comment_add(case=hearing_case, user=supplier_user, text="Generelt enige.")
    html = get_as(client, consultant, "hearing", hearing_case).content.decode()
    assert Hearing.objects.get(case=hearing_case).deadline.strftime("%Y") in html
    assert "Vi bruger også TEACCH." in html
    assert "Generelt enige." in html
    # The per-parameter comment sits in that parameter's box.
    box = html.split('id="r-metoder"')[1].split("</section>")[0]
    assert "Vi bruger også TEACCH." in box
    assert "Træf afgørelse" in html
    assert "Revidér vurderingen" in html


def test_the_leader_sees_the_hearing_without_the_consultants_buttons(client, hearing_case, leader):
    html = get_as(client, leader, "hearing", hearing_case).content.decode()
    assert "Revidér vurderingen" not in html


def test_revising_after_the_hearing_goes_back_to_reconciliation(client, hearing_case, consultant):
    client.force_login(consultant)
    response = client.post(reverse("assessments:hearing_revise", args=[hearing_case.pk]))
    assert response.status_code == 302
    assert response.url == reverse("assessments:reconciliation", args=[hearing_case.pk])
    assert state(hearing_case) == "afstemning"
    assert Hearing.objects.get(case=hearing_case).closed_at is not None


# --- the decision -------------------------------------------------------------------------------------------


def test_decision_form_shows_the_level_and_computed_validity(client, hearing_case, consultant):
    html = get_as(client, consultant, "decision_make", hearing_case).content.decode()
    assert "Højt specialiseret" in html
    months = hearing_case.guide.decision_validity_months
    assert f"{months} måneder" in html
    assert 'name="valid_from"' in html
    assert 'name="remedy_months"' not in html  # no previous decision to be lower than


def test_deciding_before_the_deadline_without_an_answer_shows_the_services_refusal(client, hearing_case, consultant):
    client.force_login(consultant)
    today = timezone.localdate().isoformat()
    response = client.post(reverse("assessments:decision_make", args=[hearing_case.pk]), {"valid_from": today})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Høringsfristen" in html
    assert "ikke udløbet" in html
    assert f'value="{today}"' in html
    assert state(hearing_case) == "partshoering"


def test_the_preview_button_recomputes_dates_without_deciding(client, hearing_case, consultant):
    with time_machine.travel(after(15)):
        client.force_login(consultant)
        response = client.post(
            reverse("assessments:decision_make", args=[hearing_case.pk]),
            {"valid_from": "2030-03-01", "preview": "1"},
        )
    assert response.status_code == 200
    assert "1. marts 2033" in response.content.decode()
    assert state(hearing_case) == "partshoering"


def test_deciding_after_the_deadline_makes_the_decision_and_shows_every_parameters_reasons(
    client, hearing_case, consultant
):
    with time_machine.travel(after(15)):
        client.force_login(consultant)
        valid_from = timezone.localdate()
        response = client.post(
            reverse("assessments:decision_make", args=[hearing_case.pk]), {"valid_from": valid_from.isoformat()}
        )
        assert response.status_code == 302
        assert state(hearing_case) == "afgjort"
        decision = Decision.objects.get(case=hearing_case)
        assert decision.valid_from == valid_from
        html = client.get(response.url).content.decode()
    assert html.count("Begrundet i skemaets svar om personale og metoder.") == 8
    for p in decision.parameters["parameters"]:
        assert p["label"] in html
    assert "kom ikke med bemærkninger" in html  # the hearing summary


def test_the_leader_cannot_decide(client, hearing_case, leader):
    with time_machine.travel(after(15)):
        client.force_login(leader)
        client.post(
            reverse("assessments:decision_make", args=[hearing_case.pk]),
            {"valid_from": timezone.localdate().isoformat()},
        )
    assert state(hearing_case) == "partshoering"


def test_a_lower_level_than_the_previous_decision_offers_a_remedy_period(
    client, requested_form, supplier_user, consultant, second_consultant, leader, supplier, target_group
):
    case = to_hearing(
        to_signoff(requested_form, supplier_user, consultant, second_consultant, levels=[M] * 7 + [L]), leader
    )
    # The earlier, decided case on the same subject (one open case per subject: it is closed, so it may coexist).
    keep = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields if not f.primary_key}
    earlier = Case.objects.create(**{**keep, "reference": f"{case.reference}-F", "state": "afgjort"})
    snapshot = result_snapshot(case)
    Decision.objects.create(
        case=earlier,
        level=H,
        explanation="8 af 8 parametre på højt niveau → højt specialiseret",
        rule=case.rule,
        parameters=snapshot,
        valid_from=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2026, 1, 1),
        decided_by=consultant,
    )
    Case.objects.filter(pk=case.pk).update(previous_case=earlier)
    client.force_login(consultant)
    html = client.get(reverse("assessments:decision_make", args=[case.pk])).content.decode()
    assert 'name="remedy_months"' in html
    assert "Niveauet bliver lavere." in html
    with time_machine.travel(after(15)):
        client.force_login(consultant)
        valid_from = timezone.localdate()
        response = client.post(
            reverse("assessments:decision_make", args=[case.pk]),
            {"valid_from": valid_from.isoformat(), "remedy_months": "6"},
        )
    assert response.status_code == 302
    decision = Decision.objects.get(case=case)
    assert decision.level == M
    assert decision.remedy_until == datetime.date(
        valid_from.year + (valid_from.month + 5) // 12, (valid_from.month + 5) % 12 + 1, valid_from.day
    )


# --- appeals (staff) ----------------------------------------------------------------------------------------


def test_appeal_page_shows_the_reasons_and_the_appealed_decision(client, appeal_case, consultant):
    html = get_as(client, consultant, "appeal", appeal_case).content.decode()
    assert "Vi mener, metoderne er på højt niveau." in html
    assert "Den påklagede afgørelse (version 1)" in html
    assert "Tag afgørelsen op igen" in html
    assert "Fasthold og send til Ankestyrelsen" in html


def test_upholding_records_the_appeal_as_forwarded(client, appeal_case, leader):
    client.force_login(leader)
    html = get_as(client, leader, "appeal", appeal_case).content.decode()
    assert "Tag afgørelsen op igen" not in html  # only the consultants change a decision
    response = client.post(
        reverse("assessments:appeal", args=[appeal_case.pk]),
        {"action": "uphold", "fasthold-reasons": "Klagen ændrer ikke vurderingen."},
    )
    assert response.status_code == 302
    assert state(appeal_case) == "afgjort"
    appeal = Appeal.objects.get(decision__case=appeal_case)
    assert appeal.outcome == Appeal.Outcome.UPHELD
    assert appeal.forwarded_at is not None
    html = client.get(response.url).content.decode()
    assert "sendt klagen videre til Ankestyrelsen" in html


def test_reconsidering_reopens_reconciliation(client, appeal_case, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("assessments:appeal", args=[appeal_case.pk]),
        {"action": "reconsider", "aendr-reasons": "Metoderne skal vurderes igen."},
    )
    assert response.status_code == 302
    assert response.url == reverse("assessments:reconciliation", args=[appeal_case.pk])
    assert state(appeal_case) == "afstemning"
    assert Appeal.objects.get(decision__case=appeal_case).outcome == Appeal.Outcome.CHANGED


def test_the_leader_cannot_reconsider(client, appeal_case, leader):
    client.force_login(leader)
    client.post(
        reverse("assessments:appeal", args=[appeal_case.pk]),
        {"action": "reconsider", "aendr-reasons": "Metoderne skal vurderes igen."},
    )
    assert state(appeal_case) == "klage"


def test_appeal_actions_need_reasons_and_keep_the_other_input(client, appeal_case, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("assessments:appeal", args=[appeal_case.pk]), {"action": "uphold", "fasthold-reasons": "  "}
    )
    assert response.status_code == 200
    assert "Begrund, hvorfor afgørelsen fastholdes." in response.content.decode()
    assert state(appeal_case) == "klage"
    response = client.post(
        reverse("assessments:appeal", args=[appeal_case.pk]), {"action": "uphold", "fasthold-reasons": CPR}
    )
    assert response.status_code == 200
    assert CPR in response.content.decode()
    assert state(appeal_case) == "klage"


def test_lowered_level_offers_the_configured_remedy_period_by_default(settings):
    from assessments.forms.decisions import DecisionForm

    settings.REMEDY_DEFAULT_MONTHS = 4
    assert DecisionForm(lowered=True).fields["remedy_months"].initial == 4
    assert "remedy_months" not in DecisionForm(lowered=False).fields


def test_hearing_draft_shows_one_reconciled_reason_per_parameter(
    client, requested_form, supplier_user, consultant, second_consultant, leader
):
    from .helpers import judge, to_judging
    from .review_states import LEVELS

    case = to_judging(requested_form, supplier_user, consultant)
    judge(case, consultant, LEVELS, reason="Primær: personalet har dokumenteret erfaring.")
    judge(case, second_consultant, LEVELS, reason="Anden: metoderne er beskrevet i skemaet.")
    j.reconciliation_accept_agreed(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=consultant)
    j.reconciliation_confirm(case=case, user=second_consultant)
    to_hearing(case, leader)
    client.force_login(supplier_user)
    html = client.get(reverse("assessments:supplier_case", args=[case.pk])).content.decode()
    box = html.split('id="r-metoder"')[1].split("</section>")[0]
    assert box.count('class="result-reasons"') == 1
    assert "Primær: personalet har dokumenteret erfaring." in box
    assert "Anden: metoderne er beskrevet i skemaet." not in html
