"""`{{ form|filter_form }}`: a GET filter form (selects and text inputs) written in Python, exactly as
`{{ form|crispy }}` writes it with the DKFDS pack (tests/test_filter_select_widget.py compares the two).

The filter forms above the placement search, the statistics and the Sagsforløb page render on every request;
through crispy's per-field templates they cost more than the rest of the page's table. A form with errors, or
with a field of any other kind, is left to crispy (the error summary, radios, checkboxes …)."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from crispy_dkfds.templatetags.crispy_dkfds import dkfds_kind, dkfds_widget

register = template.Library()

_PLAIN_KINDS = ("select", "input")


def _plain(form: forms.BaseForm) -> bool:
    if getattr(form, "form_html", None) or (form.is_bound and form.errors):
        return False
    return all(not field.is_hidden and field.label and dkfds_kind(field) in _PLAIN_KINDS for field in form)


def _field(field: forms.BoundField, hide_optional_marker: bool) -> str:
    """dkfds/field.html for a select or text input without errors, as crispy's spaceless leaves it."""
    esc = conditional_escape
    css = field.css_classes()
    wrapper = f"form-group {esc(css)}" if css else "form-group"
    marker = ""
    if not field.field.required and not hide_optional_marker:
        marker = f'<span class="weight-normal"> ({esc(gettext("frivilligt"))})</span>'
    hint = (
        f'<div class="form-hint" id="{esc(field.auto_id)}-hint">{esc(field.help_text)}</div> '
        if field.help_text
        else ""
    )
    label = f'<label class="form-label" for="{esc(field.id_for_label)}">{esc(field.label)}{marker}\n</label>'
    return f'<div id="div_{esc(field.auto_id)}" class="{wrapper}"> {label} {hint}{dkfds_widget({}, field)} </div>'


@register.filter
def filter_form(form: forms.BaseForm) -> SafeString:
    if not _plain(form):
        return as_crispy_form(form)
    hide = bool(getattr(form, "hide_optional_marker", False))
    return mark_safe("\n" + remove_spaces(" ".join(_field(field, hide) for field in form)) + "\n")  # noqa: S308
