"""The one-line-per-column text syntax in which a fagadministrator writes a table question's columns.

Pure: no Django imports. A line reads ``nøgle | overskrift | type | ekstra | valgfri``:

- type is ``tal``, ``ja/nej``, ``valg`` or ``tekst`` (the stored names integer, yesno, single and
  short_text are accepted too);
- ekstra holds the choices of a ``valg`` column separated by ``;``, or the bounds of a ``tal`` column
  written ``0-60``, ``min 0`` or ``maks 60``;
- the word ``valgfri`` in the last part makes the column optional.

`parse_columns` returns the JSON list that targetgroups.domain.questions.ColumnSpec.from_json reads, or
Danish error messages naming the line; `columns_to_text` writes the list back for editing.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .questions import INTEGER, SHORT_TEXT, SINGLE, YES_NO, ColumnSpec

KIND_WORDS = {
    "tal": INTEGER,
    "helt tal": INTEGER,
    INTEGER: INTEGER,
    "ja/nej": YES_NO,
    "janej": YES_NO,
    YES_NO: YES_NO,
    "valg": SINGLE,
    SINGLE: SINGLE,
    "tekst": SHORT_TEXT,
    "kort tekst": SHORT_TEXT,
    SHORT_TEXT: SHORT_TEXT,
}
WORD_FOR_KIND = {INTEGER: "tal", YES_NO: "ja/nej", SINGLE: "valg", SHORT_TEXT: "tekst"}
OPTIONAL_WORD = "valgfri"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RANGE_PATTERN = re.compile(r"^(-?\d+)\s*[-–]\s*(-?\d+)$")
MIN_PATTERN = re.compile(r"\bmin\.?\s*(-?\d+)")
MAX_PATTERN = re.compile(r"\bmaks\.?\s*(-?\d+)")
MAX_COLUMNS = 12


def _parse_bounds(text: str) -> tuple[int | None, int | None] | None:
    """'0-60', 'min 0', 'maks 60' or 'min 0 maks 60' → (min, max); None when the text is not bounds."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None, None
    match = RANGE_PATTERN.fullmatch(cleaned)
    if match:
        return int(match.group(1)), int(match.group(2))
    low, high = MIN_PATTERN.search(cleaned), MAX_PATTERN.search(cleaned)
    leftover = MAX_PATTERN.sub("", MIN_PATTERN.sub("", cleaned)).strip(" ,")
    if (low or high) and not leftover:
        return (int(low.group(1)) if low else None), (int(high.group(1)) if high else None)
    return None


def parse_columns(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Parse the column lines. Returns (columns, errors); columns is only meaningful when errors is empty."""
    columns: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    lines = [(n, line.strip()) for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        return [], ["Skriv mindst én kolonne, én pr. linje: nøgle | overskrift | type."]
    if len(lines) > MAX_COLUMNS:
        errors.append(f"En tabel kan højst have {MAX_COLUMNS} kolonner (nu {len(lines)}).")
    for number, line in lines:
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            errors.append(
                f"Linje {number}: skriv mindst nøgle, overskrift og type adskilt af «|», fx «rolle | Rolle | tekst»."
            )
            continue
        key, label, kind_word, *rest = parts
        required = True
        if rest and rest[-1].lower() == OPTIONAL_WORD:
            required = False
            rest = rest[:-1]
        extra = " | ".join(p for p in rest if p)
        line_errors = []
        if not KEY_PATTERN.fullmatch(key):
            line_errors.append(
                f"Linje {number}: nøglen «{key}» må kun indeholde små bogstaver a-z, tal, - og _ (ikke æ, ø, å)."
            )
        elif key in seen:
            line_errors.append(f"Linje {number}: nøglen «{key}» er brugt i en anden kolonne.")
        seen.add(key)
        if not label:
            line_errors.append(f"Linje {number}: skriv en overskrift til kolonnen.")
        kind = KIND_WORDS.get(kind_word.lower())
        if kind is None:
            line_errors.append(f"Linje {number}: ukendt type «{kind_word}». Brug tal, ja/nej, valg eller tekst.")
        column: dict[str, Any] = {"key": key, "label": label, "kind": kind, "required": required}
        if kind == SINGLE:
            choices = [c.strip() for c in extra.split(";") if c.strip()]
            if len(choices) < 2:
                line_errors.append(
                    f"Linje {number}: en valg-kolonne skal have mindst to muligheder adskilt af «;», "
                    "fx «rolle | Ansættelse | valg | Fast; Vikar»."
                )
            elif len(set(choices)) != len(choices):
                line_errors.append(f"Linje {number}: den samme mulighed står flere gange.")
            column["choices"] = choices
        elif kind == INTEGER:
            bounds = _parse_bounds(extra)
            if bounds is None:
                line_errors.append(
                    f"Linje {number}: skriv grænserne for tallet som «0-60», «min 0» eller «maks 60» – eller intet."
                )
            else:
                low, high = bounds
                if low is not None and high is not None and low > high:
                    line_errors.append(f"Linje {number}: mindsteværdien {low} er større end højeste værdi {high}.")
                if low is not None:
                    column["min"] = low
                if high is not None:
                    column["max"] = high
        elif kind is not None and extra:
            line_errors.append(
                f"Linje {number}: en kolonne af typen «{WORD_FOR_KIND[kind]}» kan ikke have ekstra oplysninger "
                f"(«{extra}»)."
            )
        if not line_errors:
            try:
                ColumnSpec.from_json(column)
            except (KeyError, TypeError, ValueError):
                line_errors.append(f"Linje {number}: kolonnen kan ikke læses.")
        errors.extend(line_errors)
        columns.append(column)
    return columns, errors


def validate_columns(columns: Sequence[Mapping[str, Any]]) -> list[str]:
    """Errors for a JSON column list (as stored), by writing it as text and parsing it again."""
    try:
        text = columns_to_text(columns)
    except (KeyError, TypeError, ValueError):
        return ["Tabellens kolonner kan ikke læses."]
    return parse_columns(text)[1]


def columns_to_text(columns: Sequence[Mapping[str, Any]]) -> str:
    """The stored JSON list as editable lines (the inverse of parse_columns)."""
    lines = []
    for column in columns:
        kind = column.get("kind", SHORT_TEXT)
        parts = [str(column["key"]), str(column.get("label", column["key"])), WORD_FOR_KIND.get(kind, kind)]
        if kind == SINGLE:
            parts.append("; ".join(column.get("choices", ())))
        elif kind == INTEGER:
            low, high = column.get("min"), column.get("max")
            if low is not None and high is not None:
                parts.append(f"{low}-{high}")
            elif low is not None:
                parts.append(f"min {low}")
            elif high is not None:
                parts.append(f"maks {high}")
        if not column.get("required", True):
            parts.append(OPTIONAL_WORD)
        lines.append(" | ".join(parts))
    return "\n".join(lines)
