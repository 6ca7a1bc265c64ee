"""What a question of the oplysningsskema is: its kind and its rules (QuestionSpec). Pure: no Django imports.

This is the one definition of the question kinds. targetgroups.models.QuestionKind gives them their labels,
targetgroups.domain.columns writes table columns in this shape, and assessments.domain.answers parses and
checks answers against a QuestionSpec built from a targetgroups.FormQuestion.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

INTEGER, YES_NO, SINGLE, MULTIPLE = "integer", "yesno", "single", "multiple"
SHORT_TEXT, LONG_TEXT, DATE, FILE, TABLE = "short_text", "long_text", "date", "file", "table"
# Every kind, in the order the fagadministrator's chooser offers them.
KINDS = (INTEGER, YES_NO, SINGLE, MULTIPLE, SHORT_TEXT, LONG_TEXT, DATE, FILE, TABLE)
TEXT_KINDS = frozenset({SHORT_TEXT, LONG_TEXT})
CHOICE_KINDS = frozenset({SINGLE, MULTIPLE})
# The kinds a column of a table question may have.
COLUMN_KINDS = frozenset({INTEGER, YES_NO, SINGLE, SHORT_TEXT})


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table question, as stored in FormQuestion.columns (JSON)."""

    key: str
    label: str
    kind: str = SHORT_TEXT
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    required: bool = True

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ColumnSpec":
        kind = data.get("kind", SHORT_TEXT)
        if kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {kind!r}")
        return cls(
            key=str(data["key"]),
            label=str(data.get("label", data["key"])),
            kind=kind,
            choices=tuple(data.get("choices", ())),
            min_value=data.get("min"),
            max_value=data.get("max"),
            required=bool(data.get("required", True)),
        )


@dataclass(frozen=True)
class QuestionSpec:
    """The rules of one question: what kind of answer it takes and the bounds on it."""

    kind: str
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    max_words: int | None = None
    choices: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    max_rows: int | None = None
    # Bounds on what one answer may cost to store, check and render (from settings; None: unbounded).
    max_chars: int | None = None
    max_cell_chars: int | None = None
