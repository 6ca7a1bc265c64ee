"""Fixtures for cases: a published form template with every question kind, an opened case, a requested form."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from assessments.services.cases import case_open
from assessments.services.information_form import form_request
from targetgroups.domain.model import SUPPLIER_PARAMETERS
from targetgroups.models import FormQuestion, FormTemplate
from targetgroups.services import version_publish

from .. import factories

STAFF_COLUMNS = [
    {"key": "funktion", "label": "Funktion", "kind": "short_text"},
    {"key": "aar", "label": "Års erfaring", "kind": "integer", "min": 0, "max": 60},
    {"key": "vikar", "label": "Vikar", "kind": "yesno", "required": False},
]

# One question of each kind, spread over the eight parameters (every parameter gets at least one).
QUESTIONS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "aktiv_praksis",
        "borgere-hoejt",
        "integer",
        "Hvor mange borgere med behov på højt niveau?",
        {"min_value": 0, "max_value": 500},
    ),
    ("praksiserfaring", "personale", "table", "Personale", {"columns": STAFF_COLUMNS, "max_rows": 50}),
    ("uddannelse", "certificering", "yesno", "Har medarbejdere særlig certificering?", {}),
    ("fagmiljoe", "vagtplan", "file", "Vedhæft vagtplan", {"required": False}),
    ("samarbejdsformer", "samarbejde", "long_text", "Beskriv samarbejdet", {"max_words": 500}),
    (
        "vidensudvikling",
        "aktiviteter",
        "multiple",
        "Hvilke aktiviteter?",
        {"choices": ["Kurser", "Netværk", "Forskning"]},
    ),
    ("metoder", "hovedmetode", "single", "Hvilken metode bruges mest?", {"choices": ["TEACCH", "KRAP", "Andet"]}),
    ("hjaelpemidler", "seneste-kursus", "date", "Dato for seneste kursus i hjælpemidler", {"required": False}),
    ("", "tilbudstype", "short_text", "Hvilken slags tilbud er I?", {}),
]


@pytest.fixture
def published_form_template(published_guide, fagadmin):
    template = FormTemplate.objects.create(
        target_group=published_guide.target_group, guide=published_guide, version=1, title="Oplysningsskema"
    )
    assert {p for p, *_ in QUESTIONS if p} == {p.value for p in SUPPLIER_PARAMETERS}
    # One insert for all questions: the template is a fresh draft, so ChildOfVersion.save()'s guard has
    # nothing to refuse (the database's triggers still run).
    FormQuestion.objects.bulk_create(
        FormQuestion(
            template=template, parameter=parameter, position=position, key=key, kind=kind, label=label, **extra
        )
        for position, (parameter, key, kind, label, extra) in enumerate(QUESTIONS)
    )
    return version_publish(version=template, user=fagadmin)


@pytest.fixture
def second_consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent2", socialtilsyn=tilsyn)


@pytest.fixture
def case(supplier, target_group, published_form_template, national_rule, consultant, second_consultant, leader):
    """An opened case (state 'oprettet') on supplier A with consultant as primary."""
    return case_open(
        user=leader,
        supplier=supplier,
        target_group=target_group,
        primary_consultant=consultant,
        second_consultant=second_consultant,
        leader=leader,
    )


@pytest.fixture
def requested_form(case, consultant):
    """The case's information form, requested by the primary consultant with a 21-day deadline."""
    return form_request(case=case, user=consultant, deadline=timezone.localdate() + datetime.timedelta(days=21))
