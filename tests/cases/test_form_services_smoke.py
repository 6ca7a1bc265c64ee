"""A first pass through the information-form services (the full set lives beside it)."""

import pytest
from django.core.exceptions import ValidationError

from assessments.services.information_form import answer_save, form_submit
from targetgroups.models import FormQuestion

pytestmark = pytest.mark.django_db


def test_supplier_fills_and_submits_and_consultants_are_told(
    requested_form, supplier_user, django_capture_on_commit_callbacks
):
    form = requested_form
    questions = {q.key: q for q in FormQuestion.objects.filter(template=form.template)}
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
        result = answer_save(form=form, question=questions[key], raw=value, user=supplier_user, expected_revision=0)
        assert result.saved, (key, result.parsed.errors, result.parsed.cell_errors)
    with django_capture_on_commit_callbacks(execute=False):
        submission = form_submit(form=form, user=supplier_user)
    assert submission.snapshot["answers"]["borgere-hoejt"]["value"] == 12
    form.case.refresh_from_db()
    assert form.case.state == "oplysninger_modtaget"
    assert form.case.notifications.filter(kind="form_submitted").count() == 2


def test_submit_refuses_missing_required_answers(requested_form, supplier_user, django_capture_on_commit_callbacks):
    queued = set(requested_form.case.notifications.values_list("pk", flat=True))  # the request to the supplier
    with django_capture_on_commit_callbacks() as after_commit, pytest.raises(ValidationError, match="mangler"):
        form_submit(form=requested_form, user=supplier_user)
    # A refused submission tells nobody: no notification is queued and nothing is sent after the commit.
    assert set(requested_form.case.notifications.values_list("pk", flat=True)) == queued
    assert after_commit == []
    requested_form.case.refresh_from_db()
    assert requested_form.case.state == "oplysninger_anmodet"
