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


def _filter_forms():
    from assessments.forms.process import ProcessFilterForm
    from assessments.forms.statistics import StatisticsFilterForm

    halves = [("2024-1", "1. halvår 2024"), ("2024-2", "2. halvår 2024")]
    return [
        StatisticsFilterForm(
            {"maalgruppe": "1"}, target_groups=[(1, "A")], socialtilsyn=[(1, "S")], guides=[], half_years=halves
        ),
        StatisticsFilterForm(None, target_groups=[(1, "A & <b>")], socialtilsyn=None, guides=[], half_years=[]),
        # invalid (to before from): crispy writes it, with the error summary
        StatisticsFilterForm(
            {"fra": "2024-2", "til": "2024-1"}, target_groups=[], socialtilsyn=None, guides=[], half_years=halves
        ),
        PlacementSearchForm(None, target_groups=[], socialtilsyn=[], regions=["Region Hovedstaden"]),
        PlacementSearchForm({"q": "bo <x>", "level": "2"}, target_groups=[], socialtilsyn=[], regions=[]),
        PlacementSearchForm({"q": "x", "level": "9"}, target_groups=[], socialtilsyn=[], regions=[]),
        ProcessFilterForm({"periode": "24"}, target_groups=[(1, "A")], socialtilsyn=[(2, "S")]),
        ProcessFilterForm(None, target_groups=[(1, "A")], socialtilsyn=None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_filter_form_writes_what_crispy_writes_valid_unbound_and_invalid(language):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from assessments.templatetags.filter_forms import filter_form

    with override(language):
        forms_ = _filter_forms()
        for form in forms_:
            assert str(filter_form(form)) == str(as_crispy_form(form))
        assert any(form.errors for form in forms_)
        assert any(not form.is_bound for form in forms_)
