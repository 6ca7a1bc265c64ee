"""The cost of what a supplier can send is bounded in the pure answer rules (assessments.domain.answers)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain.answers import INTEGER_LIMIT_ERROR, count_words, parse_answer
from targetgroups.domain.questions import INTEGER, LONG_TEXT, SHORT_TEXT, TABLE, ColumnSpec, QuestionSpec

SEPARATORS = [
    " ",
    "\t",
    "\n",
    "\u00a0",  # no-break space
    "\u2007",  # figure space
    "\u202f",  # narrow no-break space
    "\u3000",  # ideographic space
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space (BOM)
    "\u180e",  # Mongolian vowel separator
]


def test_zero_width_space_separates_words():
    assert count_words("ord\u200bord\u200bord") == 3


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_every_unicode_space_and_zero_width_character_separates_words(separator):
    assert count_words(separator.join(["et", "to", "tre", "fire"])) == 4
    assert count_words(separator * 3) == 0


@given(st.lists(st.text(alphabet="abcæøå", min_size=1, max_size=8), max_size=30), st.sampled_from(SEPARATORS))
def test_word_count_is_the_number_of_words_whatever_separates_them(words, separator):
    assert count_words(separator.join(words)) == len(words)


def test_max_words_cannot_be_dodged_with_zero_width_spaces():
    spec = QuestionSpec(kind=LONG_TEXT, max_words=3)
    parsed = parse_answer(spec, "\u200b".join(["ord"] * 4))
    assert parsed.errors == ["Svaret må højst være 3 ord (nu 4). Skriv kortere, eller vedhæft et bilag."]


def test_long_text_over_the_character_limit_is_refused_with_the_counts():
    spec = QuestionSpec(kind=LONG_TEXT, max_chars=100)
    assert parse_answer(spec, "a" * 100).ok
    parsed = parse_answer(spec, "a" * 101)
    assert parsed.errors == ["Svaret må højst være 100 tegn (nu 101). Skriv kortere, eller vedhæft et bilag."]


def test_character_limit_holds_for_any_kind_before_parsing():
    # a number of 10,000 digits is refused by its length, not left to int() (which raises on > 4,300 digits)
    parsed = parse_answer(QuestionSpec(kind=INTEGER, max_chars=50), "1" * 10_000)
    assert not parsed.ok
    assert parsed.errors == ["Svaret må højst være 50 tegn (nu 10000). Skriv kortere, eller vedhæft et bilag."]


def test_an_integer_too_long_for_python_is_an_error_not_an_exception():
    parsed = parse_answer(QuestionSpec(kind=INTEGER), "9" * 5_000)
    assert parsed.errors == [INTEGER_LIMIT_ERROR]


COLUMNS = (
    ColumnSpec(key="funktion", label="Funktion", kind=SHORT_TEXT),
    ColumnSpec(key="aar", label="Års erfaring", kind=INTEGER),
)


def test_table_over_the_row_limit_is_refused():
    spec = QuestionSpec(kind=TABLE, columns=COLUMNS, max_rows=3)
    rows = [{"funktion": "Pædagog", "aar": "2"}] * 4
    assert parse_answer(spec, rows[:3]).ok
    assert parse_answer(spec, rows).errors == ["Tabellen må højst have 3 rækker."]


def test_table_cell_over_the_cell_limit_is_refused_in_its_cell():
    spec = QuestionSpec(kind=TABLE, columns=COLUMNS, max_cell_chars=20)
    parsed = parse_answer(spec, [{"funktion": "x" * 21, "aar": "1" * 21}])
    assert parsed.cell_errors == {
        (0, "funktion"): "Feltet må højst være 20 tegn (nu 21).",
        (0, "aar"): "Feltet må højst være 20 tegn (nu 21).",
    }
