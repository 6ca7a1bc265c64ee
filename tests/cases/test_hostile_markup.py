"""Text a fagadministrator writes into a form template (labels, help texts, choices) is shown as text, never run.

The module overrides `published_form_template` so that every kind of question a supplier sees carries markup
that would run script if it reached the page unescaped.
"""

import pytest
from django.urls import reverse

from targetgroups.models import FormQuestion, FormTemplate
from targetgroups.services import version_publish

from .conftest import QUESTIONS

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"


@pytest.fixture
def published_form_template(published_guide, fagadmin):
    template = FormTemplate.objects.create(
        target_group=published_guide.target_group, guide=published_guide, version=1, title="Oplysningsskema"
    )
    for position, (parameter, key, kind, label, extra) in enumerate(QUESTIONS):
        FormQuestion.objects.create(
            template=template,
            parameter=parameter,
            position=position,
            key=key,
            kind=kind,
            label=f"{label} {HOSTILE}",
            help_text=f"Hjælp {HOSTILE}",
            **extra,
        )
    return version_publish(version=template, user=fagadmin)


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("generelt", "short text (label)"),
        ("aktiv_praksis", "integer (label)"),
        ("metoder", "single choice (legend)"),
        ("uddannelse", "yes/no (legend)"),
        ("praksiserfaring", "table (legend and hint)"),
        ("samarbejdsformer", "long text (label)"),
        ("hjaelpemidler", "date (label)"),
        ("fagmiljoe", "file (label)"),
    ],
)
def test_question_label_and_help_text_with_markup_are_shown_as_text_on_the_supplier_form(
    section, kind, requested_form, supplier_client
):
    response = supplier_client.get(reverse("assessments:form_section", args=[requested_form.case.pk, section]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<img src=x" not in html, kind
    assert "<script>alert" not in html, kind
    # Label and help text both appear, escaped.
    assert html.count(ESCAPED) >= 2, kind
