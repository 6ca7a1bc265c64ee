# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The supplier's oplysningsskema through the API: the same services as the web form, so the same rules —
validation with Danish messages, the CPR guard, the conflict rule (409 on a stale revision), the lock after
submission, and the audit of the submission. Also the placement list's rows and filters."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import token_create
from assessments.models import AnswerRevision, InformationForm
from audit.models import AuditEntry

from .cases.conftest import case, published_form_template, requested_form, second_consultant  # noqa: F401 (fixtures)
from .cases.filling import RAW_ANSWERS, questions_of, save
from .cases.helpers import decide

pytestmark = pytest.mark.django_db


def client_with_token(fagadmin, user) -> APIClient:
    _token, secret = token_create(owner=user, name="Leverandørsystem", user=fagadmin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


@pytest.fixture
def supplier_api(fagadmin, supplier_user):
    return client_with_token(fagadmin, supplier_user)


def answer_url(form, key):
    question = questions_of(form)[key]
    return reverse("api:form_answer", kwargs={"case_pk": form.case_id, "question_pk": question.pk})


def test_the_form_lists_every_question_with_its_answer_and_what_is_missing(supplier_api, requested_form):
    body = supplier_api.get(reverse("api:form", kwargs={"case_pk": requested_form.case_id})).json()
    keys = [q["key"] for q in body["questions"]]
    assert keys == [q.key for q in requested_form.template.questions.order_by("position", "id")]
    integer = next(q for q in body["questions"] if q["key"] == "borgere-hoejt")
    assert integer["kind"] == "integer"
    assert integer["min_value"] == 0
    assert integer["answer"] == {"value": None, "revision": 0, "carried_over": False, "attachments": 0}
    assert integer["editable"] is True
    assert integer["id"] in body["missing"]
    # a file question is shown, but files are uploaded in the web form
    assert next(q for q in body["questions"] if q["kind"] == "file")["editable"] is False


def test_saving_an_answer_stores_a_revision_like_the_web_form(supplier_api, requested_form, supplier_user):
    response = supplier_api.put(
        answer_url(requested_form, "borgere-hoejt"), {"value": 12, "revision": 0}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["saved"] is True
    assert response.json()["revision"] == 1
    answer = requested_form.answers.get(question__key="borgere-hoejt")
    assert answer.value == 12
    assert answer.updated_by == supplier_user
    assert AnswerRevision.objects.filter(answer=answer, revision=1, saved_by=supplier_user).exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("personale", RAW_ANSWERS["personale"]),
        ("aktiviteter", ["Kurser", "Netværk"]),
        ("certificering", True),
        ("hovedmetode", "KRAP"),
        ("samarbejde", "Faste møder med kommunen."),
        ("seneste-kursus", "2026-03-01"),
    ],
)
def test_every_question_kind_can_be_saved(supplier_api, requested_form, key, value):
    response = supplier_api.put(answer_url(requested_form, key), {"value": value, "revision": 0}, format="json")
    assert response.status_code == 200, response.json()


def test_a_refused_answer_gets_422_with_the_danish_message_and_nothing_is_stored(supplier_api, requested_form):
    response = supplier_api.put(
        answer_url(requested_form, "borgere-hoejt"), {"value": "mange", "revision": 0}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == ["Skriv et helt tal, fx 12."]
    assert requested_form.answers.get(question__key="borgere-hoejt").value is None


def test_a_table_cell_error_names_its_row_and_column(supplier_api, requested_form):
    rows = [{"funktion": "Pædagog", "aar": "mange"}]
    response = supplier_api.put(answer_url(requested_form, "personale"), {"value": rows, "revision": 0}, format="json")
    assert response.status_code == 422
    assert response.json()["cell_errors"] == [{"row": 0, "column": "aar", "message": "Skriv et helt tal, fx 12."}]


@pytest.mark.parametrize(
    ("key", "value"),
    [("personale", "tekst"), ("personale", [1, 2]), ("aktiviteter", {"a": 1}), ("samarbejde", {"a": 1})],
)
def test_an_answer_of_the_wrong_shape_gets_422(supplier_api, requested_form, key, value):
    response = supplier_api.put(answer_url(requested_form, key), {"value": value, "revision": 0}, format="json")
    assert response.status_code == 422
    assert response.json()["saved"] is False


def test_a_cpr_number_is_refused_by_the_same_guard_as_the_web_form(supplier_api, requested_form):
    text = "Borgeren født 01.01.90-1234 bor alene."
    response = supplier_api.put(answer_url(requested_form, "samarbejde"), {"value": text, "revision": 0}, format="json")
    assert response.status_code == 422
    assert any("010190-****" in message for message in response.json()["errors"])
    assert requested_form.answers.get(question__key="samarbejde").value is None


def test_a_stale_revision_is_a_409_conflict_with_both_values(supplier_api, requested_form, supplier_user):
    save(requested_form, "borgere-hoejt", "7", supplier_user)  # someone else saved 7 in the web form
    response = supplier_api.put(answer_url(requested_form, "borgere-hoejt"), {"value": 9, "revision": 0}, format="json")
    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert (conflict["current_value"], conflict["current_revision"], conflict["your_value"]) == (7, 1, 9)
    assert requested_form.answers.get(question__key="borgere-hoejt").value == 7
    # keeping one's own value after seeing both: force
    forced = supplier_api.put(
        answer_url(requested_form, "borgere-hoejt"), {"value": 9, "revision": 0, "force": True}, format="json"
    )
    assert forced.status_code == 200
    assert requested_form.answers.get(question__key="borgere-hoejt").value == 9


def test_submitting_an_incomplete_form_lists_what_is_missing(supplier_api, requested_form):
    response = supplier_api.post(reverse("api:form_submit", kwargs={"case_pk": requested_form.case_id}))
    assert response.status_code == 400
    assert "mangler" in response.json()["detail"]
    assert questions_of(requested_form)["borgere-hoejt"].pk in response.json()["missing"]
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.OPEN


def test_submitting_locks_the_form_and_is_audited(supplier_api, requested_form, supplier_user):
    for key, value in RAW_ANSWERS.items():
        revision = requested_form.answers.get(question__key=key).revision
        response = supplier_api.put(
            answer_url(requested_form, key), {"value": value, "revision": revision}, format="json"
        )
        assert response.status_code == 200, (key, response.json())
    response = supplier_api.post(reverse("api:form_submit", kwargs={"case_pk": requested_form.case_id}))
    assert response.status_code == 200, response.json()
    assert response.json()["number"] == 1
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.SUBMITTED
    assert AuditEntry.objects.filter(case=requested_form.case, action="form_submit", actor=supplier_user).count() == 1
    # the form is locked now: the service's refusal, with its Danish reason
    locked = supplier_api.put(answer_url(requested_form, "borgere-hoejt"), {"value": 1, "revision": 1}, format="json")
    assert locked.status_code == 403
    assert locked.json()["detail"] == "Skemaet er indsendt og kan ikke ændres nu."
    # and no longer among the open forms
    assert supplier_api.get(reverse("api:forms")).json()["results"] == []


def test_invalid_input_to_the_answer_endpoint_is_a_400(supplier_api, requested_form):
    url = answer_url(requested_form, "borgere-hoejt")
    assert supplier_api.put(url, {"value": 1}, format="json").status_code == 400
    assert supplier_api.put(url, {"value": 1, "revision": -1}, format="json").status_code == 400
    assert supplier_api.put(url, "ikke json", content_type="application/json").status_code == 400


# --- placements -------------------------------------------------------------------------------------------


@pytest.fixture
def decision(requested_form, supplier_user, consultant, second_consultant, leader):
    return decide(requested_form, supplier_user, consultant, second_consultant, leader)


def test_placements_show_the_register_rows_and_filter_them(fagadmin, myndighed, decision):
    api = client_with_token(fagadmin, myndighed)
    url = reverse("api:placements")
    body = api.get(url).json()
    assert body["count"] == 1
    row = body["results"][0]
    case = decision.case
    assert row["supplier"]["name"] == case.supplier.name
    assert row["target_group"]["id"] == case.target_group_id
    assert row["socialtilsyn"]["code"] == case.socialtilsyn.code
    assert (row["level"], row["decided_level"], row["pending_level"]) == (decision.level, decision.level, None)
    assert row["valid_until"] == decision.valid_until.isoformat()
    assert api.get(url, {"level": decision.level, "target_group": case.target_group_id}).json()["count"] == 1
    assert api.get(url, {"level": 1}).json()["count"] == 0
    assert api.get(url, {"q": case.supplier.name[:5]}).json()["count"] == 1
    assert api.get(url, {"q": "ingen-saadan"}).json()["count"] == 0
    assert api.get(url, {"socialtilsyn": case.socialtilsyn.code}).json()["count"] == 1
    assert api.get(url, {"age_band": case.target_group.age_band}).json()["count"] == 1
    assert api.get(url, {"matrikelloes": "true"}).json()["count"] == 0
    supplier = case.supplier
    assert api.get(url, {"ownership": supplier.ownership}).json()["count"] == 1
    if supplier.municipality_code:
        assert api.get(url, {"municipality": supplier.municipality_code}).json()["count"] == 1
    assert api.get(url, {"target_group": 999_999}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": 7}, "level"),
        ({"target_group": "x"}, "target_group"),
        ({"socialtilsyn": "ingen"}, "socialtilsyn"),
        ({"region": "Region Ingensteds"}, "region"),
        ({"municipality": "999"}, "municipality"),
        ({"ownership": "ukendt"}, "ownership"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_placement_filters_refuse_unknown_values_with_a_danish_message(fagadmin, myndighed, db, params, field):
    response = client_with_token(fagadmin, myndighed).get(reverse("api:placements"), params)
    assert response.status_code == 400
    assert response.json()["fields"][field]
