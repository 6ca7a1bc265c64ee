"""The consultants' side of the oplysningsskema: request, review, supplement, accept, answer history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.domain.workflow import State
from assessments.models import InformationForm, SupplementRequest
from assessments.services.cases import case_open
from assessments.services.information_form import form_request, form_request_supplement

from .filling import attach, fill_and_submit, questions_of, save
from .helpers import close_for_follow_up

pytestmark = pytest.mark.django_db

CPR_TEXT = "Borgeren med CPR 010190-1234 mangler."


def today_plus(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def submitted(requested_form, supplier_user):
    fill_and_submit(requested_form, supplier_user, with_file=True)
    requested_form.refresh_from_db()
    return requested_form


# --- requesting ---------------------------------------------------------------------------------------------


def test_the_request_page_proposes_a_deadline_three_weeks_ahead(consultant_client, case):
    response = consultant_client.get(reverse("assessments:form_request", args=[case.pk]))
    assert response.context["form"]["deadline"].value() == today_plus(21)
    html = response.content.decode()
    assert f'value="{today_plus(21).isoformat()}"' in html
    assert "skemaet starter tomt" in html  # nothing to reuse yet


def test_requesting_information_creates_the_form_and_returns_to_the_case(consultant_client, case):
    data = {"deadline": today_plus(14).isoformat(), "message": "Husk vikarerne.", "reuse": "on"}
    response = consultant_client.post(reverse("assessments:form_request", args=[case.pk]), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessments:case_detail", args=[case.pk])
    form = InformationForm.objects.get(case=case)
    assert (form.deadline, form.message) == (today_plus(14), "Husk vikarerne.")
    html = response.content.decode()
    assert "Leverandøren er bedt om oplysninger med frist" in html
    assert "Oplysninger anmodet" in html


@pytest.mark.parametrize("deadline", [0, -3])
def test_a_deadline_today_or_earlier_is_refused_on_the_field(consultant_client, case, deadline):
    data = {"deadline": today_plus(deadline).isoformat(), "message": "Hej"}
    response = consultant_client.post(reverse("assessments:form_request", args=[case.pk]), data)
    assert response.context["form"].errors["deadline"] == ["Fristen skal ligge efter i dag."]
    assert "Hej</textarea>" in response.content.decode()  # the input is kept
    assert not InformationForm.objects.exists()


def test_a_cpr_number_in_the_message_is_refused_on_the_field(consultant_client, case):
    data = {"deadline": today_plus(14).isoformat(), "message": CPR_TEXT}
    response = consultant_client.post(reverse("assessments:form_request", args=[case.pk]), data)
    assert "CPR" in response.context["form"].errors["message"][0]
    assert not InformationForm.objects.exists()


def test_the_request_page_names_the_case_whose_answers_would_be_reused(
    client, submitted, supplier, target_group, consultant, second_consultant, leader
):
    close_for_follow_up(submitted.case)
    follow_up = case_open(
        user=leader,
        supplier=supplier,
        target_group=target_group,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    client.force_login(consultant)
    response = client.get(reverse("assessments:form_request", args=[follow_up.pk]))
    assert response.context["source"] == submitted
    html = response.content.decode()
    assert f"Svarene hentes fra sag {submitted.case.reference}" in html
    assert "Genbrug svar fra sidste indsendte skema" in html
    client.post(
        reverse("assessments:form_request", args=[follow_up.pk]),
        {"deadline": today_plus(14).isoformat(), "reuse": "on"},
    )
    assert InformationForm.objects.get(case=follow_up).reused_from == submitted


# --- reviewing ----------------------------------------------------------------------------------------------


def test_the_review_groups_answers_by_parameter_and_renders_tables_and_files(client, submitted, second_consultant):
    client.force_login(second_consultant)
    response = client.get(reverse("assessments:form_review", args=[submitted.case_id]))
    labels = [group["label"] for group in response.context["groups"]]
    assert labels == [
        "Generelt",
        "Aktiv praksis",
        "Praksiserfaring",
        "Uddannelsesmæssige kompetencer",
        "Fagmiljø",
        "Samarbejdsformer",
        "Vidensudvikling",
        "Metoder og faglige tilgange",
        "Hjælpemidler og teknologi",
    ]
    html = response.content.decode()
    assert '<th scope="col">Års erfaring</th>' in html
    assert "<td>Ergoterapeut</td>" in html
    assert "<td>Ja</td>" in html
    attachment = submitted.answers.get(question__key="vagtplan").attachments.get()
    assert reverse("assessments:attachment_download", args=[submitted.case_id, attachment.pk]) in html
    assert "Kurser, Netværk" in html
    assert "Indsendelse 1" in html
    assert f'action="{reverse("assessments:form_accept", args=[submitted.case_id])}"' in html
    assert reverse("assessments:form_supplement", args=[submitted.case_id]) in html


def test_the_review_links_each_answers_history(consultant_client, submitted, supplier_user):
    question = questions_of(submitted)["borgere-hoejt"]
    url = reverse("assessments:answer_history", args=[submitted.case_id, question.pk])
    html = consultant_client.get(reverse("assessments:form_review", args=[submitted.case_id])).content.decode()
    assert url in html
    assert "1 version – se historik" in html


def test_a_leader_overseeing_the_case_sees_the_answers_but_no_buttons(client, submitted, leader):
    client.force_login(leader)
    response = client.get(reverse("assessments:form_review", args=[submitted.case_id]))
    assert response.status_code == 200
    assert reverse("assessments:form_accept", args=[submitted.case_id]) not in response.content.decode()


def test_carried_over_answers_are_flagged(consultant_client, submitted, leader, consultant, second_consultant):
    close_for_follow_up(submitted.case)
    follow_up = case_open(
        user=leader,
        supplier=submitted.case.supplier,
        target_group=submitted.case.target_group,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )
    form_request(case=follow_up, user=consultant, deadline=today_plus(14), reuse=True)
    html = consultant_client.get(reverse("assessments:form_review", args=[follow_up.pk])).content.decode()
    assert "Overført fra sidste skema – ikke bekræftet" in html
    assert "Leverandøren er i gang med skemaet." in html


def test_a_submitted_snapshot_stays_viewable_after_the_answers_change(
    consultant_client, submitted, supplier_user, consultant
):
    q = questions_of(submitted)
    form_request_supplement(form=submitted, user=consultant, comment="Ret.", items=[(q["borgere-hoejt"], "")])
    save(submitted, "borgere-hoejt", "77", supplier_user)
    url = reverse("assessments:form_review", args=[submitted.case_id])
    response = consultant_client.get(url, {"indsendelse": 1})
    assert response.templates[0].name == "assessments/case/form_snapshot.html"
    assert "Svarene, som de stod" in response.content.decode()
    snapshot_values = [e["value"]["display"] for g in response.context["groups"] for e in g["items"]]
    assert "12" in snapshot_values
    assert "77" not in snapshot_values
    assert consultant_client.get(url, {"indsendelse": 9}).status_code == 404


def test_the_review_without_a_form_sends_the_user_back_to_the_case(consultant_client, case):
    response = consultant_client.get(reverse("assessments:form_review", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessments:case_detail", args=[case.pk])
    assert "Der er endnu ikke anmodet om oplysninger på sagen." in response.content.decode()


# --- the answer history -------------------------------------------------------------------------------------


def test_the_history_shows_every_earlier_value_with_who_and_when(
    consultant_client, submitted, supplier_user, consultant
):
    q = questions_of(submitted)
    form_request_supplement(
        form=submitted, user=consultant, comment="Ret.", items=[(q["borgere-hoejt"], "Tæl vikardækning med.")]
    )
    save(submitted, "borgere-hoejt", "14", supplier_user)
    response = consultant_client.get(
        reverse("assessments:answer_history", args=[submitted.case_id, q["borgere-hoejt"].pk])
    )
    values = [r["value"]["display"] for r in response.context["revisions"]]
    assert values == ["14", "12"]
    html = response.content.decode()
    assert str(supplier_user) in html
    assert "Tæl vikardækning med." in html


def test_the_history_of_a_question_of_another_form_is_404(consultant_client, submitted):
    response = consultant_client.get(reverse("assessments:answer_history", args=[submitted.case_id, 987654]))
    assert response.status_code == 404


# --- supplement ---------------------------------------------------------------------------------------------


def supplement_url(form) -> str:
    return reverse("assessments:form_supplement", args=[form.case_id])


def test_asking_for_a_supplement_reopens_the_picked_questions(consultant_client, submitted, supplier_user):
    q = questions_of(submitted)
    data = {
        f"q_{q['borgere-hoejt'].pk}": "on",
        f"c_{q['borgere-hoejt'].pk}": "Tæl også borgere i aflastning.",
        f"q_{q['samarbejde'].pk}": "on",
        "comment": "Tak for skemaet. Vi mangler to ting.",
    }
    response = consultant_client.post(supplement_url(submitted), data, follow=True)
    assert "Leverandøren er bedt om at supplere 2 spørgsmål." in response.content.decode()
    request = SupplementRequest.objects.get(form=submitted)
    items = {item.question.key: item.comment for item in request.items.select_related("question")}
    assert items == {"borgere-hoejt": "Tæl også borgere i aflastning.", "samarbejde": ""}
    submitted.refresh_from_db()
    assert submitted.case.state == State.SUPPLERING
    html = consultant_client.get(reverse("assessments:form_review", args=[submitted.case_id])).content.decode()
    assert html.count("answer answer--asked") == 2


def test_asking_for_a_supplement_without_a_question_is_refused(consultant_client, submitted):
    response = consultant_client.post(supplement_url(submitted), {"comment": "Ret venligst."})
    assert response.status_code == 200
    assert "Vælg mindst ét spørgsmål, der skal suppleres." in response.content.decode()
    assert "Ret venligst." in response.content.decode()
    assert not SupplementRequest.objects.exists()


def test_a_comment_on_an_unpicked_question_is_pointed_out(consultant_client, submitted):
    q = questions_of(submitted)
    data = {f"q_{q['samarbejde'].pk}": "on", f"c_{q['borgere-hoejt'].pk}": "Forkert tal", "comment": "Ret."}
    response = consultant_client.post(supplement_url(submitted), data)
    errors = response.context["form"].errors
    assert errors[f"c_{q['borgere-hoejt'].pk}"] == ["Sæt kryds ved spørgsmålet, hvis det skal suppleres."]


@pytest.mark.parametrize("where", ["comment", "item"])
def test_a_cpr_number_in_a_supplement_comment_is_refused_on_its_field(consultant_client, submitted, where):
    q = questions_of(submitted)["borgere-hoejt"]
    data = {f"q_{q.pk}": "on", "comment": "Ret.", f"c_{q.pk}": ""}
    field = "comment" if where == "comment" else f"c_{q.pk}"
    data[field] = CPR_TEXT
    response = consultant_client.post(supplement_url(submitted), data)
    assert "CPR" in response.context["form"].errors[field][0]
    assert not SupplementRequest.objects.exists()


def test_the_leader_cannot_ask_for_a_supplement(client, submitted, leader):
    client.force_login(leader)
    response = client.post(supplement_url(submitted), {"comment": "x"})
    assert response.status_code == 403
    assert "Du har ikke en rolle på sagen" in response.content.decode()


# --- accepting ----------------------------------------------------------------------------------------------


def test_accepting_moves_the_case_to_judgement(client, submitted, second_consultant):
    client.force_login(second_consultant)
    response = client.post(reverse("assessments:form_accept", args=[submitted.case_id]), follow=True)
    assert "Oplysningerne er godkendt." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == InformationForm.Status.ACCEPTED
    assert submitted.case.state == State.VURDERING


def test_a_form_still_being_filled_cannot_be_accepted(consultant_client, requested_form):
    response = consultant_client.post(reverse("assessments:form_accept", args=[requested_form.case_id]))
    assert response.status_code == 403
    assert "«Oplysninger anmodet»" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("supplier_user", 404), ("other_consultant", 404)])
def test_only_the_cases_consultants_accept(client, submitted, user_for, who, status):
    client.force_login(user_for(who))
    response = client.post(reverse("assessments:form_accept", args=[submitted.case_id]))
    assert response.status_code == status
    submitted.refresh_from_db()
    assert submitted.status == InformationForm.Status.SUBMITTED


def test_an_attachment_added_during_review_is_not_possible_for_consultants(requested_form, consultant):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        attach(requested_form, consultant)
