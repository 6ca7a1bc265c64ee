"""Template helpers of the "dkfds" crispy-forms pack: which DKFDS control a field becomes, and its widget
rendered with the DKFDS class plus the aria attributes that tie it to its hint and error message."""

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_INPUT_CLASS = {
    "select": "form-select",
    "textarea": "form-input",
    "checkbox": "form-checkbox",
    "input": "form-input",
}


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget):
        return "multivalue"
    if isinstance(widget, forms.Select):  # includes SelectMultiple and NullBooleanSelect
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def dkfds_kind(field: BoundField) -> str:
    """One of: hidden, checkboxes, radios, checkbox, multivalue, select, textarea, file, input."""
    return _kind(field)


@register.filter
def dkfds_hint_id(field: BoundField) -> str:
    return f"{field.auto_id}-hint"


@register.filter
def dkfds_error_id(field: BoundField) -> str:
    return f"{field.auto_id}-error"


def describedby(field: BoundField, *, show_errors: bool = True) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if show_errors and field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def dkfds_describedby(field: BoundField) -> str:
    return describedby(field)


@register.simple_tag(takes_context=True)
def dkfds_widget(context, field: BoundField, css_class: str = "") -> SafeString:
    """The field's own widget with the DKFDS input class and aria-describedby / aria-invalid set."""
    show_errors = context.get("form_show_errors", True)
    kind = _kind(field)
    widget_attrs = field.field.widget.attrs
    attrs: dict[str, str | bool] = {}
    classes = [_INPUT_CLASS.get(kind, "")]
    if kind == "multivalue":
        classes = ["form-input"]
    if widget_attrs.get("class"):
        classes.append(widget_attrs["class"])
    if css_class:
        classes.append(css_class)
    if show_errors and field.errors:
        attrs["aria-invalid"] = "true"
    css = " ".join(c for c in classes if c)
    if css:
        attrs["class"] = css
    described = " ".join(
        filter(None, [widget_attrs.get("aria-describedby", ""), describedby(field, show_errors=show_errors)])
    )
    if described:
        attrs["aria-describedby"] = described
    return _plain_widget_html(field, attrs) or field.as_widget(attrs=attrs)


@register.filter
def dkfds_anchor(field: BoundField) -> str:
    """The id of the first focusable element of a field, for links from the error summary."""
    if _kind(field) in ("radios", "checkboxes", "multivalue"):
        return f"{field.auto_id}_0"
    return field.auto_id


# Django's own widget templates, written out here for the plain widgets (see _plain_widget_html): each of these
# input templates is only `{% include "django/forms/widgets/input.html" %}` (this project overrides none of them).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "email", "url", "tel", "search", "password", "date", "datetime", "time")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: True gives a bare attribute, False none, anything else name="value"."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(" " + conditional_escape(name))
        elif value is not False:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _input_html(data: dict[str, Any]) -> SafeString:
    """django/forms/widgets/input.html for a widget's (or an option's) context."""
    value = "" if data["value"] is None else f' value="{conditional_escape(data["value"])}"'
    tag = f'<input type="{conditional_escape(data["type"])}" name="{conditional_escape(data["name"])}"{value}'
    return mark_safe(tag + _attrs_html(data["attrs"]) + ">")  # noqa: S308 - every part is escaped above


def _textarea_html(data: dict[str, Any]) -> SafeString:
    """django/forms/widgets/textarea.html for a widget's context."""
    value = conditional_escape(data["value"]) if data["value"] else ""
    tag = f'<textarea name="{conditional_escape(data["name"])}"{_attrs_html(data["attrs"])}>\n{value}</textarea>'
    return mark_safe(tag)  # noqa: S308 - every part is escaped above


def _plain_widget_html(field: BoundField, attrs: dict[str, Any]) -> SafeString | None:
    """The field's widget as `field.as_widget(attrs=attrs)` renders it, built here when the widget is a plain
    <input> or <textarea> on Django's own templates (None otherwise: the caller renders it the usual way).

    A supplier's section page shows a handful of fields and each went through the form renderer (a template
    render with an include per widget); the markup is the same."""
    widget = field.field.widget
    plain_input = widget.template_name in INPUT_TEMPLATES
    if type(widget).render is not forms.Widget.render or not (plain_input or widget.template_name == TEXTAREA_TEMPLATE):
        return None
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    data = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return _input_html(data) if plain_input else _textarea_html(data)


@register.filter
def dkfds_option_input(option: BoundWidget) -> SafeString:
    """One option of a checkbox or radio list (a BoundWidget) as its bare <input>: the markup of
    `{{ option.tag }}` (Django's input.html and attrs.html), built here. A judgement page places a dozen
    citation checkboxes one by one, and each `.tag` went through the form renderer's template machinery."""
    return _input_html(option.data)
