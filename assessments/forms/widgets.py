"""A select widget rendered in Python, for the GET filter forms of the list pages.

Django's Select renders every option through two templates (select_option.html and attrs.html): for the
placement search's 98 municipalities and the other filter lists that was most of the page's rendering time.
PlainSelect writes the same HTML (byte for byte, see tests/test_filter_select_widget.py) with string
formatting; the selected option is marked as Django marks it (the first option whose value matches).
Choices with option groups fall back to Django's rendering.
"""

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {name}")
        elif value is not False:
            out.append(format_html(' {}="{}"', name, str(value)))
    return "".join(out)


class PlainSelect(forms.Select):
    """forms.Select with the template rendering replaced by string formatting (same output)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        values = set(self.format_value(value))
        options = []
        has_selected = False
        for option_value, label in choices:
            option = "" if option_value is None else str(option_value)
            selected = not has_selected and option in values
            has_selected |= selected
            options.append(
                '\n  <option value="{}"{}>{}</option>\n'.format(
                    conditional_escape(option), " selected" if selected else "", conditional_escape(str(label))
                )
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - every value above is escaped
            '<select name="{}"{}>{}\n</select>'.format(conditional_escape(name), _attrs(final_attrs), "".join(options))
        )
