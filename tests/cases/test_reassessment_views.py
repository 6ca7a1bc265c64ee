"""The re-assessment, cancel and change-notice pages: who may use them, and what they do."""

import pytest
from django.urls import reverse

from assessments.models import Case, ChangeNotice
from assessments.services.reassessment import change_notice_submit

from .. import factories
from .review_states import to_decided, to_hearing, to_signoff

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(requested_form, supplier_user, consultant, second_consultant, leader):
    case = to_signoff(requested_form, supplier_user, consultant, second_consultant)
    return to_decided(to_hearing(case, leader), consultant, supplier_user)


REASSESSMENT_OPEN = {
    "consultant": 200,
    "second_consultant": 200,
    "leader": 200,
    "supplier_user": 404,
    "other_consultant": 404,
    "other_leader": 404,
    "other_supplier_user": 404,
    "myndighed": 404,
}
CHANGE_NOTICE = {"supplier_user": 200, "other_supplier_user": 404, "consultant": 404, "leader": 404}


# Deciding the case is the expensive part: one decided case, every visitor asked on both pages (GETs only); the
# assertion lists every mismatch at once, as a test per visitor would.
def test_reassessment_open_page_is_for_the_cases_staff_and_the_change_notice_page_for_the_supplier(
    request, client, decided
):
    got = {}
    for name, table in (("reassessment_open", REASSESSMENT_OPEN), ("change_notice", CHANGE_NOTICE)):
        for visitor in table:
            client.force_login(request.getfixturevalue(visitor))
            got[(name, visitor)] = client.get(reverse(f"assessments:{name}", args=[decided.pk])).status_code
    expected = {("reassessment_open", v): code for v, code in REASSESSMENT_OPEN.items()}
    expected |= {("change_notice", v): code for v, code in CHANGE_NOTICE.items()}
    assert got == expected


@pytest.mark.parametrize("name", ["reassessment_open", "change_notice", "case_cancel"])
def test_anonymous_visitors_go_to_login(client, case, name):
    response = client.get(reverse(f"assessments:{name}", args=[case.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_reassessment_opens_with_the_previous_people_and_links_back(
    client, decided, consultant, second_consultant, leader
):
    client.force_login(consultant)
    url = reverse("assessments:reassessment_open", args=[decided.pk])
    form = client.get(url).context["form"]
    assert form.initial == {
        "primary_consultant": consultant.pk,
        "second_consultant": second_consultant.pk,
        "leader": leader.pk,
    }
    response = client.post(
        url, {"primary_consultant": consultant.pk, "second_consultant": second_consultant.pk, "leader": leader.pk}
    )
    new = Case.objects.get(previous_case=decided)
    assert response.url == reverse("assessments:case_detail", args=[new.pk])
    html = client.get(response.url).content.decode()
    assert "Genvurdering af" in html
    assert decided.reference in html
    # a second try goes to the re-assessment already open
    assert client.get(url).url == reverse("assessments:case_detail", args=[new.pk])


def test_reassessment_shows_four_eyes_errors_next_to_the_fields(client, decided, consultant, leader):
    client.force_login(consultant)
    response = client.post(
        reverse("assessments:reassessment_open", args=[decided.pk]),
        {"primary_consultant": consultant.pk, "second_consultant": consultant.pk, "leader": leader.pk},
    )
    assert response.status_code == 200
    assert "second_consultant" in response.context["form"].errors
    assert not Case.objects.filter(previous_case=decided).exists()


def test_cancel_needs_a_reason_and_records_it(client, case, consultant):
    client.force_login(consultant)
    url = reverse("assessments:case_cancel", args=[case.pk])
    response = client.post(url, {"annuller-reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    response = client.post(url, {"annuller-reason": "Tilbuddet er lukket."})
    case.refresh_from_db()
    assert case.state == "annulleret"
    assert "Tilbuddet er lukket." in case.audit_entries.order_by("-id").first().summary


def test_the_second_consultant_may_not_cancel(client, case, second_consultant):
    client.force_login(second_consultant)
    assert client.post(reverse("assessments:case_cancel", args=[case.pk]), {"annuller-reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.state == "oprettet"


def test_supplier_submits_a_change_notice_and_cpr_is_refused_with_input_kept(client, decided, supplier_user):
    client.force_login(supplier_user)
    url = reverse("assessments:change_notice", args=[decided.pk])
    response = client.post(url, {"aendring-reason": ""})
    assert "reason" in response.context["form"].errors
    text = "Borger 010190-1234 er flyttet."
    response = client.post(url, {"aendring-reason": text})
    assert "reason" in response.context["form"].errors
    assert text in response.content.decode()
    assert not ChangeNotice.objects.exists()
    response = client.post(url, {"aendring-reason": "To af vores fire sygeplejersker er stoppet."})
    assert response.url == reverse("assessments:supplier_case", args=[decided.pk])
    assert ChangeNotice.objects.get().text == "To af vores fire sygeplejersker er stoppet."


def test_pending_notice_is_handled_from_the_overview(client, decided, supplier_user, consultant):
    notice = change_notice_submit(case=decided, user=supplier_user, text="Lederen er stoppet.")
    client.force_login(consultant)
    html = client.get(reverse("assessments:case_detail", args=[decided.pk])).content.decode()
    assert "Lederen er stoppet." in html
    assert "Ingen genvurdering" in html
    url = reverse("assessments:change_notice_handle", args=[decided.pk])
    response = client.post(url, {"notice": notice.pk, "outcome": "no_action", f"anmeldelse-{notice.pk}-reason": ""})
    assert response.status_code == 200
    assert "Begrund beslutningen." in response.content.decode()
    response = client.post(
        url, {"notice": notice.pk, "outcome": "reassess", f"anmeldelse-{notice.pk}-reason": "Væsentlig ændring."}
    )
    notice.refresh_from_db()
    assert notice.outcome == ChangeNotice.Outcome.REASSESS
    assert response.url == reverse("assessments:case_detail", args=[notice.follow_up_case_id])
    assert notice.follow_up_case.kind == Case.Kind.TRIGGERED


def test_only_the_cases_staff_may_handle_a_notice(client, decided, supplier_user, tilsyn):
    notice = change_notice_submit(case=decided, user=supplier_user, text="Lederen er stoppet.")
    client.force_login(supplier_user)
    url = reverse("assessments:change_notice_handle", args=[decided.pk])
    data = {"notice": notice.pk, "outcome": "no_action", f"anmeldelse-{notice.pk}-reason": "Nej."}
    assert client.post(url, data).status_code == 404
    client.force_login(factories.ConsultantFactory(username="konsulent9", socialtilsyn=tilsyn))
    assert client.post(url, data).status_code == 404


def test_a_notice_handled_already_is_refused_at_the_top_of_the_overview(client, decided, supplier_user, consultant):
    # One refusal policy: the overview is shown again (200) with the reason at the top, not a message and redirect.
    notice = change_notice_submit(case=decided, user=supplier_user, text="Lederen er stoppet.")
    client.force_login(consultant)
    url = reverse("assessments:change_notice_handle", args=[decided.pk])
    data = {"notice": notice.pk, "outcome": "no_action", f"anmeldelse-{notice.pk}-reason": "Ingen betydning."}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Anmeldelsen er allerede behandlet." in response.content.decode()
    assert response.context["refusals"] == ["Anmeldelsen er allerede behandlet."]
