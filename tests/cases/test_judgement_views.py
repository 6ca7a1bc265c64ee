"""The judgement and reconciliation pages: who may open them, what they show, and the whole flow through them."""

import pytest
from django.urls import reverse

from assessments.models import Case, Judgement, ReconciledParameter
from assessments.services import decisions as d
from assessments.services import review as j
from targetgroups.models import FormQuestion, GuideCriterion
from targetgroups.services import version_publish

from .. import factories
from .helpers import judge, to_judging

pytestmark = pytest.mark.django_db

H, M, L = 3, 2, 1
PARAM = "aktiv_praksis"


@pytest.fixture
def judging(requested_form, supplier_user, consultant):
    """A case in state 'vurdering' with the supplier's answers submitted and accepted."""
    return to_judging(requested_form, supplier_user, consultant)


@pytest.fixture
def reconciling(judging, consultant, second_consultant):
    """Both judgements in: 7 parameters agreed at højt, metoder disagreed (højt against moderat)."""
    judge(judging, consultant, [H, H, H, H, H, H, H, M], reason="Første konsulents begrundelse.")
    judge(judging, second_consultant, [H, H, H, H, H, H, M, M], reason="Anden konsulents begrundelse.")
    judging.refresh_from_db()
    assert judging.state == "afstemning"
    return judging


def url(name: str, case: Case, **kwargs) -> str:
    return reverse(f"assessments:{name}", kwargs={"pk": case.pk, **kwargs})


def get_as(client, user, path):
    client.force_login(user)
    return client.get(path)


# --- permissions --------------------------------------------------------------------------------------------

PAGES = [
    ("judgement", {}),
    ("judgement_parameter", {"parameter": PARAM}),
    ("reconciliation", {}),
    ("reconciliation_parameter", {"parameter": PARAM}),
]
ACTIONS = ["judgement_submit", "reconciliation_accept", "reconciliation_confirm", "reconciliation_resume"]


# Building the case in reconciliation is the expensive part: each test below checks every page, action and person
# of its kind on one such case, and its assertion lists every mismatch at once (as a parametrised test would).
OUTSIDERS = ["supplier_user", "other_supplier_user", "other_consultant", "other_leader", "fagadmin", "myndighed"]


def test_every_page_answers_200_for_the_case_consultants(client, reconciling, user_for):
    got = {}
    for who in ("consultant", "second_consultant"):
        for name, kwargs in PAGES:
            got[(who, name)] = get_as(client, user_for(who), url(name, reconciling, **kwargs)).status_code
    assert got == dict.fromkeys(got, 200)
    assert len(got) == 2 * len(PAGES)


def test_every_page_and_action_is_404_for_people_outside_the_case(client, reconciling, user_for):
    got = {}
    for who in OUTSIDERS:
        client.force_login(user_for(who))
        for name, kwargs in PAGES:
            got[(who, "GET", name)] = client.get(url(name, reconciling, **kwargs)).status_code
        for name in ACTIONS:
            got[(who, "POST", name)] = client.post(url(name, reconciling)).status_code
    assert got == dict.fromkeys(got, 404)
    assert len(got) == len(OUTSIDERS) * (len(PAGES) + len(ACTIONS))


def test_the_cases_leader_gets_404_on_actions_and_judgements_and_reads_reconciliation_only(client, reconciling, leader):
    client.force_login(leader)
    for name in ACTIONS:
        assert client.post(url(name, reconciling)).status_code == 404, name
    for name, kwargs in PAGES[:2]:
        assert get_as(client, leader, url(name, reconciling, **kwargs)).status_code == 404, name
    for name, kwargs in PAGES[2:]:
        response = get_as(client, leader, url(name, reconciling, **kwargs))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "Kun sagens konsulenter kan ændre den." in body or "Afstemt niveau" in body, name
        assert 'id="parameter-form"' not in body, name
        assert url("reconciliation_accept", reconciling) not in body, name
        assert url("reconciliation_confirm", reconciling) not in body, name
        response = client.post(
            url("reconciliation_parameter", reconciling, parameter=PARAM), {"level": 3, "reasons": "x"}
        )
        assert response.status_code == 404, name
        assert not ReconciledParameter.objects.filter(case=reconciling).exists(), name


def test_anonymous_users_are_sent_to_login(client, judging):
    response = client.get(url("judgement", judging))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_parameter_is_404_and_actions_refuse_get(client, reconciling, consultant):
    client.force_login(consultant)
    got = {}
    for name in ("judgement_parameter", "reconciliation_parameter"):
        got[name] = client.get(url(name, reconciling, parameter="kompleksitet")).status_code
    for name in ACTIONS:
        got[name] = client.get(url(name, reconciling)).status_code
    assert got == {"judgement_parameter": 404, "reconciliation_parameter": 404, **dict.fromkeys(ACTIONS, 405)}


# --- the parameter page -------------------------------------------------------------------------------------


def test_parameter_page_shows_criteria_cells_and_answers_side_by_side(client, judging, consultant):
    response = get_as(client, consultant, url("judgement_parameter", judging, parameter="praksiserfaring"))
    body = response.content.decode()
    for level in ("let", "moderat", "højt"):
        assert f"Kriterium for praksiserfaring på {level}" in body
    assert "B1-H" in body
    assert "kompleksitet højt" in body
    # the supplier's table answer, as a table
    assert '<th scope="col">Funktion</th>' in body
    assert "<td>Pædagog</td>" in body
    # only this parameter's question is offered for citing
    assert "Personale" in body
    assert "Hvor mange borgere med behov på højt niveau?" not in body
    assert "Din vurdering" in body
    assert "er skjult, indtil I begge har afgivet" in body


def test_parameter_page_uses_the_guide_version_the_case_is_bound_to(
    client, judging, consultant, published_description, fagadmin
):
    newer = factories.guide_draft(description=published_description, version=2)
    GuideCriterion.objects.filter(guide_parameter__guide=newer).update(text="NY VEJLEDNING")
    version_publish(version=newer, user=fagadmin)
    body = get_as(client, consultant, url("judgement_parameter", judging, parameter=PARAM)).content.decode()
    assert "Kriterium for aktiv_praksis på højt" in body
    assert "NY VEJLEDNING" not in body


def test_saving_a_parameter_stores_level_reasons_and_citations(client, judging, consultant):
    question = FormQuestion.objects.get(template=judging.form_template, parameter=PARAM)
    criterion = GuideCriterion.objects.get(
        guide_parameter__guide=judging.guide, guide_parameter__parameter=PARAM, level=3
    )
    cell = criterion.cells.get()
    client.force_login(consultant)
    response = client.post(
        url("judgement_parameter", judging, parameter=PARAM),
        {
            "level": "3",
            "reasons": "12 borgere på højt niveau.",
            "cited_questions": [question.pk],
            "cited_criteria": [criterion.pk],
            "cited_cells": [cell.pk],
            "action": "next",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("judgement_parameter", judging, parameter="praksiserfaring")
    pj = Judgement.objects.get(case=judging, author=consultant).parameters.get(parameter=PARAM)
    assert (pj.level, pj.reasons) == (3, "12 borgere på højt niveau.")
    assert list(pj.cited_questions.all()) == [question]
    assert list(pj.cited_criteria.all()) == [criterion]
    assert list(pj.cited_cells.all()) == [cell]
    # "Gem" stays on the page, which now shows the saved values
    response = client.post(url("judgement_parameter", judging, parameter=PARAM), {"level": "2", "reasons": "Ændret."})
    assert response["Location"] == url("judgement_parameter", judging, parameter=PARAM)
    body = client.get(response["Location"]).content.decode()
    assert "Ændret." in body
    assert "er gemt" in body


def test_a_cpr_number_in_the_reasons_is_refused_next_to_the_field_and_the_input_is_kept(client, judging, consultant):
    client.force_login(consultant)
    typed = "Borgeren 010190-1234 har brug for meget støtte."
    response = client.post(url("judgement_parameter", judging, parameter=PARAM), {"level": "2", "reasons": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert "form-error-message" in body
    assert "cpr" in body.lower()
    assert typed in body
    assert 'value="2" id="id_level_1" checked' in body
    pj = Judgement.objects.get(case=judging, author=consultant).parameters.get(parameter=PARAM)
    assert pj.reasons == ""
    assert pj.level is None


def test_citations_of_another_parameter_are_refused(client, judging, consultant):
    other = FormQuestion.objects.get(template=judging.form_template, parameter="metoder")
    client.force_login(consultant)
    response = client.post(
        url("judgement_parameter", judging, parameter=PARAM),
        {"level": "2", "reasons": "Noget", "cited_questions": [other.pk]},
    )
    assert response.status_code == 200
    assert "Noget" in response.content.decode()
    assert not Judgement.objects.filter(case=judging, author=consultant, parameters__level=2).exists()


def test_parameter_page_is_read_only_once_submitted(client, judging, consultant):
    judge(judging, consultant, [H] * 8, reason="Min afgivne begrundelse.")
    body = get_as(client, consultant, url("judgement_parameter", judging, parameter=PARAM)).content.decode()
    assert "Min afgivne begrundelse." in body
    assert 'id="parameter-form"' not in body
    response = client.post(url("judgement_parameter", judging, parameter=PARAM), {"level": "1", "reasons": "x"})
    # the refusal is shown at the top of the page it was sent from (one error policy: core/errors.py)
    assert response.status_code == 200
    assert "Vurderingen er afgivet og kan ikke længere ændres." in response.content.decode()
    assert Judgement.objects.get(case=judging, author=consultant).parameters.get(parameter=PARAM).level == H


def test_judging_cannot_start_before_the_information_is_accepted(client, case, consultant):
    body = get_as(client, consultant, url("judgement", case)).content.decode()
    assert "Vurderingen kan begynde, når leverandørens oplysninger er godkendt." in body
    response = client.post(url("judgement_parameter", case, parameter=PARAM), {"level": "1"})
    assert response.status_code == 200
    assert 'class="alert alert-error"' in response.content.decode()
    assert not Judgement.objects.filter(case=case).exists()


# --- the overview and submitting ----------------------------------------------------------------------------


def test_overview_lists_the_eight_parameters_and_says_the_colleagues_judgement_is_hidden(client, judging, consultant):
    body = get_as(client, consultant, url("judgement", judging)).content.decode()
    for parameter in ("aktiv_praksis", "uddannelse", "hjaelpemidler"):
        assert url("judgement_parameter", judging, parameter=parameter) in body
    assert "Din kollegas vurdering er skjult" in body
    assert "0 af 8 parametre er klar" in body


def test_submitting_an_incomplete_judgement_lists_the_missing_parameters(client, judging, consultant):
    client.force_login(consultant)
    client.post(url("judgement_parameter", judging, parameter=PARAM), {"level": "3", "reasons": "Fint."})
    client.post(url("judgement_parameter", judging, parameter="uddannelse"), {"level": "3"})
    response = client.post(url("judgement_submit", judging))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vurderingen kan ikke afgives endnu" in body
    assert "Uddannelsesmæssige kompetencer: Skriv en begrundelse." in body
    assert "Fagmiljø: Vælg det niveau, parameteren er opfyldt på." in body
    assert "Aktiv praksis:" not in body.split("error-summary-heading")[1].split("</ul>")[0]
    assert Judgement.objects.get(case=judging, author=consultant).submitted_at is None


def test_submitting_both_judgements_opens_the_reconciliation(client, judging, consultant, second_consultant):
    for user, levels in ((consultant, [H] * 8), (second_consultant, [H] * 7 + [M])):
        judgement = j.judgement_start(case=judging, user=user)
        for parameter, level in zip(j.SUPPLIER_PARAMETERS, levels, strict=True):
            j.parameter_judgement_save(
                judgement=judgement, parameter=parameter.value, user=user, level=level, reasons="Begrundet."
            )
    client.force_login(consultant)
    response = client.post(url("judgement_submit", judging))
    assert response["Location"] == url("judgement", judging)
    assert "når din kollega også har afgivet sin" in client.get(response["Location"]).content.decode()
    client.force_login(second_consultant)
    response = client.post(url("judgement_submit", judging))
    assert response["Location"] == url("reconciliation", judging)
    judging.refresh_from_db()
    assert judging.state == "afstemning"


# --- reconciliation -----------------------------------------------------------------------------------------


def test_reconciliation_table_marks_agreements_and_missing_levels(client, reconciling, consultant):
    body = get_as(client, consultant, url("reconciliation", reconciling)).content.decode()
    assert body.count('badge badge-success">Enige') == 7
    assert body.count('badge badge-warning">Uenige') == 1
    assert body.count("mangler") == 8
    assert "Overtag alle enige" in body
    assert "Indplaceringen beregnes, når alle 8 parametre er afstemt (0 af 8" in body


def test_accept_agreed_resolve_and_confirm_by_both_sends_the_case_to_signoff(
    client, reconciling, consultant, second_consultant
):
    client.force_login(consultant)
    response = client.post(url("reconciliation_accept", reconciling))
    assert response["Location"] == url("reconciliation", reconciling)
    assert ReconciledParameter.objects.filter(case=reconciling).count() == 7
    body = client.get(response["Location"]).content.decode()
    assert "7 parametre, som I var enige om, er overtaget" in body

    # the disagreement: both reasons side by side, then the agreed level
    page = client.get(url("reconciliation_parameter", reconciling, parameter="metoder")).content.decode()
    assert "Første konsulents begrundelse." in page
    assert "Anden konsulents begrundelse." in page
    response = client.post(
        url("reconciliation_parameter", reconciling, parameter="metoder"),
        {"level": "3", "reasons": "Metoderne er dokumenteret i skemaet."},
    )
    assert response.status_code == 302
    body = client.get(url("reconciliation", reconciling)).content.decode()
    assert "7 af 8 parametre på højt niveau og 1 på moderat → højt specialiseret" in body
    assert "Højt specialiseret" in body
    assert reconciling.rule.name in body
    assert "kan ikke ændres i hånden" in body
    assert 'name="placement' not in body  # no way to type a placement

    client.post(url("reconciliation_confirm", reconciling))
    reconciling.refresh_from_db()
    assert reconciling.state == "afstemning"
    body = client.get(url("reconciliation", reconciling)).content.decode()
    assert "Du har bekræftet" in body
    client.force_login(second_consultant)
    response = client.post(url("reconciliation_confirm", reconciling))
    reconciling.refresh_from_db()
    assert reconciling.state == "til_godkendelse"
    assert "sendt til lederens godkendelse" in client.get(response["Location"]).content.decode()
    # the original pair is untouched for the statistics
    assert (
        Judgement.objects.get(case=reconciling, author=second_consultant).parameters.get(parameter="metoder").level == M
    )


def test_resolving_without_reasons_keeps_the_input_and_says_what_is_missing(client, reconciling, consultant):
    client.force_login(consultant)
    response = client.post(url("reconciliation_parameter", reconciling, parameter="metoder"), {"level": "2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Skriv den fælles begrundelse." in body
    assert 'value="2" id="id_level_1" checked' in body
    assert not ReconciledParameter.objects.filter(case=reconciling).exists()


def test_confirming_before_all_eight_are_reconciled_is_refused_with_a_message(client, reconciling, consultant):
    client.force_login(consultant)
    # the refusal is shown at the top of the page the button was pressed on (one error policy: core/errors.py)
    response = client.post(url("reconciliation_confirm", reconciling))
    assert response.status_code == 200
    assert "Alle otte parametre skal være afstemt" in response.content.decode()
    reconciling.refresh_from_db()
    assert reconciling.state == "afstemning"


def test_returned_result_shows_the_leaders_comments_and_can_be_resumed(
    client, reconciling, consultant, second_consultant, leader
):
    j.reconciliation_accept_agreed(case=reconciling, user=consultant)
    j.reconciliation_resolve(case=reconciling, parameter="metoder", level=H, reasons="Første bud.", user=consultant)
    j.reconciliation_confirm(case=reconciling, user=consultant)
    j.reconciliation_confirm(case=reconciling, user=second_consultant)
    d.signoff_return(
        case=reconciling, user=leader, comment="Se metoderne igen.", parameter_comments={"metoder": "Uddyb."}
    )
    body = get_as(client, second_consultant, url("reconciliation", reconciling)).content.decode()
    assert "Se metoderne igen." in body
    assert "Uddyb." in body
    assert "Genoptag afstemningen" in body
    # the leader sees the comments too, but gets no button
    leader_body = get_as(client, leader, url("reconciliation", reconciling)).content.decode()
    assert "Uddyb." in leader_body
    assert "Genoptag afstemningen" not in leader_body

    client.force_login(second_consultant)
    client.post(url("reconciliation_resume", reconciling))
    reconciling.refresh_from_db()
    assert reconciling.state == "afstemning"
    assert reconciling.reconciliation_round == 2
    page = client.get(url("reconciliation_parameter", reconciling, parameter="metoder")).content.decode()
    assert "Uddyb." in page
    assert "Første bud." in page
    body = client.get(url("reconciliation", reconciling)).content.decode()
    assert body.count("Ikke bekræftet") == 2


def test_resuming_a_reconciliation_that_was_not_returned_is_the_403_page_with_the_reason(
    client, reconciling, consultant
):
    client.force_login(consultant)
    response = client.post(url("reconciliation_resume", reconciling))
    assert response.status_code == 403
    assert "Genoptag afstemningen" in response.content.decode()  # the workflow's reason names the action
    reconciling.refresh_from_db()
    assert reconciling.reconciliation_round == 1


# --- review mode --------------------------------------------------------------------------------------------


@pytest.fixture
def review_case(judging):
    Case.objects.filter(pk=judging.pk).update(mode=Case.Mode.REVIEW)
    judging.refresh_from_db()
    return judging


def review_data(agree: dict[str, bool], reasons: dict[str, str] | None = None, action: str = "save") -> dict:
    data = {"action": action}
    for parameter in j.SUPPLIER_PARAMETERS:
        p = parameter.value
        if p in agree:
            data[f"{p}-review_agrees"] = "enig" if agree[p] else "uenig"
        data[f"{p}-review_reasons"] = (reasons or {}).get(p, "")
    return data


def test_review_mode_the_reviewer_waits_for_the_judge_then_agrees_or_disagrees(
    client, review_case, consultant, second_consultant
):
    body = get_as(client, second_consultant, url("judgement", review_case)).content.decode()
    assert "Gennemgangen kan begynde, når den primære konsulent har afgivet sin vurdering." in body

    judge(review_case, consultant, [H] * 7 + [M], reason="DOMMERENS-BEGRUNDELSE")
    body = client.get(url("judgement", review_case)).content.decode()
    assert "DOMMERENS-BEGRUNDELSE" in body
    assert 'name="metoder-review_agrees"' in body

    everything = {p.value: True for p in j.SUPPLIER_PARAMETERS}
    everything["hjaelpemidler"] = False
    response = client.post(url("judgement", review_case), review_data(everything, action="submit"))
    assert response.status_code == 200
    assert "Hjælpemidler og teknologi: Begrund, hvorfor du er uenig." in response.content.decode()
    # what was chosen is kept
    assert 'value="uenig" id="id_hjaelpemidler-review_agrees_1" checked' in response.content.decode()

    response = client.post(
        url("judgement", review_case),
        review_data(everything, {"hjaelpemidler": "Kun få medarbejdere kan undervise i hjælpemidler."}, "submit"),
    )
    assert response["Location"] == url("reconciliation", review_case)
    review_case.refresh_from_db()
    assert review_case.state == "afstemning"
    body = client.get(response["Location"]).content.decode()
    assert body.count(">enig<") == 7
    assert body.count(">uenig<") == 1
    assert body.count('badge badge-warning">Uenige') == 1


def test_review_mode_the_judges_page_keeps_the_review_hidden_until_submitted(
    client, review_case, consultant, second_consultant
):
    judge(review_case, consultant, [H] * 8)
    client.force_login(second_consultant)
    client.post(
        url("judgement", review_case),
        review_data({"aktiv_praksis": False}, {"aktiv_praksis": "HEMMELIG-GENNEMGANG"}),
    )
    for path in (url("judgement", review_case), url("reconciliation", review_case)):
        assert "HEMMELIG-GENNEMGANG" not in get_as(client, consultant, path).content.decode()


def test_review_mode_a_cpr_number_in_a_remark_is_refused_beside_that_parameters_field(
    client, review_case, consultant, second_consultant
):
    judge(review_case, consultant, [H] * 8)
    client.force_login(second_consultant)
    typed = "Borgeren 010190-1234 mangler støtte."
    response = client.post(url("judgement", review_case), review_data({"metoder": False}, {"metoder": typed}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_metoder-review_reasons"' in body  # the summary links to the field it belongs to
    assert typed in body
    remark = Judgement.objects.get(case=review_case, author=second_consultant).parameters.get(parameter="metoder")
    assert remark.review_reasons == ""
