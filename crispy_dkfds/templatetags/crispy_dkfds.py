"""Template helpers of the "dkfds" crispy-forms pack: which DKFDS control a field becomes, and its widget
rendered with the DKFDS class plus the aria attributes that tie it to its hint and error message."""

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.html import format_html
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
    return field.as_widget(attrs=attrs)


@register.filter
def dkfds_anchor(field: BoundField) -> str:
    """The id of the first focusable element of a field, for links from the error summary."""
    if _kind(field) in ("radios", "checkboxes", "multivalue"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def dkfds_option_input(option: BoundWidget) -> SafeString:
    """One option of a checkbox or radio list (a BoundWidget) as its bare <input>: the markup of
    `{{ option.tag }}` (Django's input.html and attrs.html), built here. A judgement page places a dozen
    citation checkboxes one by one, and each `.tag` went through the form renderer's template machinery."""
    data = option.data
    parts = [format_html('<input type="{}" name="{}"', data["type"], data["name"])]
    if data["value"] is not None:
        parts.append(format_html(' value="{}"', str(data["value"])))
    for name, value in data["attrs"].items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, str(value)))
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
