"""The supplier's oplysningsskema pages: who may open them, saving a section, autosave, conflicts, CPR,
supplementing, carried-over answers, uploads, downloads, review and submit."""

import io

import pytest
import weasyprint
from django.urls import reverse
from PIL import Image

from assessments.models import Answer, Attachment, InformationForm
from assessments.services.information_form import answer_save, form_request_supplement, form_submit
from targetgroups.models import FormQuestion

from .. import factories
from .helpers import fetch_export

pytestmark = pytest.mark.django_db

CPR_TEXT = "Borgeren 010190-1234 bor hos os."


@pytest.fixture
def questions(requested_form):
    return {q.key: q for q in FormQuestion.objects.filter(template=requested_form.template)}


@pytest.fixture
def colleague(supplier):
    """A second user of the same supplier."""
    return factories.SupplierUserFactory(
        username="kollega", first_name="Kim", last_name="Kollega", suppliers=[supplier]
    )


def fill_all(form, questions, user):
    raw = {
        "borgere-hoejt": "12",
        "personale": [{"funktion": "Pædagog", "aar": "4", "vikar": "nej"}],
        "certificering": "ja",
        "samarbejde": "Vi holder faste møder med kommunen.",
        "aktiviteter": ["Kurser"],
        "hovedmetode": "KRAP",
        "tilbudstype": "Botilbud",
    }
    for key, value in raw.items():
        answer = Answer.objects.get(form=form, question=questions[key])
        result = answer_save(
            form=form, question=questions[key], raw=value, user=user, expected_revision=answer.revision
        )
        assert result.saved, key


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    return weasyprint.HTML(string=f"<html lang='da'><body><p>{text}</p></body></html>").write_pdf()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- who may open what --------------------------------------------------------------------------------------


def _urls(case, questions, attachment):
    pk = case.pk
    return {
        "form_fill": ("get", reverse("assessments:form_fill", args=[pk])),
        "form_section": ("get", reverse("assessments:form_section", args=[pk, "generelt"])),
        "form_section_post": ("post", reverse("assessments:form_section", args=[pk, "generelt"])),
        "answer_autosave": ("post", reverse("assessments:answer_autosave", args=[pk, questions["tilbudstype"].pk])),
        "answer_confirm": ("post", reverse("assessments:answer_confirm", args=[pk, questions["tilbudstype"].pk])),
        "attachment_upload": ("post", reverse("assessments:attachment_upload", args=[pk, questions["vagtplan"].pk])),
        "attachment_remove": ("post", reverse("assessments:attachment_remove", args=[pk, attachment.pk])),
        "form_submit": ("get", reverse("assessments:form_submit", args=[pk])),
        "attachment_download": ("get", reverse("assessments:attachment_download", args=[pk, attachment.pk])),
    }


@pytest.fixture
def attachment(requested_form, questions, supplier_user):
    from assessments.services.information_form import attachment_add

    return attachment_add(
        form=requested_form,
        question=questions["vagtplan"],
        upload=upload("vagtplan.png", png_bytes(), "image/png"),
        user=supplier_user,
    )


EDIT_ROUTES = [
    "form_fill",
    "form_section",
    "form_section_post",
    "answer_autosave",
    "answer_confirm",
    "attachment_upload",
    "attachment_remove",
    "form_submit",
]
# supplier: allowed; everyone else on the edit pages: 404 (the URL tells them nothing).
EXPECTED = {
    "supplier_user": {"get": 200, "post": (200, 302, 422)},
    "other_supplier_user": 404,
    "consultant": 404,
    "leader": 404,
    "other_consultant": 404,
    "fagadmin": 404,
}


# One test per route (the case, its form and an attachment are the expensive part), every visitor asked in it: the
# refused ones first (they change nothing), the case's supplier, who may change the form, last. The assertion
# lists every mismatch at once, as a test per visitor would.
@pytest.mark.parametrize("route", EDIT_ROUTES)
def test_edit_routes_answer_only_the_cases_supplier(route, client, client_for, case, questions, attachment):
    method, url = _urls(case, questions, attachment)[route]
    accept = "application/json" if route == "answer_autosave" else "*/*"
    got, wrong = {}, {}
    for visitor in sorted(EXPECTED, key=lambda v: v == "supplier_user"):
        client.logout()
        response = getattr(client_for(visitor), method)(url, HTTP_ACCEPT=accept)
        got[visitor] = response.status_code
        expected = EXPECTED[visitor]
        allowed = expected[method] if isinstance(expected, dict) else expected
        if response.status_code not in (allowed if isinstance(allowed, tuple) else (allowed,)):
            wrong[visitor] = (response.status_code, allowed)
    assert wrong == {}, got
    assert got.keys() == EXPECTED.keys()


def test_anonymous_is_sent_to_log_in(client, case, questions, attachment):
    urls = _urls(case, questions, attachment)
    assert set(urls) == {*EDIT_ROUTES, "attachment_download"}
    for route, (method, url) in urls.items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, route
        assert response["Location"].startswith(reverse("accounts:login")), route


ATTACHMENT_DOWNLOAD = {
    "supplier_user": 200,
    "consultant": 200,
    "second_consultant": 200,
    "leader": 200,
    "other_supplier_user": 404,
    "other_consultant": 404,
    "other_leader": 404,
    "fagadmin": 404,
    "myndighed": 404,
}


def test_attachment_download_only_for_those_who_may_see_the_case(client, client_for, case, attachment):
    got = {}
    for visitor, status in ATTACHMENT_DOWNLOAD.items():
        client.logout()
        response = client_for(visitor).get(reverse("assessments:attachment_download", args=[case.pk, attachment.pk]))
        got[visitor] = response.status_code
        if response.status_code == status == 200:
            assert response["Content-Type"] == "image/png", visitor
            assert response["X-Content-Type-Options"] == "nosniff", visitor
            assert response["Content-Disposition"].startswith("attachment"), visitor
            assert b"".join(response.streaming_content) == png_bytes(), visitor
    assert got == ATTACHMENT_DOWNLOAD


def test_attachment_of_another_case_is_not_found_through_this_case(supplier_client, case, attachment):
    response = supplier_client.get(reverse("assessments:attachment_download", args=[case.pk + 999, attachment.pk]))
    assert response.status_code == 404


def test_missing_section_is_not_found(supplier_client, case, requested_form):
    assert supplier_client.get(reverse("assessments:form_section", args=[case.pk, "nope"])).status_code == 404


def test_case_without_a_form_is_not_found(supplier_client, case):
    assert supplier_client.get(reverse("assessments:form_fill", args=[case.pk])).status_code == 404


# --- overview and dashboard ---------------------------------------------------------------------------------


def test_overview_shows_deadline_progress_per_section_and_the_autosave_promise(supplier_client, case, requested_form):
    response = supplier_client.get(reverse("assessments:form_fill", args=[case.pk]))
    html = response.content.decode()
    assert case.reference in html
    assert "om 21 dage" in html
    assert "Svarene gemmes automatisk" in html
    assert "Aktiv praksis" in html
    assert "Generelle oplysninger" in html
    assert "0 af 1 obligatoriske svar" in html
    assert reverse("assessments:form_section", args=[case.pk, "aktiv_praksis"]) in html


def test_dashboard_lists_the_suppliers_open_forms(supplier_client, case, requested_form, questions, supplier_user):
    answer_save(
        form=requested_form,
        question=questions["tilbudstype"],
        raw="Botilbud",
        user=supplier_user,
        expected_revision=0,
    )
    html = supplier_client.get(reverse("core:dashboard")).content.decode()
    assert "Mine oplysningsskemaer" in html
    assert reverse("assessments:form_fill", args=[case.pk]) in html
    assert "1 af 7" in html


def test_dashboard_hides_other_suppliers_forms(client_for, case, requested_form):
    html = client_for("other_supplier_user").get(reverse("core:dashboard")).content.decode()
    assert reverse("assessments:form_fill", args=[case.pk]) not in html


# --- saving a section ---------------------------------------------------------------------------------------


def test_section_post_saves_and_moves_to_the_next_section(supplier_client, case, requested_form, questions):
    q = questions["tilbudstype"]
    url = reverse("assessments:form_section", args=[case.pk, "generelt"])
    response = supplier_client.post(url, {f"q{q.pk}": "Botilbud", f"rev-q{q.pk}": "0", "action": "save"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:form_section", args=[case.pk, "aktiv_praksis"])
    assert Answer.objects.get(form=requested_form, question=q).value == "Botilbud"


def test_invalid_input_is_kept_with_the_message_next_to_the_field_and_in_the_summary(
    supplier_client, case, requested_form, questions
):
    q = questions["borgere-hoejt"]
    url = reverse("assessments:form_section", args=[case.pk, "aktiv_praksis"])
    response = supplier_client.post(url, {f"q{q.pk}": "tolv", f"rev-q{q.pk}": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="tolv"' in html
    assert html.count("Skriv et helt tal, fx 12.") == 2  # summary and next to the field
    assert 'aria-invalid="true"' in html
    assert "Nogle svar er ikke gemt" in html
    assert Answer.objects.get(form=requested_form, question=q).value is None


def test_table_cell_errors_point_at_the_row_shown(supplier_client, case, requested_form, questions):
    q = questions["personale"]
    url = reverse("assessments:form_section", args=[case.pk, "praksiserfaring"])
    data = {
        f"q{q.pk}-rows": "3",
        f"q{q.pk}-0-funktion": "",
        f"q{q.pk}-0-aar": "",
        f"q{q.pk}-1-funktion": "Pædagog",
        f"q{q.pk}-1-aar": "mange",
        f"q{q.pk}-2-funktion": "",
        f"rev-q{q.pk}": "0",
    }
    html = supplier_client.post(url, data).content.decode()
    assert f'id="id_q{q.pk}-1-aar-error"' in html
    assert "Personale, række 2: Skriv et helt tal, fx 12." in html
    assert 'value="mange"' in html


def test_add_rows_without_javascript_saves_and_shows_more_empty_rows(supplier_client, case, requested_form, questions):
    q = questions["personale"]
    url = reverse("assessments:form_section", args=[case.pk, "praksiserfaring"])
    data = {f"q{q.pk}-rows": "2", f"q{q.pk}-0-funktion": "Pædagog", f"q{q.pk}-0-aar": "3", "add_rows": f"q{q.pk}"}
    data[f"rev-q{q.pk}"] = "0"
    response = supplier_client.post(url, data)
    assert response.status_code == 302
    assert f"?flere={q.pk}" in response["Location"]
    html = supplier_client.get(response["Location"]).content.decode()
    assert html.count("data-row>") == 1 + 2 + 3  # the saved row, the usual empty ones, three more
    assert Answer.objects.get(form=requested_form, question=q).value == [
        {"funktion": "Pædagog", "aar": 3, "vikar": None}
    ]


def test_cpr_number_in_free_text_is_refused_with_the_reason_and_advice(
    supplier_client, case, requested_form, questions
):
    q = questions["samarbejde"]
    url = reverse("assessments:form_section", args=[case.pk, "samarbejdsformer"])
    html = supplier_client.post(url, {f"q{q.pk}": CPR_TEXT, f"rev-q{q.pk}": "0"}).content.decode()
    assert "ser ud til at indeholde et CPR-nummer" in html
    assert "beskriv i stedet borgergruppen" in html
    assert Answer.objects.get(form=requested_form, question=q).value is None


def test_section_post_conflict_shows_both_values_and_keep_mine_forces(
    supplier_client, case, requested_form, questions, colleague
):
    q = questions["tilbudstype"]
    answer_save(form=requested_form, question=q, raw="Dagtilbud", user=colleague, expected_revision=0)
    url = reverse("assessments:form_section", args=[case.pk, "generelt"])
    response = supplier_client.post(url, {f"q{q.pk}": "Botilbud", f"rev-q{q.pk}": "0"})
    html = response.content.decode()
    assert "Din værdi" in html
    assert "Botilbud" in html
    assert "Gemt af Kim Kollega" in html
    assert "Dagtilbud" in html
    assert Answer.objects.get(form=requested_form, question=q).value == "Dagtilbud"
    response = supplier_client.post(url, {f"q{q.pk}": "Botilbud", f"rev-q{q.pk}": "0", "force": str(q.pk)})
    assert response.status_code == 302
    assert Answer.objects.get(form=requested_form, question=q).value == "Botilbud"


# --- autosave -----------------------------------------------------------------------------------------------


def autosave(client, case, question, data, revision, **extra):
    url = reverse("assessments:answer_autosave", args=[case.pk, question.pk])
    return client.post(url, {**data, "revision": str(revision), **extra}, HTTP_ACCEPT="application/json")


def test_autosave_saves_one_answer_and_returns_revision_and_section_progress(
    supplier_client, case, requested_form, questions
):
    q = questions["borgere-hoejt"]
    response = autosave(supplier_client, case, q, {f"q{q.pk}": "7"}, 0)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert body["revision"] == 1
    assert body["progress"] == {"answered": 1, "required": 1, "percent": 100}
    assert Answer.objects.get(form=requested_form, question=q).value == 7


def test_autosave_refusal_is_422_with_the_message(supplier_client, case, requested_form, questions):
    q = questions["samarbejde"]
    response = autosave(supplier_client, case, q, {f"q{q.pk}": CPR_TEXT}, 0)
    assert response.status_code == 422
    assert "CPR-nummer" in response.json()["errors"][0]


def test_autosave_table_cell_errors_name_row_and_column(supplier_client, case, requested_form, questions):
    q = questions["personale"]
    data = {f"q{q.pk}-rows": "2", f"q{q.pk}-1-funktion": "Pædagog", f"q{q.pk}-1-aar": "x"}
    body = autosave(supplier_client, case, q, data, 0).json()
    assert body["cell_errors"] == [{"row": 1, "column": "aar", "message": "Skriv et helt tal, fx 12."}]


def test_stale_autosave_gets_409_with_both_values_and_force_keeps_mine(
    supplier_client, case, requested_form, questions, colleague
):
    q = questions["tilbudstype"]
    answer_save(form=requested_form, question=q, raw="Dagtilbud", user=colleague, expected_revision=0)
    response = autosave(supplier_client, case, q, {f"q{q.pk}": "Botilbud"}, 0)
    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert conflict["your_display"] == "Botilbud"
    assert conflict["current_display"] == "Dagtilbud"
    assert conflict["saved_by"] == "Kim Kollega"
    assert conflict["saved_at"]
    response = autosave(supplier_client, case, q, {f"q{q.pk}": "Botilbud"}, 0, force="1")
    assert response.status_code == 200
    assert Answer.objects.get(form=requested_form, question=q).value == "Botilbud"


# --- carried over, supplement -------------------------------------------------------------------------------


def test_carried_over_answer_stays_marked_until_confirmed(supplier_client, case, requested_form, questions):
    q = questions["tilbudstype"]
    Answer.objects.filter(form=requested_form, question=q).update(value="Botilbud", carried_over=True)
    url = reverse("assessments:form_section", args=[case.pk, "generelt"])
    html = supplier_client.get(url).content.decode()
    assert "Overført fra sidste skema" in html
    supplier_client.post(url, {f"q{q.pk}": "Botilbud", f"rev-q{q.pk}": "0"})
    assert Answer.objects.get(form=requested_form, question=q).carried_over is True
    response = supplier_client.post(
        reverse("assessments:answer_confirm", args=[case.pk, q.pk]), {f"q{q.pk}": "Botilbud", f"rev-q{q.pk}": "0"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(form=requested_form, question=q)
    assert answer.carried_over is False
    assert answer.value == "Botilbud"
    assert "Overført fra sidste skema" not in supplier_client.get(url).content.decode()


def test_confirm_by_json(supplier_client, case, requested_form, questions):
    q = questions["tilbudstype"]
    Answer.objects.filter(form=requested_form, question=q).update(value="Botilbud", carried_over=True)
    response = supplier_client.post(
        reverse("assessments:answer_confirm", args=[case.pk, q.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"saved": True, "revision": 1, "carried_over": False}


def test_changing_a_carried_over_answer_clears_the_mark(supplier_client, case, requested_form, questions):
    q = questions["tilbudstype"]
    Answer.objects.filter(form=requested_form, question=q).update(value="Botilbud", carried_over=True)
    url = reverse("assessments:form_section", args=[case.pk, "generelt"])
    supplier_client.post(url, {f"q{q.pk}": "Dagtilbud", f"rev-q{q.pk}": "0"})
    answer = Answer.objects.get(form=requested_form, question=q)
    assert (answer.value, answer.carried_over) == ("Dagtilbud", False)


def test_supplement_opens_only_the_named_question(
    supplier_client, case, requested_form, questions, supplier_user, consultant
):
    fill_all(requested_form, questions, supplier_user)
    form_submit(form=requested_form, user=supplier_user)
    form_request_supplement(
        form=requested_form,
        user=consultant,
        comment="Vi mangler lidt.",
        items=[(questions["borgere-hoejt"], "Tæl også borgere i aflastning med.")],
    )
    overview = supplier_client.get(reverse("assessments:form_fill", args=[case.pk])).content.decode()
    assert "Socialtilsynet beder dig supplere" in overview
    assert "Tæl også borgere i aflastning med." in overview
    assert questions["borgere-hoejt"].label in overview

    section = supplier_client.get(reverse("assessments:form_section", args=[case.pk, "aktiv_praksis"])).content.decode()
    assert f'name="q{questions["borgere-hoejt"].pk}"' in section
    general = supplier_client.get(reverse("assessments:form_section", args=[case.pk, "generelt"])).content.decode()
    assert f'name="q{questions["tilbudstype"].pk}"' not in general
    assert "Botilbud" in general  # shown read-only

    q = questions["tilbudstype"]
    response = autosave(supplier_client, case, q, {f"q{q.pk}": "Andet"}, 1)
    assert response.status_code == 403
    q = questions["borgere-hoejt"]
    assert autosave(supplier_client, case, q, {f"q{q.pk}": "14"}, 1).status_code == 200

    response = supplier_client.post(reverse("assessments:form_submit", args=[case.pk]))
    assert response.status_code == 302
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.SUBMITTED
    assert requested_form.submissions.count() == 2


# --- uploads ------------------------------------------------------------------------------------------------


def _upload(client, case, question, file):
    url = reverse("assessments:attachment_upload", args=[case.pk, question.pk])
    return client.post(url, {f"fil-q{question.pk}": file})


@pytest.mark.parametrize(
    ("name", "content_type", "build"),
    [("vagtplan.png", "image/png", png_bytes), ("vagtplan.pdf", "application/pdf", lambda: pdf_bytes("Uge 1-4"))],
)
def test_png_and_pdf_uploads_are_accepted(supplier_client, case, requested_form, questions, name, content_type, build):
    q = questions["vagtplan"]
    response = _upload(supplier_client, case, q, upload(name, build(), content_type))
    assert response.status_code == 302
    attachment = Attachment.objects.get(answer__form=requested_form)
    assert attachment.original_name == name
    html = supplier_client.get(response["Location"]).content.decode()
    assert name in html
    assert f"«{name}» er uploadet" in html


def test_renamed_executable_is_refused_next_to_the_field(supplier_client, case, requested_form, questions):
    q = questions["vagtplan"]
    response = _upload(supplier_client, case, q, upload("vagtplan.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filtypen understøttes ikke" in html
    assert f'id="fil-q{q.pk}-error"' in html
    assert not Attachment.objects.filter(answer__form=requested_form).exists()


def test_pdf_with_a_cpr_number_is_refused(supplier_client, case, requested_form, questions):
    q = questions["vagtplan"]
    response = _upload(supplier_client, case, q, upload("plan.pdf", pdf_bytes(CPR_TEXT), "application/pdf"))
    assert "CPR-nummer" in response.content.decode()
    assert not Attachment.objects.filter(answer__form=requested_form).exists()


def test_a_cpr_refusal_of_an_upload_speaks_of_the_file_next_to_the_field(
    supplier_client, case, requested_form, questions
):
    q = questions["vagtplan"]
    response = _upload(supplier_client, case, q, upload("plan.pdf", pdf_bytes(CPR_TEXT), "application/pdf"))
    html = response.content.decode()
    assert f'id="fil-q{q.pk}-error"' in html
    assert "Filen ser ud til at indeholde et CPR-nummer på side 1 (010190-****)" in html
    assert "Fjern nummeret fra filen" in html
    assert "Teksten ser ud til" not in html


def test_a_cpr_number_in_the_file_name_is_refused_next_to_the_field(supplier_client, case, requested_form, questions):
    q = questions["vagtplan"]
    response = _upload(supplier_client, case, q, upload("scan 01.01.90-1234.png", png_bytes(), "image/png"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="fil-q{q.pk}-error"' in html
    assert "Filnavnet ser ud til at indeholde et CPR-nummer (010190-****)" in html
    assert "01.01.90-1234" not in html
    assert not Attachment.objects.filter(answer__form=requested_form).exists()


def test_upload_without_a_file_asks_for_one(supplier_client, case, requested_form, questions):
    q = questions["vagtplan"]
    response = supplier_client.post(reverse("assessments:attachment_upload", args=[case.pk, q.pk]), {})
    assert "Vælg en fil" in response.content.decode()


def test_remove_hides_the_attachment(supplier_client, case, requested_form, attachment):
    response = supplier_client.post(reverse("assessments:attachment_remove", args=[case.pk, attachment.pk]))
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None


# --- review and submit --------------------------------------------------------------------------------------


def test_review_lists_what_is_missing_and_refuses_to_submit(supplier_client, case, requested_form, questions):
    url = reverse("assessments:form_submit", args=[case.pk])
    html = supplier_client.get(url).content.decode()
    assert "7 spørgsmål mangler" in html
    assert (
        reverse("assessments:form_section", args=[case.pk, "aktiv_praksis"]) + f"#q-{questions['borgere-hoejt'].pk}"
        in html
    )
    response = supplier_client.post(url)
    assert response.status_code == 200
    assert "Skemaet er ikke indsendt" in response.content.decode()
    requested_form.refresh_from_db()
    assert requested_form.status == InformationForm.Status.OPEN


def test_submit_locks_the_form_and_lists_the_submission(
    supplier_client, case, requested_form, questions, supplier_user
):
    fill_all(requested_form, questions, supplier_user)
    url = reverse("assessments:form_submit", args=[case.pk])
    html = supplier_client.get(url).content.decode()
    assert "Alle obligatoriske spørgsmål er besvaret" in html
    assert "Pædagog" in html  # the table rows are shown
    response = supplier_client.post(url, follow=True)
    html = response.content.decode()
    assert "Skemaet er indsendt" in html
    assert reverse("assessments:submission_pdf", args=[case.pk, 1]) in html
    q = questions["tilbudstype"]
    section = reverse("assessments:form_section", args=[case.pk, "generelt"])
    response = supplier_client.post(section, {f"q{q.pk}": "Andet", f"rev-q{q.pk}": "1"})
    # One error policy: a locked form is the 403 page with the reason (was a message and a redirect).
    assert response.status_code == 403
    assert "Skemaet er indsendt og kan ikke ændres nu." in response.content.decode()
    assert Answer.objects.get(form=requested_form, question=q).value == "Botilbud"


@pytest.mark.parametrize(
    ("visitor", "status"), [("supplier_user", 200), ("consultant", 200), ("other_supplier_user", 404)]
)
def test_submission_pdf(visitor, status, client_for, case, requested_form, questions, supplier_user):
    fill_all(requested_form, questions, supplier_user)
    form_submit(form=requested_form, user=supplier_user)
    url = reverse("assessments:submission_pdf", args=[case.pk, 1])
    if status == 404:
        assert client_for(visitor).get(url).status_code == 404
        return
    response = fetch_export(client_for(visitor), url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
