"""The DKFDS template helpers give the same markup as Django's own widget templates."""

from django import forms

from crispy_dkfds.templatetags.crispy_dkfds import dkfds_option_input


class CitationForm(forms.Form):
    cited = forms.MultipleChoiceField(
        choices=[("1", "Et"), ("2", 'To "citeret" & <mærket>'), ("3", "Tre")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox", "form": "parameter-form"}),
    )
    level = forms.ChoiceField(choices=[("1", "Lav"), ("2", "Høj")], widget=forms.RadioSelect, required=True)


def test_option_input_is_the_markup_of_djangos_option_tag_checked_or_not():
    form = CitationForm(initial={"cited": ["2"], "level": "1"})
    options = list(form["cited"]) + list(form["level"])
    assert len(options) == 5
    for option in options:
        assert str(dkfds_option_input(option)) == str(option.tag())
    checked = str(dkfds_option_input(options[1]))
    assert checked.endswith(' id="id_cited_1" checked>')
    assert 'form="parameter-form"' in checked


def test_option_input_escapes_values_and_attributes():
    form = CitationForm()
    option = next(iter(form["cited"]))
    option.data["value"] = '"><script>'
    option.data["attrs"] = {**option.data["attrs"], "data-note": "a&b"}
    html = str(dkfds_option_input(option))
    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html
    assert 'data-note="a&amp;b"' in html
    assert html == str(option.tag())
