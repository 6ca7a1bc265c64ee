"""The DKFDS template helpers give the same markup as Django's own widget templates."""

from django import forms
from django.utils.safestring import mark_safe

from crispy_dkfds.templatetags.crispy_dkfds import _plain_widget_html, dkfds_option_input


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


class AnswerForm(forms.Form):
    text = forms.CharField(max_length=20, help_text="Hjælp")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    amount = forms.DecimalField(min_value=0, required=False, localize=True)
    mail = forms.EmailField(disabled=True, required=False)
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_plain_inputs_and_textareas_are_the_markup_of_as_widget():
    attrs = {"class": "form-input", "aria-describedby": "id_text-hint", "aria-invalid": "true"}
    for data in (
        None,
        {"text": 'Svar "med" <tegn> & mere', "note": "Linje 1\n<b>fed</b>", "amount": "1,5", "kind": "a"},
        {"text": mark_safe("<i>sikker</i>"), "note": "", "amount": "", "kind": "a"},
    ):
        form = AnswerForm(data, initial={"mail": "a@b.dk", "note": "Start & slut"})
        for name in ("text", "note", "amount", "mail"):
            html = _plain_widget_html(form[name], dict(attrs))
            assert html is not None, name
            assert str(html) == str(form[name].as_widget(attrs=dict(attrs))), name
    # what a user typed is escaped; only markup the code marked safe is not (as in Django's template)
    assert 'value="Svar &quot;med&quot; &lt;tegn&gt; &amp; mere"' in str(
        _plain_widget_html(AnswerForm({"text": 'Svar "med" <tegn> & mere'})["text"], {})
    )


def test_other_widgets_are_left_to_their_templates():
    assert _plain_widget_html(AnswerForm()["kind"], {}) is None
    assert _plain_widget_html(CitationForm()["cited"], {}) is None
