"""PlainSelect (the filter forms' select rendered in Python) writes exactly what Django's Select writes."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from assessments.forms.register import PlacementSearchForm
from assessments.forms.widgets import PlainSelect

CHOICES = [
    ("", _("Alle kommuner")),
    (101, "København"),
    (147, "Frederiksberg"),
    ("x<y", 'Æble & "pære" <b>'),
    (None, "Ingen"),
]


@pytest.mark.parametrize("value", [None, "", 101, "101", "147", "x<y", "unknown", ["101", "147"]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_k", "class": "form-select"}, {"aria-invalid": "true", "required": True, "disabled": False}],
)
def test_plain_select_writes_the_same_html_as_django_select(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("k", value, attrs)
    plain_html = PlainSelect(choices=CHOICES).render("k", value, attrs)
    assert plain_html == django_html


def test_plain_select_marks_only_the_first_matching_option_selected():
    html = PlainSelect(choices=[("a", "A"), ("a", "A igen")]).render("k", "a")
    assert html.count(" selected") == 1
    assert html == forms.Select(choices=[("a", "A"), ("a", "A igen")]).render("k", "a")


def test_plain_select_with_option_groups_falls_back_to_django():
    grouped = [("Sjælland", [("101", "København")]), ("", "Alle")]
    assert PlainSelect(choices=grouped).render("k", "101") == forms.Select(choices=grouped).render("k", "101")


@pytest.mark.django_db
def test_placement_search_form_renders_as_with_django_select_in_english_too():
    data = {"municipality": "101", "level": "3", "ownership": "privat", "matrikelloes": "nej"}
    with override("en"):
        form = PlacementSearchForm(data, target_groups=[], socialtilsyn=[], regions=["Region Hovedstaden"])
        assert form.is_valid(), form.errors
        for name in ("municipality", "level", "ownership", "matrikelloes", "region"):
            bound = form[name]
            plain = bound.as_widget()
            bound.field.widget = forms.Select(choices=bound.field.widget.choices)
            assert plain == bound.as_widget()
            assert " selected>" in plain or name == "region"
