"""A CPR number split over the cells or rows of one table answer is refused (assessments.domain.answers).

Plain pytest, no database: the table parser is pure, the CPR check is privacy.domain's.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain.answers import parse_answer, table_text
from privacy.domain import explain_refusal, find_cpr_numbers
from targetgroups.domain.questions import ColumnSpec, QuestionSpec

from .test_cpr import cpr_numbers


def cpr_check(text: str) -> str | None:
    hits = find_cpr_numbers(text)
    return explain_refusal(hits) if hits else None


TABLE = QuestionSpec(
    kind="table",
    columns=(
        ColumnSpec(key="foedt", label="Født", kind="short_text", required=False),
        ColumnSpec(key="loebenr", label="Løbenummer", kind="short_text", required=False),
        ColumnSpec(key="antal", label="Antal", kind="integer", required=False),
        ColumnSpec(key="metode", label="Metode", kind="single", choices=("TEACCH", "KRAP"), required=False),
    ),
)


@pytest.mark.parametrize(
    "rows",
    [
        [{"foedt": "010190", "loebenr": "1234"}],
        [{"foedt": "010190-", "loebenr": "1234"}],
        [{"foedt": "01.01.90", "loebenr": "-1234"}],
        [{"foedt": "Borger 010190"}, {"foedt": "1234 bor alene"}],
        [{"loebenr": "010190"}, {"foedt": "1234"}],
        [{"foedt": "0101", "loebenr": "90 1234"}],
        [{"loebenr": "010190", "antal": "1234"}],
    ],
    ids=["two-cells", "hyphen-in-first-cell", "dotted-date", "two-rows", "last-cell-then-next-row", "4-6", "integer"],
)
def test_a_cpr_split_over_cells_or_rows_of_one_table_is_refused(rows):
    parsed = parse_answer(TABLE, rows, text_check=cpr_check)
    assert not parsed.ok
    assert not parsed.cell_errors
    (error,) = parsed.errors
    assert "010190-****" in error
    assert "1234" not in error


@pytest.mark.parametrize(
    "rows",
    [
        [{"foedt": "Pædagog", "loebenr": "12 år", "antal": "3"}],
        [{"foedt": "2019", "loebenr": "1234"}, {"foedt": "2020", "loebenr": "12"}],
        [{"foedt": "tlf. 12 34 56 78", "loebenr": "CVR 12345678"}],
        [{"foedt": "010190", "metode": "KRAP"}],
    ],
)
def test_a_table_without_a_cpr_across_its_cells_is_accepted(rows):
    parsed = parse_answer(TABLE, rows, text_check=cpr_check)
    assert parsed.ok, parsed.errors


def test_a_cpr_inside_one_cell_is_reported_on_that_cell_only():
    parsed = parse_answer(TABLE, [{"foedt": "010190-1234", "loebenr": "x"}], text_check=cpr_check)
    assert list(parsed.cell_errors) == [(0, "foedt")]
    assert parsed.errors == []


def test_table_text_joins_typed_cells_per_row_and_rows_by_line():
    rows = [{"foedt": "a", "loebenr": " b ", "antal": "3", "metode": "KRAP"}, {}, {"loebenr": "c"}]
    assert table_text(TABLE, rows) == "a b 3\nc"


@given(cpr=cpr_numbers(), same_row=st.booleans(), hyphen=st.booleans(), filler=st.sampled_from(["", "Pædagog", "3"]))
def test_any_valid_cpr_split_between_neighbouring_cells_is_refused(cpr, same_row, hyphen, filler):
    head, tail = cpr[:6] + ("-" if hyphen else ""), cpr[6:]
    rows = [{"foedt": head, "loebenr": tail}] if same_row else [{"foedt": filler, "loebenr": head}, {"foedt": tail}]
    parsed = parse_answer(TABLE, rows, text_check=cpr_check)
    assert any(f"{cpr[:6]}-****" in error for error in parsed.errors)


@given(
    numbers=st.lists(st.integers(0, 99_999_999).map(lambda n: f"{n:08d}"), min_size=2, max_size=6),
    short=st.lists(st.integers(0, 9999).map(str), min_size=2, max_size=6),
)
def test_phone_numbers_and_small_counts_in_neighbouring_cells_are_never_refused(numbers, short):
    rows = [
        {"foedt": a, "loebenr": b, "antal": c}
        for a, b, c in zip(numbers, numbers[1:] + numbers[:1], short * 6, strict=False)
    ]
    parsed = parse_answer(TABLE, rows, text_check=cpr_check)
    assert parsed.errors == []
    assert parsed.cell_errors == {}
