"""Parsing and checking the supplier's answers to the oplysningsskema. Pure: no Django imports.

A question is described by a QuestionSpec (targetgroups.domain.questions, built from a FormQuestion).
`parse_answer` turns what a browser sent (strings) into the stored JSON value, or into Danish error messages. Whether a
required question is answered is a separate check (`is_answered`), because answers are saved as the
supplier goes and may be incomplete until the form is submitted.
"""

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from targetgroups.domain.questions import (
    DATE,
    FILE,
    INTEGER,
    LONG_TEXT,
    MULTIPLE,
    SHORT_TEXT,
    SINGLE,
    TABLE,
    TEXT_KINDS,
    YES_NO,
    ColumnSpec,
    QuestionSpec,
)

# The kinds and specs are targetgroups' (targetgroups.domain.questions); the names stay importable from here
# for the answer rules' callers.
__all__ = [
    "DATE",
    "FILE",
    "INTEGER",
    "LONG_TEXT",
    "MULTIPLE",
    "SHORT_TEXT",
    "SINGLE",
    "TABLE",
    "TEXT_KINDS",
    "YES_NO",
    "ColumnSpec",
    "Conflict",
    "Parsed",
    "Progress",
    "QuestionSpec",
    "SectionInput",
    "SectionOutcome",
    "count_words",
    "display_value",
    "is_answered",
    "is_blank_row",
    "parse_answer",
    "progress",
    "table_text",
]

SHORT_TEXT_MAX_CHARS = 300
YES_VALUES = {"ja", "yes", "true", "1", "on"}
NO_VALUES = {"nej", "no", "false", "0"}

# A checker returns a Danish message when the text must be refused (e.g. it holds a CPR number).
TextCheck = Callable[[str], str | None]


@dataclass
class Parsed:
    """The outcome of parsing one answer: a value to store, or errors (general and per table cell)."""

    value: Any = None
    errors: list[str] = field(default_factory=list)
    cell_errors: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cell_errors


# Words are separated by any Unicode space (str.isspace: NBSP, ideographic space, …) and by the invisible
# characters that render as nothing, so "ord\u200bord" cannot pass as one word under a word limit.
ZERO_WIDTH = "\u180e\u200b\u200c\u200d\u2060\ufeff"
WORD_SEPARATORS = re.compile(rf"[\s{ZERO_WIDTH}]+")
# Sane bounds: a number or a date outside them is a typing error, and would break sums and deadlines later.
INTEGER_LIMIT = 1_000_000_000
INTEGER_LIMIT_ERROR = "Tallet er for stort. Skriv et tal mellem -1.000.000.000 og 1.000.000.000."
DATE_FIRST_YEAR, DATE_LAST_YEAR = 1900, 2100
NUL_ERROR = "Teksten indeholder et ugyldigt tegn (NUL), fx fra en kopieret tekst. Skriv teksten igen uden det."


def count_words(text: str) -> int:
    return sum(1 for word in WORD_SEPARATORS.split(text) if word)


def _too_long(text: str, limit: int | None) -> str | None:
    if limit is not None and len(text) > limit:
        return f"Svaret må højst være {limit} tegn (nu {len(text)}). Skriv kortere, eller vedhæft et bilag."
    return None


def _parse_int(raw: str, lo: int | None, hi: int | None) -> tuple[int | None, str | None]:
    cleaned = raw.strip().replace(".", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+", cleaned):
        return None, "Skriv et helt tal, fx 12."
    if len(cleaned.lstrip("-").lstrip("0")) > len(str(INTEGER_LIMIT)):
        return None, INTEGER_LIMIT_ERROR  # checked before int(): Python refuses to convert very long digit strings
    number = int(cleaned)
    if abs(number) > INTEGER_LIMIT:
        return None, INTEGER_LIMIT_ERROR
    if lo is not None and number < lo:
        return None, f"Tallet skal være mindst {lo}."
    if hi is not None and number > hi:
        return None, f"Tallet må højst være {hi}."
    return number, None


def _parse_yes_no(raw: str) -> tuple[bool | None, str | None]:
    lowered = raw.strip().lower()
    if lowered in YES_VALUES:
        return True, None
    if lowered in NO_VALUES:
        return False, None
    return None, "Vælg ja eller nej."


def _parse_text(raw: str, *, short: bool, max_words: int | None, check: TextCheck | None) -> tuple[str, str | None]:
    text = raw.strip().replace("\r\n", "\n")
    if "\x00" in text:
        # PostgreSQL cannot store it, and no keyboard types it: it comes from a broken paste or a tool.
        return text.replace("\x00", ""), NUL_ERROR
    if short and len(text) > SHORT_TEXT_MAX_CHARS:
        return text, f"Svaret må højst være {SHORT_TEXT_MAX_CHARS} tegn (nu {len(text)})."
    if max_words is not None and count_words(text) > max_words:
        return (
            text,
            f"Svaret må højst være {max_words} ord (nu {count_words(text)}). Skriv kortere, eller vedhæft et bilag.",
        )
    if check is not None and text:
        refusal = check(text)
        if refusal:
            return text, refusal
    return text, None


def _parse_date(raw: str) -> datetime.date | None:
    """ISO (from a date input) or the Danish dd-mm-åååå / dd.mm.åååå / dd/mm/åååå."""
    text = raw.strip()
    match = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, Sequence):
        return len(raw) == 0
    return False


def parse_answer(spec: QuestionSpec, raw: Any, *, text_check: TextCheck | None = None) -> Parsed:
    """Turn raw input into the stored value. Blank input gives value None (not an error: saved as you go)."""
    if spec.kind == FILE:
        raise ValueError("file answers are attachments, not parsed values")
    if spec.kind == TABLE:
        return _parse_table(spec, raw or [], text_check)
    if spec.kind == MULTIPLE:
        picked = [str(v) for v in (raw or []) if str(v).strip()]
        unknown = [v for v in picked if v not in spec.choices]
        if unknown:
            return Parsed(errors=["Vælg kun blandt de viste muligheder."])
        # Keep the template's order, not the click order.
        return Parsed(value=[c for c in spec.choices if c in picked] or None)
    if _is_blank(raw):
        return Parsed(value=None)
    raw = str(raw)
    if too_long := _too_long(raw.strip(), spec.max_chars):
        return Parsed(errors=[too_long])
    if spec.kind == INTEGER:
        number, error = _parse_int(raw, spec.min_value, spec.max_value)
        return Parsed(value=number, errors=[error] if error else [])
    if spec.kind == YES_NO:
        flag, error = _parse_yes_no(raw)
        return Parsed(value=flag, errors=[error] if error else [])
    if spec.kind == SINGLE:
        if raw not in spec.choices:
            return Parsed(errors=["Vælg en af de viste muligheder."])
        return Parsed(value=raw)
    if spec.kind in TEXT_KINDS:
        text, error = _parse_text(raw, short=spec.kind == SHORT_TEXT, max_words=spec.max_words, check=text_check)
        return Parsed(value=text, errors=[error] if error else [])
    if spec.kind == DATE:
        parsed_date = _parse_date(raw)
        if parsed_date is None:
            return Parsed(errors=["Skriv datoen som dd-mm-åååå, fx 01-03-2026."])
        if not DATE_FIRST_YEAR <= parsed_date.year <= DATE_LAST_YEAR:
            return Parsed(errors=[f"Datoen skal ligge mellem år {DATE_FIRST_YEAR} og {DATE_LAST_YEAR}."])
        return Parsed(value=parsed_date.isoformat())
    raise ValueError(f"unknown question kind {spec.kind!r}")


def _parse_table(spec: QuestionSpec, rows: Sequence[Mapping[str, Any]], check: TextCheck | None) -> Parsed:
    result = Parsed()
    refused_cells: list[str] = []

    def cell_check(text: str) -> str | None:
        refusal = check(text) if check is not None else None
        if refusal:
            refused_cells.append(refusal)
        return refusal

    values: list[dict[str, Any]] = []
    kept = [row for row in rows if any(not _is_blank(row.get(c.key)) for c in spec.columns)]
    if spec.max_rows is not None and len(kept) > spec.max_rows:
        result.errors.append(f"Tabellen må højst have {spec.max_rows} rækker.")
    for index, row in enumerate(kept):
        stored: dict[str, Any] = {}
        for column in spec.columns:
            raw = row.get(column.key)
            if _is_blank(raw):
                if column.required:
                    result.cell_errors[(index, column.key)] = f"Udfyld «{column.label}»."
                stored[column.key] = None
                continue
            if spec.max_cell_chars is not None and len(str(raw).strip()) > spec.max_cell_chars:
                length = len(str(raw).strip())
                result.cell_errors[(index, column.key)] = (
                    f"Feltet må højst være {spec.max_cell_chars} tegn (nu {length})."
                )
                stored[column.key] = None
                continue
            cell_spec = QuestionSpec(
                kind=column.kind, choices=column.choices, min_value=column.min_value, max_value=column.max_value
            )
            parsed = parse_answer(cell_spec, raw, text_check=cell_check if check is not None else None)
            if parsed.errors:
                result.cell_errors[(index, column.key)] = parsed.errors[0]
            stored[column.key] = parsed.value
        values.append(stored)
    if check is not None and not refused_cells and (refusal := check(table_text(spec, kept))):
        result.errors.append(refusal)  # a number split over two cells or rows: no single cell holds it
    result.value = values or None
    return result


def table_text(spec: QuestionSpec, rows: Sequence[Mapping[str, Any]]) -> str:
    """The text typed into a table answer: each row's free-input cells (text and integer columns, as typed)
    joined by a space, rows joined by a line break. Choice and yes/no cells come from the template and are left out.

    The CPR check reads this as well as each cell, so a number split over two cells or rows is found.
    """
    typed = [c.key for c in spec.columns if c.kind in TEXT_KINDS or c.kind == INTEGER]
    lines = (" ".join(str(row.get(key)).strip() for key in typed if not _is_blank(row.get(key))) for row in rows)
    return "\n".join(line for line in lines if line)


def is_answered(spec: QuestionSpec, value: Any, *, attachment_count: int = 0) -> bool:
    """True when the question counts as answered for progress and for submitting."""
    if spec.kind == FILE:
        return attachment_count > 0
    if spec.kind == YES_NO:
        return value is not None
    return not _is_blank(value)


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.required

    @property
    def percent(self) -> int:
        return 100 if self.required == 0 else round(100 * self.answered / self.required)


def progress(items: Sequence[tuple[QuestionSpec, Any, int]]) -> Progress:
    """Progress over (spec, value, attachment_count) triples: required questions answered."""
    required = [(s, v, n) for s, v, n in items if s.required]
    return Progress(
        answered=sum(1 for s, v, n in required if is_answered(s, v, attachment_count=n)), required=len(required)
    )


DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def display_value(spec: QuestionSpec, value: Any) -> str:
    """A one-line Danish rendering of a stored value, for review pages, conflicts and PDFs."""
    if value is None or value == [] or value == "":
        return "Ikke besvaret"
    if spec.kind == YES_NO:
        return "Ja" if value else "Nej"
    if spec.kind == MULTIPLE:
        return ", ".join(value)
    if spec.kind == DATE:
        # As text, like the product's DATE_FORMAT (core/formats/da): dd-mm-åååå is only for typing it in.
        day = datetime.date.fromisoformat(value)
        return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
    if spec.kind == TABLE:
        return f"{len(value)} række" + ("" if len(value) == 1 else "r")
    return str(value)


def is_blank_row(row: Mapping[str, Any]) -> bool:
    """A table row the browser sent with nothing typed in it (the page always offers a few empty rows)."""
    return not any(str(v or "").strip() for v in row.values())


@dataclass
class Conflict:
    """Someone else saved this answer after the user loaded it. Both values are shown; nothing is lost."""

    current_value: Any
    current_display: str
    current_revision: int
    saved_by: str
    saved_at: datetime.datetime | None
    your_value: Any
    your_display: str


@dataclass
class SectionInput:
    """What one POST of a section of the form sent, by question id (read by the view, saved by the service)."""

    raws: dict[int, Any] = field(default_factory=dict)  # the typed values of the questions with an input
    uploads: dict[int, Any] = field(default_factory=dict)  # a file chosen at a file question
    revisions: dict[int, str | None] = field(default_factory=dict)  # the revision the page showed
    force: str | None = None  # the question whose conflict the supplier settled with "Behold min"


@dataclass
class SectionOutcome:
    """What one POST of a section did: per question, the errors and conflicts to show; new revisions."""

    errors: dict[int, list[str]] = field(default_factory=dict)
    cell_errors: dict[int, dict[tuple[int, str], str]] = field(default_factory=dict)
    conflicts: dict[int, Conflict] = field(default_factory=dict)
    revisions: dict[int, int] = field(default_factory=dict)
    uploaded: list[str] = field(default_factory=list)  # names of the files stored
    confirmed: bool = False
    removed: str | None = None  # name of the file removed

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cell_errors and not self.conflicts

    def add_parsed(self, question_id: int, raw: Any, parsed: Parsed) -> None:
        """The parser's errors, with table cells renumbered: the parser counts only the rows that hold
        something, the page counts every row it showed."""
        if parsed.errors:
            self.errors[question_id] = list(parsed.errors)
        if parsed.cell_errors:
            shown = [i for i, row in enumerate(raw) if not is_blank_row(row)]
            self.cell_errors[question_id] = {(shown[r], c): m for (r, c), m in parsed.cell_errors.items()}
