"""What a supplier can send is bounded: text and table limits (in the autosave endpoint and the section page),
files per question, and the size of a request, each refused with a Danish message where the user looks."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from assessments.models import Answer, Attachment
from assessments.services.information_form import attachment_add
from targetgroups.models import FormQuestion

from .test_supplier_form import autosave, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(requested_form):
    return {q.key: q for q in FormQuestion.objects.filter(template=requested_form.template)}


def test_defaults_bound_text_tables_uploads_and_requests():
    assert settings.FORM_TEXT_MAX_CHARS == 20_000
    assert settings.FORM_TABLE_MAX_ROWS == 200
    assert settings.FORM_TABLE_CELL_MAX_CHARS == 300
    assert settings.FORM_UPLOADS_PER_QUESTION == 10
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5_000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.REQUEST_MAX_BYTES < 2 * settings.FORM_UPLOAD_MAX_BYTES


def test_autosave_refuses_a_text_answer_over_the_character_limit_with_422(
    supplier_client, case, requested_form, questions
):
    q = questions["samarbejde"]
    text = "ord " * 5_001  # 20,003 characters once stripped: the character limit is checked before words
    with override_settings(FORM_TEXT_MAX_CHARS=1_000):
        response = autosave(supplier_client, case, q, {f"q{q.pk}": "x" * 1_001}, 0)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "Svaret må højst være 1000 tegn (nu 1001). Skriv kortere, eller vedhæft et bilag."
    ]
    assert Answer.objects.get(form=requested_form, question=q).value is None
    # the default limit: 20,000 characters
    response = autosave(supplier_client, case, q, {f"q{q.pk}": text}, 0)
    assert response.status_code == 422
    assert "højst være 20000 tegn" in response.json()["errors"][0]


def test_section_page_shows_the_character_limit_error_next_to_the_field(
    supplier_client, case, requested_form, questions
):
    q = questions["samarbejde"]
    url = reverse("assessments:form_section", args=[case.pk, "samarbejdsformer"])
    with override_settings(FORM_TEXT_MAX_CHARS=50):
        response = supplier_client.post(url, {f"q{q.pk}": "x" * 51, f"rev-q{q.pk}": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Svaret må højst være 50 tegn (nu 51)." in html
    assert f'id="id_q{q.pk}-error"' in html


def _table(q, rows: int, funktion: str = "Pædagog") -> dict:
    data = {f"q{q.pk}-rows": str(rows)}
    for i in range(rows):
        data[f"q{q.pk}-{i}-funktion"] = funktion
        data[f"q{q.pk}-{i}-aar"] = "3"
    return data


def test_autosave_refuses_a_table_over_the_system_row_limit_even_when_the_question_sets_more(
    supplier_client, case, requested_form, questions
):
    q = questions["personale"]  # the question allows 50 rows
    with override_settings(FORM_TABLE_MAX_ROWS=5):
        assert autosave(supplier_client, case, q, _table(q, 5), 0).status_code == 200
        response = autosave(supplier_client, case, q, _table(q, 6), 1)
    assert response.status_code == 422
    assert response.json()["errors"] == ["Tabellen må højst have 5 rækker."]
    assert len(Answer.objects.get(form=requested_form, question=q).value) == 5


def test_autosave_refuses_an_over_long_table_cell_in_its_cell(supplier_client, case, requested_form, questions):
    q = questions["personale"]
    with override_settings(FORM_TABLE_CELL_MAX_CHARS=10):
        body = autosave(supplier_client, case, q, _table(q, 1, funktion="x" * 11), 0).json()
    assert body["cell_errors"] == [{"row": 0, "column": "funktion", "message": "Feltet må højst være 10 tegn (nu 11)."}]


def test_section_page_offers_no_more_rows_than_the_system_limit(supplier_client, case, requested_form, questions):
    url = reverse("assessments:form_section", args=[case.pk, "praksiserfaring"])
    with override_settings(FORM_TABLE_MAX_ROWS=1):
        html = supplier_client.get(url).content.decode()
    q = questions["personale"]
    assert f'name="q{q.pk}-0-funktion"' in html
    assert f'name="q{q.pk}-1-funktion"' not in html


# --- uploads per question -----------------------------------------------------------------------------------


def _upload_png(client, case, q, name):
    url = reverse("assessments:attachment_upload", args=[case.pk, q.pk])
    return client.post(url, {f"fil-q{q.pk}": upload(name, png_bytes(), "image/png")})


@override_settings(FORM_UPLOADS_PER_QUESTION=2)
def test_a_question_takes_at_most_the_set_number_of_files_with_the_error_next_to_the_upload_field(
    supplier_client, case, requested_form, questions, supplier_user
):
    q = questions["vagtplan"]
    for name in ("a.png", "b.png"):
        assert _upload_png(supplier_client, case, q, name).status_code == 302
    response = _upload_png(supplier_client, case, q, "c.png")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der kan højst være 2 filer ved et spørgsmål. Fjern en fil, før du uploader en ny." in html
    assert f'id="fil-q{q.pk}-error"' in html
    assert Attachment.objects.filter(answer__form=requested_form, removed_at__isnull=True).count() == 2
    # a removed file frees its place
    first = Attachment.objects.filter(answer__form=requested_form).first()
    supplier_client.post(reverse("assessments:attachment_remove", args=[case.pk, first.pk]))
    assert _upload_png(supplier_client, case, q, "c.png").status_code == 302


@override_settings(FORM_UPLOADS_PER_QUESTION=1)
def test_the_upload_cap_is_checked_in_the_service(requested_form, questions, supplier_user):
    from django.core.exceptions import ValidationError

    q = questions["vagtplan"]
    attachment_add(form=requested_form, question=q, upload=upload("a.png", png_bytes()), user=supplier_user)
    with pytest.raises(ValidationError) as error:
        attachment_add(form=requested_form, question=q, upload=upload("b.png", png_bytes()), user=supplier_user)
    assert error.value.code == "too_many_files"


# --- request size -------------------------------------------------------------------------------------------


def test_autosave_over_the_memory_limit_answers_413_json_in_danish(supplier_client, case, requested_form, questions):
    q = questions["samarbejde"]
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000):
        response = autosave(supplier_client, case, q, {f"q{q.pk}": "x" * 20_000}, 0)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["saved"] is False
    assert body["errors"] == ["Det, du sendte, er for stort til at blive gemt. Del teksten op, eller vedhæft et bilag."]


def test_autosave_with_too_many_fields_answers_400_json_in_danish(supplier_client, case, requested_form, questions):
    q = questions["personale"]
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20):
        response = autosave(supplier_client, case, q, _table(q, 15), 0)
    assert response.status_code == 400
    assert response.json()["errors"] == ["Der er sendt for mange felter på én gang. Gem færre rækker ad gangen."]


def test_a_request_over_the_total_size_limit_is_refused_before_it_is_read_with_a_danish_page(
    supplier_client, case, requested_form, questions
):
    q = questions["vagtplan"]
    url = reverse("assessments:attachment_upload", args=[case.pk, q.pk])
    with override_settings(REQUEST_MAX_BYTES=1_000):
        response = supplier_client.post(url, {f"fil-q{q.pk}": upload("stor.png", png_bytes() + b"\0" * 5_000)})
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert "Det, du sendte, er for stort" in response.content.decode()
    assert not Attachment.objects.filter(answer__form=requested_form).exists()


def test_an_over_size_section_post_gets_a_danish_page_not_a_500(supplier_client, case, requested_form, questions):
    q = questions["samarbejde"]
    url = reverse("assessments:form_section", args=[case.pk, "samarbejdsformer"])
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000):
        response = supplier_client.post(url, {f"q{q.pk}": "x" * 2_000})
    assert response.status_code == 413
    assert "Det, du sendte, er for stort" in response.content.decode()


def test_too_many_files_in_one_request_get_a_danish_400_page(supplier_client, case, requested_form, questions):
    q = questions["vagtplan"]
    url = reverse("assessments:attachment_upload", args=[case.pk, q.pk])
    files = [upload(f"{n}.png", png_bytes(), "image/png") for n in range(3)]
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2):
        response = supplier_client.post(url, {f"fil-q{q.pk}": files})
    assert response.status_code == 400
    assert "Der er sendt for mange filer på én gang. Upload én fil ad gangen." in response.content.decode()
    assert not Attachment.objects.filter(answer__form=requested_form).exists()
