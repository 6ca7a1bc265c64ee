"""The answer parser refuses what PostgreSQL or later arithmetic cannot take: NUL, absurd numbers and years."""

import pytest

from assessments.domain.answers import parse_answer
from targetgroups.domain.questions import DATE, INTEGER, LONG_TEXT, SHORT_TEXT, TABLE, ColumnSpec, QuestionSpec


@pytest.mark.parametrize("kind", [SHORT_TEXT, LONG_TEXT])
def test_text_with_a_nul_byte_is_refused_with_a_danish_error(kind):
    parsed = parse_answer(QuestionSpec(kind=kind), "før\x00efter")
    assert not parsed.ok
    assert "ugyldigt tegn" in parsed.errors[0]


@pytest.mark.parametrize("raw", [str(10**30), str(-(10**30)), "1" * 5000, "1000000001"])
def test_integers_beyond_a_billion_are_refused_with_a_danish_error(raw):
    parsed = parse_answer(QuestionSpec(kind=INTEGER), raw)
    assert not parsed.ok
    assert "for stort" in parsed.errors[0]


@pytest.mark.parametrize("raw", ["1000000000", "-1000000000", "0000000000000012"])
def test_integers_up_to_a_billion_are_accepted(raw):
    assert parse_answer(QuestionSpec(kind=INTEGER), raw).ok


@pytest.mark.parametrize("raw", ["01-01-0001", "0001-01-01", "31-12-9999", "9999-12-31", "31-12-1899"])
def test_dates_outside_1900_to_2100_are_refused_with_a_danish_error(raw):
    parsed = parse_answer(QuestionSpec(kind=DATE), raw)
    assert not parsed.ok
    assert "mellem år 1900 og 2100" in parsed.errors[0]


def test_an_impossible_date_is_refused():
    assert parse_answer(QuestionSpec(kind=DATE), "31-02-2026").errors == ["Skriv datoen som dd-mm-åååå, fx 01-03-2026."]


def test_table_cells_get_the_same_bounds():
    spec = QuestionSpec(
        kind=TABLE,
        columns=(
            ColumnSpec(key="navn", label="Navn", kind=SHORT_TEXT),
            ColumnSpec(key="antal", label="Antal", kind=INTEGER),
        ),
    )
    parsed = parse_answer(spec, [{"navn": "a\x00b", "antal": str(10**30)}])
    assert set(parsed.cell_errors) == {(0, "navn"), (0, "antal")}
