"""Dates and numbers typed into the staff's forms stay within sane bounds, with the error beside the field."""

import pytest

from assessments.forms.casefile import InterviewNoteForm
from assessments.forms.cases import FormRequestForm
from assessments.forms.decisions import DecisionForm
from targetgroups.forms import PublishForm

DATE_RANGE = "Datoen skal ligge mellem år 1900 og 2100."


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "31-12-9999", "01-01-0001"])
@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (FormRequestForm, "deadline"),
        (InterviewNoteForm, "held_on"),
        (DecisionForm, "valid_from"),
        (PublishForm, "valid_from"),
    ],
)
def test_years_far_outside_the_working_range_get_a_danish_field_error(form_class, field, value):
    form = form_class(data={field: value})
    assert not form.is_valid()
    assert DATE_RANGE in form.errors[field]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["min_value", "max_value", "max_words", "max_rows"])
def test_question_limits_beyond_a_billion_get_a_field_error_not_a_database_error(field, published_guide):
    from targetgroups.forms import QuestionForm
    from targetgroups.models import FormTemplate
    from targetgroups.selectors import guide_criteria_of_template

    template = FormTemplate.objects.create(
        target_group=published_guide.target_group, guide=published_guide, version=1, title="Skema"
    )
    kind = {"max_words": "long_text", "max_rows": "table"}.get(field, "integer")
    criteria = guide_criteria_of_template(template=template)
    form = QuestionForm(data={field: str(10**30)}, template=template, kind=kind, criteria=criteria)
    assert not form.is_valid()
    assert field in form.errors
