"""The supplier's side of the oplysningsskema: one form field per question, rendered the DKFDS way.

These forms only render inputs and read back what the browser sent, as raw strings, so that a refused
save can show exactly what was typed. Parsing and checking live in assessments.domain.answers
(`parse_answer`), and saving in assessments.services.information_form (`answer_save`); Django's own field
validation is switched off here so that every message the supplier sees comes from one place.
"""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from assessments.domain.answers import SectionInput
from targetgroups.domain.questions import (
    DATE,
    FILE,
    INTEGER,
    LONG_TEXT,
    MULTIPLE,
    SHORT_TEXT,
    SINGLE,
    TABLE,
    YES_NO,
    ColumnSpec,
)
from targetgroups.models import FormQuestion

YES, NO = "ja", "nej"
YES_NO_CHOICES = [(YES, _("Ja")), (NO, _("Nej"))]
# Without JavaScript a table can only grow by a round trip, so a few empty rows are always offered.
EMPTY_TABLE_ROWS = 2
MORE_TABLE_ROWS = 3
MAX_TABLE_ROWS_POSTED = 500


def field_name(question: FormQuestion) -> str:
    return f"q{question.pk}"


def file_field_name(question: FormQuestion) -> str:
    return f"fil-q{question.pk}"


def _cell_text(column: ColumnSpec, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == YES_NO:
        return YES if value else NO
    return str(value)


def initial_value(question: FormQuestion, value: Any) -> Any:
    """The stored value as the strings an input shows (the reverse of parse_answer)."""
    if value is None:
        return [] if question.kind in (MULTIPLE, TABLE) else ""
    if question.kind == YES_NO:
        return YES if value else NO
    if question.kind == DATE:
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    if question.kind == TABLE:
        columns = [ColumnSpec.from_json(c) for c in question.columns or ()]
        return [{c.key: _cell_text(c, row.get(c.key)) for c in columns} for row in value]
    if question.kind == MULTIPLE:
        return list(value)
    return str(value)


class TableWidget(forms.Widget):
    """A repeating table: one row of inputs per row of the answer, plus empty rows to fill in.

    Inputs are named `<name>-<row>-<column>` and `<name>-rows` carries how many rows were shown, so the
    widget reads back every row, blank or not. Blank rows are dropped when the answer is parsed. Without
    JavaScript, "Tilføj flere rækker" is a submit button and the page comes back with more empty rows;
    with JavaScript the button copies an empty row in place.
    """

    template_name = "assessments/supplier/widgets/table.html"

    def __init__(self, columns: list[ColumnSpec], *, question_label: str = "", attrs=None):
        super().__init__(attrs)
        self.columns = columns
        self.question_label = question_label
        self.extra_rows = EMPTY_TABLE_ROWS
        self.max_rows: int | None = None
        # Set by the view before rendering: {(shown row index, column key): message}.
        self.cell_errors: dict[tuple[int, str], str] = {}

    def _render(self, template_name, context, renderer=None):
        # The project's templates directory is not on Django's default form renderer's path.
        return render_to_string(template_name, context)

    def value_from_datadict(self, data, files, name) -> list[dict[str, str]]:
        try:
            count = min(int(data.get(f"{name}-rows", 0)), MAX_TABLE_ROWS_POSTED)
        except (TypeError, ValueError):
            count = 0
        return [{c.key: data.get(f"{name}-{i}-{c.key}", "") for c in self.columns} for i in range(max(count, 0))]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return f"{name}-rows" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [dict(r) for r in (value or [])]
        wanted = len(rows) + self.extra_rows
        if self.max_rows is not None:
            wanted = min(wanted, max(self.max_rows, len(rows)))
        rows += [{c.key: "" for c in self.columns} for _i in range(wanted - len(rows))]
        base_id = attrs.get("id") or f"id_{name}"
        shown = []
        for index, row in enumerate(rows):
            cells = []
            for column in self.columns:
                error = self.cell_errors.get((index, column.key))
                cells.append(
                    {
                        "column": column,
                        "name": f"{name}-{index}-{column.key}",
                        "id": f"{base_id}-{index}-{column.key}",
                        "value": row.get(column.key, ""),
                        "error": error,
                        "choices": YES_NO_CHOICES if column.kind == YES_NO else [(c, c) for c in column.choices],
                    }
                )
            shown.append({"number": index + 1, "cells": cells})
        context["widget"].update(
            {
                "columns": self.columns,
                "rows": shown,
                "row_count": len(rows),
                "base_id": base_id,
                "question_label": self.question_label,
                "can_add": self.max_rows is None or len(rows) < self.max_rows,
            }
        )
        return context


class TableField(forms.Field):
    widget = TableWidget


def _help_text(question: FormQuestion) -> SafeString:
    """The fagadmin's help text, escaped, plus the limits a supplier should know before typing.

    Help texts are escaped by the templates unless they are marked safe; this one is built from escaped parts
    only, so it is marked safe here and nowhere else.
    """
    parts = []
    if question.help_text:
        parts.append(linebreaks_filter(question.help_text, autoescape=True))
    if question.kind == INTEGER and (question.min_value is not None or question.max_value is not None):
        if question.min_value is not None and question.max_value is not None:
            limit = _("Et helt tal fra %(lo)s til %(hi)s.") % {"lo": question.min_value, "hi": question.max_value}
        elif question.min_value is not None:
            limit = _("Et helt tal, mindst %(lo)s.") % {"lo": question.min_value}
        else:
            limit = _("Et helt tal, højst %(hi)s.") % {"hi": question.max_value}
        parts.append(format_html("<p>{}</p>", limit))
    if question.kind == DATE:
        parts.append(format_html("<p>{}</p>", _("Skriv datoen som dd-mm-åååå, fx 01-03-2026.")))
    if question.kind == LONG_TEXT and question.max_words:
        parts.append(format_html("<p>{}</p>", _("Højst %(n)s ord.") % {"n": question.max_words}))
    if question.kind in (SHORT_TEXT, LONG_TEXT):
        parts.append(
            format_html("<p>{}</p>", _("Skriv aldrig navne eller CPR-numre på borgere – kun samlede tal og forhold."))
        )
    return format_html_join("", "{}", ((p,) for p in parts))


def question_field(question: FormQuestion) -> forms.Field:
    """The form field for a question (not for file questions: files are uploaded one at a time)."""
    common: dict[str, Any] = {"label": question.label, "required": question.required, "help_text": _help_text(question)}
    kind = question.kind
    if kind == INTEGER:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-width-s", "autocomplete": "off"}),
            **common,
        )
    if kind == YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    if kind == SINGLE:
        return forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common)
    if kind == MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == SHORT_TEXT:
        return forms.CharField(widget=forms.TextInput(attrs={"autocomplete": "off"}), strip=False, **common)
    if kind == LONG_TEXT:
        attrs = {"rows": 8}
        if question.max_words:
            attrs["data-max-words"] = question.max_words
        return forms.CharField(widget=forms.Textarea(attrs=attrs), strip=False, **common)
    if kind == DATE:
        return forms.CharField(
            widget=forms.TextInput(attrs={"class": "input-width-s", "autocomplete": "off", "inputmode": "numeric"}),
            **common,
        )
    if kind == TABLE:
        columns = [ColumnSpec.from_json(c) for c in question.columns or ()]
        field = TableField(widget=TableWidget(columns, question_label=question.label), **common)
        # The question's limit, never above the system's: the page offers no row the save would refuse.
        limit = settings.FORM_TABLE_MAX_ROWS
        field.widget.max_rows = limit if question.max_rows is None else min(question.max_rows, limit)
        return field
    raise ValueError(f"no field for question kind {kind!r}")


class SectionForm(forms.Form):
    """The editable questions of one section of the form, as raw inputs.

    `full_clean` validates nothing: the view reads raw values with `raw()`, saves them through the
    service, and puts the service's Danish messages back on the fields with `add_error`.
    """

    def __init__(self, *args, questions: list[FormQuestion], initial_values: dict[int, Any], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {q.pk: q for q in questions}
        for question in questions:
            if question.kind == FILE:
                continue
            name = field_name(question)
            self.fields[name] = question_field(question)
            self.initial[name] = initial_value(question, initial_values.get(question.pk))
            if self.is_bound and isinstance(self.fields[name].widget, TableWidget):
                # The posted rows already include the empty ones the page showed.
                self.fields[name].widget.extra_rows = 0

    def full_clean(self) -> None:
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def raw(self, question: FormQuestion) -> Any:
        """What the browser sent for this question, untouched (a table: a list of row dicts)."""
        name = field_name(question)
        return self.fields[name].widget.value_from_datadict(self.data, self.files, self.add_prefix(name))

    def section_input(self) -> SectionInput:
        """What the browser sent for the section, by question: typed values, chosen files, shown revisions."""
        questions = self.questions.values()
        return SectionInput(
            raws={q.pk: self.raw(q) for q in questions if q.kind != FILE},
            uploads={
                q.pk: self.files[file_field_name(q)]
                for q in questions
                if q.kind == FILE and file_field_name(q) in self.files
            },
            revisions={q.pk: self.data.get(f"rev-{field_name(q)}") for q in questions},
            force=self.data.get("force"),
        )

    def show_more_rows(self, question: FormQuestion, extra: int = MORE_TABLE_ROWS) -> None:
        field = self.fields.get(field_name(question))
        if field is not None and isinstance(field.widget, TableWidget):
            field.widget.extra_rows += extra

    def set_cell_errors(self, question: FormQuestion, errors: dict[tuple[int, str], str]) -> None:
        self.fields[field_name(question)].widget.cell_errors = errors
