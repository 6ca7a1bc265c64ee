"""Helpers for case tests: fill in a requested form as the supplier would, and submit it."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assessments.models import InformationForm
from assessments.services.information_form import answer_save, attachment_add, form_submit
from targetgroups.models import FormQuestion

# A complete set of answers to the conftest's template (every required question answered).
RAW_ANSWERS = {
    "borgere-hoejt": "12",
    "personale": [
        {"funktion": "Pædagog", "aar": "4", "vikar": "nej"},
        {"funktion": "Ergoterapeut", "aar": "11", "vikar": "ja"},
    ],
    "certificering": "ja",
    "samarbejde": "Vi holder faste møder med kommunen og egen læge.",
    "aktiviteter": ["Kurser", "Netværk"],
    "hovedmetode": "KRAP",
    "tilbudstype": "Botilbud efter SEL § 108",
}


def questions_of(form: InformationForm) -> dict[str, FormQuestion]:
    return {q.key: q for q in FormQuestion.objects.filter(template=form.template)}


def save(form: InformationForm, key: str, raw, user, *, expected_revision: int | None = None):
    question = questions_of(form)[key]
    if expected_revision is None:
        expected_revision = form.answers.get(question=question).revision
    return answer_save(form=form, question=question, raw=raw, user=user, expected_revision=expected_revision)


def fill(form: InformationForm, user, answers: dict | None = None) -> None:
    for key, raw in (answers or RAW_ANSWERS).items():
        result = save(form, key, raw, user)
        assert result.saved, (key, result.parsed.errors, result.parsed.cell_errors, result.conflict)


def png_upload(name: str = "vagtplan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def attach(form: InformationForm, user, key: str = "vagtplan", name: str = "vagtplan.png"):
    return attachment_add(form=form, question=questions_of(form)[key], upload=png_upload(name), user=user)


def fill_and_submit(form: InformationForm, user, *, with_file: bool = False):
    fill(form, user)
    if with_file:
        attach(form, user)
    return form_submit(form=form, user=user)
