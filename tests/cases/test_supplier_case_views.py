"""The supplier's case page: status, the partshøring with its comment form, the decision, klagevejledning, appeal."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Appeal, Case, HearingComment
from assessments.selectors import decisions as sd
from assessments.services import decisions as d
from assessments.services import review as j

from .review_states import after, to_appeal, to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db

CPR = "Borgeren med CPR 010190-1234 bor her."
REASON = "Begrundet i skemaets svar om personale og metoder."


@pytest.fixture
def hearing_case(requested_form, supplier_user, consultant, second_consultant, leader):
    return to_hearing(to_signoff(requested_form, supplier_user, consultant, second_consultant), leader)


@pytest.fixture
def decided_case(hearing_case, consultant, supplier_user):
    return to_decided(hearing_case, consultant, supplier_user)


def state(case: Case) -> str:
    return Case.objects.values_list("state", flat=True).get(pk=case.pk)


def page(case: Case) -> str:
    return reverse("assessments:supplier_case", args=[case.pk])


def long_date(day) -> str:
    return date_format(day, "j. F Y")


# --- permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("supplier_user", 200),
        ("other_supplier_user", 404),
        ("consultant", 404),
        ("second_consultant", 404),
        ("leader", 404),
        ("other_leader", 404),
        ("fagadmin", 404),
        ("myndighed", 404),
    ],
)
def test_only_the_cases_supplier_sees_its_case_page(request, client, hearing_case, visitor, expected):
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(page(hearing_case)).status_code == expected
    appeal_url = reverse("assessments:supplier_appeal", args=[hearing_case.pk])
    # The supplier may see the case but has no decision to appeal yet: the 403 page with the reason (core.errors).
    assert client.post(appeal_url, {"klage-reasons": "x"}).status_code == (403 if expected == 200 else 404)


def test_anonymous_visitors_are_sent_to_log_in(client, hearing_case):
    for url in (page(hearing_case), reverse("assessments:supplier_appeal", args=[hearing_case.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


# --- status -------------------------------------------------------------------------------------------------


def test_while_the_form_is_open_the_page_says_so_and_links_to_it(client, requested_form, supplier_user):
    client.force_login(supplier_user)
    html = client.get(page(requested_form.case)).content.decode()
    assert "Socialtilsynet har bedt jer udfylde oplysningsskemaet." in html
    assert reverse("assessments:form_fill", args=[requested_form.case.pk]) in html


def test_internal_steps_are_one_plain_status_to_the_supplier(
    client, requested_form, supplier_user, consultant, second_consultant
):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    client.force_login(supplier_user)
    html = client.get(page(case)).content.decode()
    assert "Socialtilsynet behandler jeres oplysninger" in html
    assert REASON not in html  # the result is not shown before the hearing
    assert "Til godkendelse" not in html


# --- partshøring --------------------------------------------------------------------------------------------


def test_the_hearing_shows_every_parameters_reasons_evidence_and_the_deadline(client, hearing_case, supplier_user):
    client.force_login(supplier_user)
    html = client.get(page(hearing_case)).content.decode()
    hearing = hearing_case.hearings.get()
    assert html.count(REASON) == 8
    for p in hearing.draft["parameters"]:
        assert p["label"] in html
    assert "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret" in html
    assert long_date(hearing.deadline) in html
    assert "forvaltningsloven" in html
    assert 'name="bem-p_metoder"' in html
    assert 'name="bem-comment"' in html


def test_comments_overall_and_per_parameter_are_sent_together(client, hearing_case, supplier_user):
    client.force_login(supplier_user)
    response = client.post(
        page(hearing_case),
        {"bem-comment": "Generelt enige.", "bem-p_metoder": "Vi bruger også TEACCH.", "bem-p_fagmiljoe": ""},
    )
    assert response.status_code == 302
    stored = sorted(HearingComment.objects.values_list("parameter", "text"))
    assert stored == [("", "Generelt enige."), ("metoder", "Vi bruger også TEACCH.")]
    assert state(hearing_case) == "partshoering"
    html = client.get(page(hearing_case)).content.decode()
    assert "Det har I skrevet" in html
    assert "Vi bruger også TEACCH." in html


def test_an_empty_comment_form_is_refused(client, hearing_case, supplier_user):
    client.force_login(supplier_user)
    response = client.post(page(hearing_case), {"bem-comment": "  "})
    assert response.status_code == 200
    assert "Skriv mindst én bemærkning, før I sender." in response.content.decode()
    assert not HearingComment.objects.exists()


def test_a_cpr_number_is_refused_next_to_its_field_and_every_input_kept(client, hearing_case, supplier_user):
    client.force_login(supplier_user)
    response = client.post(page(hearing_case), {"bem-comment": "Generelt enige.", "bem-p_aktiv_praksis": CPR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="div_id_bem-p_aktiv_praksis" class="form-group form-error' in html
    assert "CPR" in html
    assert CPR in html
    assert "Generelt enige." in html
    assert not HearingComment.objects.exists()  # nothing is stored when one field is refused


def test_after_the_deadline_the_form_is_gone_and_a_late_post_is_refused(client, hearing_case, supplier_user):
    with time_machine.travel(after(15)):
        client.force_login(supplier_user)
        html = client.get(page(hearing_case)).content.decode()
        assert 'name="bem-comment"' not in html
        assert "Fristen for bemærkninger udløb" in html
        response = client.post(page(hearing_case), {"bem-comment": "For sent."}, follow=True)
        assert "Fristen for bemærkninger er overskredet" in response.content.decode()
    assert not HearingComment.objects.exists()


# --- the decision and the appeal ----------------------------------------------------------------------------


def test_the_decision_shows_reasons_period_hearing_summary_and_klagevejledning(client, decided_case, supplier_user):
    decision = decided_case.decisions.get()
    client.force_login(supplier_user)
    html = client.get(page(decided_case)).content.decode()
    assert html.count(REASON) == 8
    assert "Højt specialiseret" in html
    assert long_date(decision.valid_from) in html
    assert long_date(decision.valid_until) in html
    assert decision.hearing_summary in html
    assert "Klagevejledning" in html
    assert long_date(sd.appeal_deadline(decision)) in html
    assert "Ankestyrelsen" in html
    assert 'name="klage-reasons"' in html


def test_appealing_within_the_deadline_moves_the_case_to_klage(client, decided_case, supplier_user):
    client.force_login(supplier_user)
    response = client.post(
        reverse("assessments:supplier_appeal", args=[decided_case.pk]),
        {"klage-reasons": "Vi mener, metoderne er på højt niveau."},
    )
    assert response.status_code == 302
    assert state(decided_case) == "klage"
    html = client.get(page(decided_case)).content.decode()
    assert "Jeres klage af" in html
    assert 'name="klage-reasons"' not in html


def test_an_appeal_needs_reasons_and_refuses_cpr_keeping_the_input(client, decided_case, supplier_user):
    client.force_login(supplier_user)
    url = reverse("assessments:supplier_appeal", args=[decided_case.pk])
    response = client.post(url, {"klage-reasons": ""})
    assert response.status_code == 200
    assert "Skriv, hvorfor I klager." in response.content.decode()
    response = client.post(url, {"klage-reasons": CPR})
    assert response.status_code == 200
    assert CPR in response.content.decode()
    assert 'id="div_id_klage-reasons" class="form-group form-error' in response.content.decode()
    assert state(decided_case) == "afgjort"


def test_an_appeal_after_the_deadline_is_refused(client, decided_case, supplier_user):
    deadline = sd.appeal_deadline(decided_case.decisions.get())
    days = (deadline - timezone.localdate()).days + 1
    with time_machine.travel(after(days)):
        client.force_login(supplier_user)
        html = client.get(page(decided_case)).content.decode()
        assert 'name="klage-reasons"' not in html
        assert "Klagefristen udløb" in html
        response = client.post(
            reverse("assessments:supplier_appeal", args=[decided_case.pk]), {"klage-reasons": "Vi er uenige."}
        )
        # Refused as a whole: the page again, with the reason at the top (core.errors: one policy).
        assert response.status_code == 200
        html = response.content.decode()
    assert 'class="alert alert-error"' in html
    assert "Klagefristen udløb" in html
    assert state(decided_case) == "afgjort"
    assert not Appeal.objects.exists()


def test_an_upheld_appeal_shows_as_forwarded_to_ankestyrelsen(client, decided_case, supplier_user, leader):
    to_appeal(decided_case, supplier_user)
    d.appeal_uphold(case=decided_case, user=leader, reasons="Klagen ændrer ikke vurderingen.")
    client.force_login(supplier_user)
    html = client.get(page(decided_case)).content.decode()
    assert "sendt klagen videre til Ankestyrelsen" in html
    assert "Klagen ændrer ikke vurderingen." in html
    assert 'name="klage-reasons"' not in html


def test_a_changed_decision_shows_every_version_newest_first(
    client, decided_case, supplier_user, consultant, second_consultant, leader
):
    to_appeal(decided_case, supplier_user)
    d.appeal_reconsider(case=decided_case, user=consultant, reasons="Metoderne vurderes igen.")
    client.force_login(supplier_user)
    assert "taget afgørelsen op igen" in client.get(page(decided_case)).content.decode()
    j.reconciliation_resolve(
        case=decided_case, parameter="metoder", level=3, reasons="Nye oplysninger om metoder.", user=consultant
    )
    j.reconciliation_confirm(case=decided_case, user=consultant)
    j.reconciliation_confirm(case=decided_case, user=second_consultant)
    d.signoff_approve(case=decided_case, user=leader)
    with time_machine.travel(after(15)):
        d.decision_make(case=decided_case, user=consultant)
        client.force_login(supplier_user)
        html = client.get(page(decided_case)).content.decode()
    assert "Afgørelsen (version 2)" in html
    assert "Tidligere versioner af afgørelsen" in html
    assert html.index("Afgørelsen (version 2)") < html.index("Version 1, truffet")
    assert "Nye oplysninger om metoder." in html


def test_the_dashboard_lists_cases_in_hearing_or_decided(client, hearing_case, supplier_user):
    client.force_login(supplier_user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Sager i partshøring eller afgjort" in html
    assert page(hearing_case) in html
    assert long_date(hearing_case.hearings.get().deadline) in html
