"""CPR detection (privacy.domain): a table of vectors for every decision in the module docstring, plus properties.

Plain pytest, no database.
"""

import itertools
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from privacy import domain
from privacy.domain import birth_date, century_year, contains_cpr, find_cpr_numbers
from privacy.validators import NoCprCharField, clean_free_text, validate_no_cpr

MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_modulus_11(digits: str) -> bool:
    return sum(int(d) * w for d, w in zip(digits, MOD11_WEIGHTS, strict=True)) % 11 == 0


def masked(text: str) -> list[str]:
    return [hit.masked for hit in find_cpr_numbers(text)]


# --- vectors that must be found: (text, masked numbers in order) ---------------------------------------------

FOUND = [
    # the three formats
    ("010190-1234", ["010190-****"]),
    ("010190 1234", ["010190-****"]),
    ("0101901234", ["010190-****"]),
    # dashes and spaces that Word and PDF extraction substitute
    ("010190\u20131234", ["010190-****"]),  # en dash
    ("010190\u20111234", ["010190-****"]),  # non-breaking hyphen
    ("010190\u22121234", ["010190-****"]),  # minus sign
    ("010190\u00a01234", ["010190-****"]),  # no-break space
    ("010190\u202f1234", ["010190-****"]),  # narrow no-break space
    ("010190 - 1234", ["010190-****"]),
    ("010190 -1234", ["010190-****"]),
    # positions in Danish text
    ("Borgeren har CPR-nummer 010190-1234 og bor i Hjørring.", ["010190-****"]),
    ("CPR: 010190-1234", ["010190-****"]),
    ("CPR-nr.: 0101901234", ["010190-****"]),
    ("cpr.nr. 010190 1234", ["010190-****"]),
    ("CPR0101901234", ["010190-****"]),
    ("personnummer=0101901234;", ["010190-****"]),
    ("Født 150385-2345, hjerneskade efter ulykke.", ["150385-****"]),
    ("(010190-1234)", ["010190-****"]),
    ("»010190-1234«", ["010190-****"]),
    ('"010190-1234"', ["010190-****"]),
    ("Borgeren (010190-1234) flyttede ind.", ["010190-****"]),
    ("Sidste linje: 311299-9999", ["311299-****"]),
    ("010190-1234 er borgerens nummer", ["010190-****"]),
    ("æøå 010190-1234 ÆØÅ", ["010190-****"]),
    ("Notat\n010190-1234\nSlut", ["010190-****"]),
    ("\t0101901234\t", ["010190-****"]),
    ("Se scan_0101901234.pdf i mappen", ["010190-****"]),
    ("https://eksempel.dk/borger/0101901234/journal", ["010190-****"]),
    ("Borger1: 010190-1234.", ["010190-****"]),
    ("010190-1234, 23 år", ["010190-****"]),
    ("010190-1234 23 år", ["010190-****"]),
    # a row number in front is not a bank registration number
    ("1 010190-1234 Hansen", ["010190-****"]),
    ("12 0101901234", ["010190-****"]),
    ("Side 3 010190 1234", ["010190-****"]),
    # lists of numbers
    ("010190-1234, 020290-2345", ["010190-****", "020290-****"]),
    ("010190-1234,020290-2345", ["010190-****", "020290-****"]),
    ("010190-1234 020290-2345", ["010190-****", "020290-****"]),
    ("010190 1234 020290 1234", ["010190-****", "020290-****"]),
    ("0101901234/0202902345", ["010190-****", "020290-****"]),
    ("010190-1234-020290-2345", ["010190-****", "020290-****"]),
    ("a 010190-1234 b 050505-4321 c 121212-1212", ["010190-****", "050505-****", "121212-****"]),
    # month lengths
    ("310190-1234", ["310190-****"]),
    ("300490-1234", ["300490-****"]),
    ("311290-1234", ["311290-****"]),
    ("280290-1234", ["280290-****"]),
    ("010100-0000", ["010100-****"]),  # serial 0000: a realistic-looking placeholder is refused too
    # 29 February by the century table
    ("290296-1234", ["290296-****"]),  # 1996
    ("290200-4000", ["290200-****"]),  # 7th digit 4, YY <= 36: 2000 (leap)
    ("290200-9000", ["290200-****"]),  # 7th digit 9, YY <= 36: 2000
    ("290200-5000", ["290200-****"]),  # 7th digit 5, YY <= 57: 2000
    ("290200-8999", ["290200-****"]),  # 7th digit 8: 2000
    ("290224-4321", ["290224-****"]),  # 2024
    ("290224-1321", ["290224-****"]),  # 1924
    ("290236-4111", ["290236-****"]),  # 2036
    ("290240-4111", ["290240-****"]),  # 7th digit 4, YY > 36: 1940 (leap)
    ("290296-5111", ["290296-****"]),  # 7th digit 5, YY > 57: 1896 (leap)
    ("290260-6111", ["290260-****"]),  # 1860 (leap)
    ("290252-7111", ["290252-****"]),  # 2052 (leap)
    # dates in the future are still found (clock-free rule)
    ("010150-5000", ["010150-****"]),  # 2050
    # numbers that fail modulus 11 (issued since 2007) are found
    ("070761-4283", ["070761-****"]),
    ("010107-4000", ["010107-****"]),
    ("241207-4002", ["241207-****"]),
    ("150915-4899", ["150915-****"]),
    ("310823-9875", ["310823-****"]),
    # numbers that pass modulus 11 are found as well
    ("070761-4285", ["070761-****"]),
    ("111111-1118", ["111111-****"]),
    # amount, phone and P-nummer context does not leak into the next sentence
    ("Beløb 200 kr. CPR 010190-1234", ["010190-****"]),
    ("P-nr. 1003012345, borger 0101901234", ["010190-****"]),
    ("tlf. 12 34 56 78 / 010190-1234", ["010190-****"]),
    # normalisation: digits of other scripts and full-width forms
    ("\uff10\uff11\uff10\uff11\uff19\uff10\uff0d\uff11\uff12\uff13\uff14", ["010190-****"]),  # full-width
    ("\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664", ["010190-****"]),  # Arabic-Indic
    ("\u06f0\u06f1\u06f0\u06f1\u06f9\u06f0-\u06f1\u06f2\u06f3\u06f4", ["010190-****"]),  # Persian
    ("\u0966\u0967\u0966\u0967\u096f\u0966\u0967\u0968\u0969\u096a", ["010190-****"]),  # Devanagari
    ("01\u0660\u0661\uff19\u0966-1234", ["010190-****"]),  # mixed scripts
    ("CPR\uff1a\u3000\uff10\uff11\uff10\uff11\uff19\uff10 \uff11\uff12\uff13\uff14", ["010190-****"]),
    # every dash and hyphen kind
    ("010190\u20101234", ["010190-****"]),  # hyphen
    ("010190\u20121234", ["010190-****"]),  # figure dash
    ("010190\u20141234", ["010190-****"]),  # em dash
    ("010190\u20151234", ["010190-****"]),  # horizontal bar
    ("010190\ufe581234", ["010190-****"]),  # small em dash
    ("010190\ufe631234", ["010190-****"]),  # small hyphen-minus
    ("010190\uff0d1234", ["010190-****"]),  # full-width hyphen-minus
    ("010190 \u2013 1234", ["010190-****"]),
    # invisible characters inside the number
    ("010190\u00ad1234", ["010190-****"]),  # soft hyphen
    ("0101\u00ad90-1234", ["010190-****"]),
    ("01\u200b01\u200c90\u200d-\u20601234", ["010190-****"]),  # zero-width space, joiners, word joiner
    ("\ufeff0101901234", ["010190-****"]),  # byte-order mark
    ("\u200e010190-1234\u200f", ["010190-****"]),  # direction marks
    ("0\u00ad1\u00ad0\u00ad1\u00ad9\u00ad0\u00ad1\u00ad2\u00ad3\u00ad4", ["010190-****"]),
    # other spaces and line breaks inside the number
    ("010190\u20071234", ["010190-****"]),  # figure space
    ("010190\u30001234", ["010190-****"]),  # ideographic space
    ("010190\u20021234", ["010190-****"]),  # en space
    ("010190\t1234", ["010190-****"]),
    ("010190  1234", ["010190-****"]),
    ("010190\n1234", ["010190-****"]),
    ("010190\r\n1234", ["010190-****"]),
    ("010190-\n1234", ["010190-****"]),
    ("010190 \n 1234", ["010190-****"]),
    ("010190\u20281234", ["010190-****"]),  # line separator
    ("Borgeren har nummer 010190\n-1234 i journalen", ["010190-****"]),
    # dates written with separators inside them
    ("01.01.90-1234", ["010190-****"]),
    ("01.01.90.1234", ["010190-****"]),
    ("01.01.90 - 1234", ["010190-****"]),
    ("01 01 90 1234", ["010190-****"]),
    ("0101 90 1234", ["010190-****"]),
    ("01-01-90-1234", ["010190-****"]),
    ("01-01-90 - 1234", ["010190-****"]),
    ("01/01/90-1234", ["010190-****"]),
    ("01/01/90/1234", ["010190-****"]),
    ("01_01_90_1234", ["010190-****"]),
    ("01_01_90-1234", ["010190-****"]),
    ("CPR: 15.03.85-2345", ["150385-****"]),
    ("Født 29.02.00-4000", ["290200-****"]),
    ("scan_01_01_90_1234.pdf", ["010190-****"]),
    ("\uff10\uff11\uff0e\uff10\uff11\uff0e\uff19\uff10\uff0d\uff11\uff12\uff13\uff14", ["010190-****"]),
    ("01\u00a001\u00a090\u00a01234", ["010190-****"]),
    ("01.01.90-1234, 02.02.90-2345", ["010190-****", "020290-****"]),
]

# --- vectors that must not be found: (text, why) --------------------------------------------------------------

NOT_FOUND = [
    # invalid dates
    ("310290-1234", "31 February"),
    ("300290-1234", "30 February"),
    ("310490-1234", "31 April"),
    ("310690-1234", "31 June"),
    ("310990-1234", "31 September"),
    ("311190-1234", "31 November"),
    ("320190-1234", "day 32"),
    ("000190-1234", "day 0"),
    ("010090-1234", "month 0"),
    ("011390-1234", "month 13"),
    ("290223-1234", "1923 is not a leap year"),
    ("290223-4234", "2023 is not a leap year"),
    ("290200-1000", "7th digit 1: 1900, not a leap year"),
    ("290200-0000", "7th digit 0: 1900"),
    ("290200-3999", "7th digit 3: 1900"),
    ("290237-4000", "2037? no: 7th digit 4 and YY > 36 gives 1937, not leap"),
    ("290258-5000", "1858, not a leap year"),
    ("290201-5000", "2001, not a leap year"),
    ("610190-1234", "erstatnings-CPR with day + 60 is not a calendar date"),
    # phone numbers
    ("12345678", "eight-digit phone"),
    ("+45 12 34 56 78", "phone with country code"),
    ("12 34 56 78", "grouped phone"),
    ("tlf. 98765432", "phone"),
    ("+4512345678", "phone without spaces"),
    ("+46 0101901234", "international phone with a date-like number"),
    ("+0101901234", "a leading + means a phone number"),
    # CVR and P-nummer
    ("CVR 12345678", "CVR"),
    ("CVR-nr. 29189935", "CVR"),
    ("DK12345678", "VAT number"),
    ("P-nr. 1003012345", "P-nummer"),
    ("p-nummer: 1002013456", "P-nummer"),
    ("pnr 1001014567", "P-nummer"),
    # dates
    ("01-01-2024", "date"),
    ("1.1.2024", "date"),
    ("2024-01-01", "ISO date"),
    ("01012024", "DDMMYYYY"),
    ("01.01.2024-1234", "a date with a four-digit year is not a CPR shape"),
    ("31.02.90-1234", "dotted invalid date"),
    ("01.01-90-1234", "two different separators inside the date"),
    ("Opgjort 01.01.24 1500 besøg", "a dotted date and a count: the serial follows a hyphen or the date's separator"),
    ("01.01.90/1234", "dotted date and a slash: a date and a running number"),
    ("2.01.01.90-1234", "part of a longer dotted number"),
    ("01.01.24\u201331.12.24", "date range with an en dash"),
    ("01 02 03 04 05", "a numbered list"),
    ("kl. 10.15.30-1234", "not a date"),
    ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "full-width phone number"),
    ("\u0661\u0662 \u0663\u0664 \u0665\u0666 \u0667\u0668", "Arabic-Indic grouped phone number"),
    ("\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14\uff15", "full-width eleven digits"),
    ("0101901234\u00a0kr.", "amount with a no-break space"),
    ("\uff0b45 0101901234", "full-width plus: international phone"),
    ("0101\u200b9012345", "eleven digits with a zero-width space"),
    ("P\u2011nr. 1003012345", "P-nummer with a non-breaking hyphen"),
    ("010124-311224", "date range"),
    ("fra 01-01-2024 til 31-12-2024", "date range"),
    # times
    ("kl. 10:15-12:30", "time range"),
    ("10.15.30", "time"),
    # amounts
    ("1.234.567,00 kr.", "amount with separators"),
    ("1234567890 kr", "ten-digit amount"),
    ("0101901234 kr", "amount that looks like a valid date"),
    ("0101901234 kr.", "amount"),
    ("0101901234kr", "amount"),
    ("0101901234 kroner", "amount"),
    ("kr. 0101901234", "amount"),
    ("DKK 0101901234", "amount"),
    ("0101901234 DKK", "amount"),
    ("0101901234 EUR", "amount"),
    ("€ 0101901234", "amount"),
    ("0101901234,-", "amount"),
    ("0101901234,50", "decimal number"),
    ("0101901234.50", "decimal number"),
    # case numbers and versions
    ("sag 2024-0123456", "case number"),
    ("J.nr. 27.12.01-P20-1-24", "journal number"),
    ("2024-010190-1234", "case number built around a date-like run"),
    ("010190-1234-2", "longer hyphenated number"),
    ("version 2.0101901234", "version number"),
    ("v1.2.3", "version"),
    ("1/0101901234", "fraction or case number"),
    # longer digit runs, accounts, IBAN
    ("01019012345", "eleven digits"),
    ("10101901234", "eleven digits, CPR at the end"),
    ("123456789012345", "long run"),
    ("5790001234567", "EAN"),
    ("1234 0001234567", "bank reg.nr. + account"),
    ("1234 0101901234", "bank reg.nr. + account that looks like a CPR"),
    ("reg.nr. 1234 kontonr. 0101901234", "account number"),
    ("konto 0101901234", "account number"),
    ("DK50 0040 0440 1162 43", "IBAN"),
    # other shapes
    ("010190-123", "three-digit serial"),
    ("01019-1234", "five-digit date"),
    ("010190--1234", "double hyphen"),
    ("010190_1234", "underscore is not a separator"),
    ("010190/1234", "slash is not a separator"),
    ("010190.1234", "dot is not a separator"),
    ("010190-xxxx", "birth date only"),
    ("010190-****", "already masked"),
    ("", "empty"),
    ("Ingen tal her, kun tekst om 3 borgere i alderen 18-25 år.", "aggregated information"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_cpr_number_is_found(text, expected):
    assert masked(text) == expected
    assert contains_cpr(text)


@pytest.mark.parametrize(("text", "why"), NOT_FOUND)
def test_non_cpr_number_is_not_found(text, why):
    assert find_cpr_numbers(text) == [], why
    assert not contains_cpr(text)


def test_vector_table_is_large():
    assert len(FOUND) + len(NOT_FOUND) >= 80


def test_found_vectors_include_numbers_failing_modulus_11():
    failing = [t for t, _ in FOUND if len(t) == 11 and t[6] == "-" and not passes_modulus_11(t.replace("-", ""))]
    assert {"070761-4283", "010107-4000", "241207-4002", "150915-4899", "310823-9875"} <= set(failing)
    assert passes_modulus_11("0707614285")
    assert passes_modulus_11("1111111118")


def test_hit_span_covers_the_number_as_written():
    text = "Borger: 010190 - 1234, bor alene."
    (hit,) = find_cpr_numbers(text)
    assert text[hit.start : hit.end] == "010190 - 1234"


@pytest.mark.parametrize(
    ("yy", "seventh", "year"),
    [
        (0, 0, 1900),
        (99, 3, 1999),
        (36, 4, 2036),
        (37, 4, 1937),
        (36, 9, 2036),
        (37, 9, 1937),
        (57, 5, 2057),
        (58, 5, 1858),
        (0, 8, 2000),
        (99, 8, 1899),
    ],
)
def test_century_table(yy, seventh, year):
    assert century_year(yy, seventh) == year


def test_century_table_rejects_out_of_range_input():
    with pytest.raises(ValueError, match="yy"):
        century_year(100, 0)


def test_birth_date_reads_the_century():
    assert birth_date("2902004000") == date(2000, 2, 29)
    assert birth_date("2902001000") is None
    assert birth_date("010190123") is None
    assert birth_date("０１０１９０１２３４") is None  # full-width digits are not ASCII


# --- messages and validators ----------------------------------------------------------------------------------


def test_refusal_explains_why_and_what_to_write_instead_without_echoing_the_number():
    text = "Borger 010190-1234 og 020290-2345"
    message = domain.explain_refusal(find_cpr_numbers(text))
    assert "010190-****" in message
    assert "1234" not in message
    assert "2345" not in message
    assert "identificerer" in message
    assert "samlede oplysninger" in message
    assert "3 borgere i alderen 18-25 år" in message


def test_describe_hits_shows_each_number_once_and_at_most_three():
    hits = find_cpr_numbers("010190-1234 010190-1234 020290-1234 030390-1234 040490-1234")
    assert domain.describe_hits(hits) == "010190-****, 020290-****, 030390-**** …"


def test_validate_no_cpr_raises_with_code_cpr_and_masked_number():
    with pytest.raises(ValidationError) as caught:
        validate_no_cpr("Vi har en borger med nummer 010190-1234.")
    error = caught.value
    assert error.code == "cpr"
    (message,) = error.messages
    assert "010190-****" in message
    assert "1234" not in message
    assert "3 borgere i alderen 18-25 år" in message


@pytest.mark.parametrize("value", [None, "", "Vi har 3 borgere i alderen 18-25 år.", "CVR 12345678"])
def test_validate_no_cpr_accepts_text_without_cpr(value):
    validate_no_cpr(value)


def test_clean_free_text_returns_the_value_or_raises():
    assert clean_free_text("12 borgere") == "12 borgere"
    with pytest.raises(ValidationError):
        clean_free_text("0101901234")


def test_no_cpr_char_field_refuses_cpr_in_a_form():
    field = NoCprCharField(required=False)
    assert field.clean("5 borgere") == "5 borgere"
    with pytest.raises(ValidationError) as caught:
        field.clean("010190-1234")
    assert caught.value.error_list[0].code == "cpr"


# --- properties -----------------------------------------------------------------------------------------------

DANISH_WORDS = [
    "borgeren",
    "bor",
    "på",
    "bostedet",
    "og",
    "har",
    "brug",
    "for",
    "støtte",
    "i",
    "hverdagen",
    "medarbejderne",
    "særlige",
    "kompetencer",
    "CPR",
    "nr.",
    "født",
    "Æblegården",
    "øjensygdom",
    "årlig",
    "hjerneskade",
    "—",
    ":",
    "(",
    ")",
    "»",
    "«",
]
SEPARATORS = ["-", " ", "", "\u2013", "\u00a0", " - "]

words = st.lists(st.sampled_from(DANISH_WORDS), max_size=8).map(" ".join)


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """Ten digits of a CPR number whose date is valid in the century its 7th digit gives."""
    birth = draw(st.dates(min_value=date(1858, 1, 1), max_value=date(2057, 12, 31)))
    yy = birth.year % 100
    digits = [d for d in range(10) if century_year(yy, d) == birth.year]
    assume(digits)
    seventh = draw(st.sampled_from(digits))
    rest = draw(st.integers(0, 999))
    return f"{birth:%d%m}{yy:02d}{seventh}{rest:03d}"


@given(cpr=cpr_numbers(), separator=st.sampled_from(SEPARATORS), before=words, after=words)
@example(cpr="2902004000", separator="-", before="", after="")
def test_any_valid_cpr_in_danish_text_is_found(cpr, separator, before, after):
    written = f"{cpr[:6]}{separator}{cpr[6:]}"
    text = f"{before} {written} {after}"
    hits = find_cpr_numbers(text)
    assert [text[h.start : h.end] for h in hits] == [written]
    assert hits[0].masked == f"{cpr[:6]}-****"


@given(number=st.integers(0, 99_999_999), before=words, after=words, grouped=st.booleans())
def test_eight_digit_numbers_are_never_found(number, before, after, grouped):
    digits = f"{number:08d}"
    written = " ".join(digits[i : i + 2] for i in range(0, 8, 2)) if grouped else digits
    assert find_cpr_numbers(f"{before} {written} {after}") == []
    assert find_cpr_numbers(f"+45 {written}") == []


@given(cpr=cpr_numbers(), prefix=st.text("0123456789", max_size=4), suffix=st.text("0123456789", max_size=4))
def test_a_cpr_inside_a_longer_digit_run_is_never_found(cpr, prefix, suffix):
    assume(prefix or suffix)
    assert find_cpr_numbers(f"nummer {prefix}{cpr}{suffix} ok") == []


@given(cpr=cpr_numbers(), separator=st.sampled_from(SEPARATORS), before=words)
def test_masking_never_reveals_the_serial(cpr, separator, before):
    for hit in find_cpr_numbers(f"{before} {cpr[:6]}{separator}{cpr[6:]}"):
        assert hit.masked == f"{cpr[:6]}-****"
        assert domain.explain_refusal([hit]).count(cpr[6:]) <= hit.masked.count(cpr[6:])


@given(month=st.integers(1, 12), yy=st.integers(0, 99), serial=st.integers(0, 9999))
def test_a_day_beyond_the_end_of_the_month_is_never_found(month, yy, serial):
    cpr = f"32{month:02d}{yy:02d}{serial:04d}"
    assert find_cpr_numbers(cpr) == []
    if month in (4, 6, 9, 11):
        assert find_cpr_numbers(f"31{month:02d}{yy:02d}-{serial:04d}") == []


@given(text=st.text(alphabet=st.sampled_from("0123456789 -–.,/+kr€P\u00a0aæ\n"), max_size=60))
def test_hits_are_ordered_disjoint_spans_of_the_text(text):
    hits = find_cpr_numbers(text)
    for hit in hits:
        written = "".join(c for c in text[hit.start : hit.end] if c.isdigit())
        assert len(written) == 10
        assert hit.masked == f"{written[:6]}-****"
        assert birth_date(written) is not None
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


@given(text=st.text())
def test_find_cpr_numbers_never_raises(text):
    find_cpr_numbers(text)


# --- properties over the renderings people and converters produce --------------------------------------------

DIGIT_SCRIPTS = [
    "0123456789",
    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",  # full-width
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",  # Arabic-Indic
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",  # extended Arabic-Indic
    "\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f",  # Devanagari
    "\U0001d7ce\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6\U0001d7d7",  # bold
]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58", "\ufe63", "\uff0d"]
SPACES = [" ", "\u00a0", "\u2007", "\u2009", "\u202f", "\u3000", "\t", "  "]
LINE_BREAKS = ["\n", "\r\n", "\u2028", " \n"]
INVISIBLES = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e"]
DATE_SEPARATORS = [".", "-", "/", "_", " "]


@st.composite
def renderings(draw: st.DrawFn, digits: str, *, layout: str) -> str:
    """`digits` laid out by `layout` ("D" a digit, "-" a dash, " " a space, "\\n" a line break, other characters
    kept), each digit in any script, each dash and space of any kind, invisible characters between any two."""
    out = []
    position = 0
    for index, slot in enumerate(layout):
        if index and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(INVISIBLES)))
        if slot == "D":
            out.append(draw(st.sampled_from(DIGIT_SCRIPTS))[int(digits[position])])
            position += 1
        elif slot == "-":
            out.append(draw(st.sampled_from(DASHES)))
        elif slot == " ":
            out.append(draw(st.sampled_from(SPACES)))
        elif slot == "\n":
            out.append(draw(st.sampled_from(LINE_BREAKS)))
        else:
            out.append(slot)
    assert position == len(digits)
    return "".join(out)


CPR_LAYOUTS = [
    "DDDDDDDDDD",
    "DDDDDD-DDDD",
    "DDDDDD DDDD",
    "DDDDDD - DDDD",
    "DDDDDD\nDDDD",
    "DDDDDD-\nDDDD",
    *(f"DD{s}DD{s}DD{t}DDDD" for s in DATE_SEPARATORS for t in {s, "-"}),
    "DD.DD.DD - DDDD",
    "DDDD DD DDDD",
]


@st.composite
def rendered_cprs(draw: st.DrawFn) -> tuple[str, str]:
    cpr = draw(cpr_numbers())
    layout = draw(st.sampled_from(CPR_LAYOUTS))
    if " " in layout and draw(st.booleans()):
        layout = layout.replace(" ", "\n", 1) if layout.startswith("DDDDDD ") else layout
    return cpr, draw(renderings(cpr, layout=layout))


@given(rendered=rendered_cprs(), before=words, after=words)
@example(
    rendered=("0101901234", "\uff10\uff11\u00ad\uff10\uff11\uff19\uff10\uff0d\uff11\uff12\uff13\uff14"),
    before="",
    after="",
)
@example(rendered=("0101901234", "01\u200b.\u06601.90\u20131234"), before="CPR", after="")
def test_any_valid_cpr_in_any_rendering_is_found(rendered, before, after):
    cpr, written = rendered
    text = f"{before} {written} {after}"
    hits = find_cpr_numbers(text)
    assert [hit.masked for hit in hits] == [f"{cpr[:6]}-****"]
    (hit,) = hits
    assert normalise_digits(text[hit.start : hit.end]) == cpr


def normalise_digits(written: str) -> str:
    return "".join(str(int(c)) for c in written if c.isdecimal())


PHONE_LAYOUTS = ["DDDDDDDD", "DD DD DD DD", "DDDD DDDD", "+DD DDDDDDDD", "+DD DD DD DD DD", "tlf. DD-DD-DD-DD"]
NUMBER_LAYOUTS = [
    *PHONE_LAYOUTS,
    "CVR DDDDDDDD",
    "DKDDDDDDDD",
    "D.DDD.DDD,DD kr.",
    "DDDDDDDDDD kr",
    "kr. DDDDDDDDDD",
    "DDDDDDDDDD,-",
    "P-nr. DDDDDDDDDD",
    "DD-DD-DDDD",
    "DD.DD.DDDD",
    "DDDD-DD-DD",
    "DDDDDDDDDDD",
    "DDDD DDDDDDDDDD",
    "DD DD DD DD DD",
]


@given(data=st.data(), layout=st.sampled_from(NUMBER_LAYOUTS), before=words, after=words)
def test_phone_cvr_amounts_and_dates_in_any_rendering_are_never_found(data, layout, before, after):
    template = layout.replace("DK", "\x00")  # the D of DK is a letter, not a digit slot
    count = template.count("D")
    digits = data.draw(st.text("0123456789", min_size=count, max_size=count))
    written = data.draw(renderings(digits, layout=template)).replace("\x00", "DK")
    assert find_cpr_numbers(f"{before} {written} {after}") == []


def test_normalise_maps_every_character_back_to_the_text_as_written():
    text = "A\u00a0\u00a0\uff11\u00ad\u0662\u2013\n\t3 æ"
    normal, origin = domain.normalise(text)
    assert normal == "A 12-\n3 æ"
    assert [text[i] for i in origin] == ["A", "\u00a0", "\uff11", "\u0662", "\u2013", "\n", "3", " ", "æ"]


def test_hit_span_in_a_rendering_covers_the_number_as_written():
    text = "Nr.: \uff10\uff11.\u200b01.90\u2013\n1234 slut"
    (hit,) = find_cpr_numbers(text)
    assert text[hit.start : hit.end] == "\uff10\uff11.\u200b01.90\u2013\n1234"
