"""CPR-number detection in free text. Pure Python: no Django import, no clock, no I/O.

A CPR number (personnummer) is DDMMYY-SSSS: the citizen's birth date and a four-digit serial whose first digit
(the 7th digit of the number) decides the century. Suppliers report about citizens only in aggregate
(DOMAIN.md section 4), so free text, interview notes and uploaded documents are checked with
`find_cpr_numbers` before they are stored.

What counts as a CPR number here, and why (each decision is pinned by a vector in tests/test_cpr.py):

- Normalisation first (`normalise`): the rules read the text after Unicode NFKC (full-width forms), with
  every decimal digit of any script (Arabic-Indic, Devanagari, ...) as an ASCII digit, every dash, hyphen
  and minus (U+2010-U+2015, U+2212, U+FE58, U+FE63, U+FF0D, ...) as "-", soft hyphens, zero-width and other
  invisible format characters removed, and each run of whitespace (no-break, thin, ideographic spaces, tabs)
  as one space, or as one line break when the run holds one. Hit spans are mapped back to the text as written.
- Shape: six digits, then an optional separator, then four digits: "010190-1234", "010190 1234",
  "0101901234". The separator is a hyphen, optionally with a space or line break either side
  ("010190 - 1234", "010190-\n1234"), or a single space or line break ("010190\n1234": a number wrapped
  over two lines or split over two table cells). A date written with separators is a shape as well:
  DD, MM and YY joined by the same one of ". - / _ space", then a hyphen or that same separator, then the
  serial ("01.01.90-1234", "01 01 90 1234", "01/01/90/1234", "01_01_90_1234"), and "0101 90 1234".
  A dotted or slashed date followed by a space and four digits ("01.01.24 1500 besøg") is a date and a
  count, not a shape; nor are "010190/1234", "010190.1234" and "010190_1234" (a date and a running number).
- Date: DDMMYY must be a real calendar date in the year given by the official century table
  (7th digit 0-3: 1900s; 4 and 9: 2000s when YY <= 36, else 1900s; 5-8: 2000s when YY <= 57, else 1800s).
  So 29 February is valid only in a leap year of that century: 290200-4xxx (2000) is found,
  290200-1xxx (1900) is not. Dates in the future are still found: the rule stays clock-free, and a false
  alarm costs the user one edit while a miss leaks a citizen's identity.
- Modulus 11 is never checked: since 2007 numbers are issued that fail it.
- Any serial counts, "0000" included: placeholders that look real are refused as well.
  Replacement numbers with day + 60 (erstatnings-CPR) are not calendar dates and are not detected.
- Boundaries: the shape must not touch another digit, so a ten-digit window inside an 11+ digit run
  (EAN, IBAN, long account numbers) is never a hit. Letters may touch it: "CPR0101901234" and
  "scan_0101901234.pdf" are found, since file names and codes are a common way numbers leak.
- Part of a longer number: a shape joined by one of ". , / -" to further digits ("2.0101901234",
  "0101901234,50", "2024-010190-1234", "010190-1234-2") is part of a version, amount or case number and
  is not a hit, except when the neighbour is itself CPR-shaped, so lists such as
  "010190-1234,020290-2345" are still found. A four-digit group and a space in front ("1234 0101901234")
  is a Danish bank registration number plus account number and is not a hit; any other space-separated
  neighbour (a row number in a table: "1 010190-1234") does not stop a hit.
- Context: an amount ("0101901234 kr", "kr. 0101901234", "DKK", "EUR", "€", ",-"), a phone number in
  international form ("+46 0101901234", "+0101901234"), a P-nummer ("P-nr. 1003012345") and an account
  number ("kontonr. 0101901234") are not hits.
- Never a hit by shape alone: phone numbers (8 digits or "12 34 56 78"), CVR numbers ("12345678",
  "DK12345678"), dates ("01-01-2024", "1.1.2024", "2024-01-01", "01012024"), times, amounts written with
  thousands separators ("1.234.567,00 kr.") and case numbers ("2024-0123456", "27.12.01-P20-1-24").

The reported hit masks the serial: "010190-****". The birth date part stays visible so that the user can
find the number in their text; the serial, which makes the number identifying, is never echoed.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# Dashes that are not in Unicode's dash-punctuation category (Pd) but stand for a hyphen in typed and extracted
# text: minus sign, heavy minus, modifier minus, hyphen bullet. Every Pd character (U+2010-U+2015, U+FE58,
# U+FE63, U+FF0D, ...) counts as well.
_EXTRA_DASHES = frozenset("\u2212\u2796\u02d7\u2043")
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")

#: In normalised text (see `normalise`) a run of whitespace is " ", or "\n" when it holds a line break.
_SEPARATOR = r"(?:[ \n]?-[ \n]?|[ \n])"
_DATE_SEPARATORS = r"[-./_ ]"

#: The shapes, in normalised text, not touching any other digit:
#: DDMMYY, an optional separator, SSSS ("010190-1234", "010190 1234", "0101901234", "010190\n1234");
#: DD.MM.YY with one date separator used twice, then a hyphen or that same separator, then SSSS
#: ("01.01.90-1234", "01 01 90 1234", "01-01-90-1234", "01/01/90/1234", "01_01_90_1234");
#: DDMM YY SSSS with single spaces ("0101 90 1234").
CPR_SHAPE = re.compile(
    r"(?<![0-9])(?:"
    rf"(?P<compact>[0-9]{{6}}){_SEPARATOR}?"
    rf"|(?P<dd>[0-9]{{2}})(?P<sep>{_DATE_SEPARATORS})(?P<mm>[0-9]{{2}})(?P=sep)(?P<yy>[0-9]{{2}})"
    r"(?:[ \n]?-[ \n]?|(?P=sep))"
    r"|(?P<ddmm>[0-9]{4}) (?P<yy2>[0-9]{2}) "
    r")(?P<serial>[0-9]{4})(?![0-9])"
)

# Characters that glue two digit groups into one longer number (version, decimal, case number, range).
_JOINERS = frozenset(".,/-")
_BANK_REGISTRATION_BEFORE = re.compile(r"(?<![0-9])[0-9]{4} $")
_INTERNATIONAL_PHONE_BEFORE = re.compile(r"\+(?:[0-9]{1,3} ?)?$")
_NOT_A_CPR_BEFORE = re.compile(
    r"(?:\bp-? ?(?:nr|nummer)|\bproduktionsenhedsnummer|\bkonto(?:nr|nummer)?"
    r"|\bkr|\bdkk|\beur|€)\.? *:? *$",
    re.IGNORECASE,
)
_NOT_A_CPR_AFTER = re.compile(r"^ *(?:kr\b|kroner\b|dkk\b|eur\b|€|,-)", re.IGNORECASE)
_CONTEXT_WINDOW = 30
_DIGITS = frozenset("0123456789")


@lru_cache(maxsize=4096)
def _normalise_char(char: str) -> str:
    """What one character becomes in normalised text: "" (dropped), " ", "\n", or its NFKC form with every
    decimal digit as an ASCII digit and every dash as "-"."""
    if char in _LINE_BREAKS:
        return "\n"
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Cf":  # soft hyphen, zero-width space/joiners, word joiner, BOM, bidi marks
        return ""
    out = []
    for part in unicodedata.normalize("NFKC", char):
        digit = unicodedata.decimal(part, None)
        if digit is not None:
            out.append(str(digit))
        elif part in _EXTRA_DASHES or unicodedata.category(part) == "Pd":
            out.append("-")
        else:
            out.append(part)
    return "".join(out)


# Printable ASCII, Latin-1 letters (æøå) and single spaces are already normal; the rest goes through
# `_normalise_char`.
_NEEDS_NORMALISING = re.compile(r"[^\x21-\x7e \xc0-\xd6\xd8-\xf6\xf8-\xff]+| {2,}")


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """The text the rules read, and for each of its characters the index of the character in `text` it came from.

    Normalised text has: Unicode NFKC applied (full-width forms, superscripts, ...); every decimal digit of any
    script as an ASCII digit; every dash, hyphen and minus as "-"; soft hyphens, zero-width and other invisible
    format characters removed; every run of whitespace as one " ", or as one "\n" when the run holds a line break.
    """
    if _NEEDS_NORMALISING.search(text) is None:
        return text, range(len(text))  # already normal: no copy, no index list
    pieces: list[str] = []
    origin: list[int] = []
    last = ""

    def plain(start: int, end: int) -> None:
        nonlocal last
        if start < end and text[start] == " " and last in (" ", "\n"):
            start += 1
        if start < end:
            pieces.append(text[start:end])
            origin.extend(range(start, end))
            last = text[end - 1]

    position = 0
    for run in _NEEDS_NORMALISING.finditer(text):
        plain(position, run.start())
        for index in range(run.start(), run.end()):
            for out in _normalise_char(text[index]):
                if out in " \n" and last in (" ", "\n"):
                    if out == "\n":
                        pieces[-1] = pieces[-1][:-1] + "\n"
                        last = "\n"
                    continue
                pieces.append(out)
                origin.append(index)
                last = out
        position = run.end()
    plain(position, len(text))
    return "".join(pieces), origin


@dataclass(frozen=True, slots=True)
class CprHit:
    """One CPR number found in a text: its span [start, end) and a masked rendering that hides the serial."""

    start: int
    end: int
    masked: str


def gettext_noop(message: str) -> str:
    """Mark a message for `makemessages` without importing Django; returns it unchanged."""
    return message


#: Why the text is refused and what to write instead. Danish source text; callers translate it.
CPR_REFUSAL_ADVICE = gettext_noop(
    "Et personnummer identificerer en bestemt borger, og sagen må kun indeholde samlede oplysninger "
    "om borgerne. Fjern nummeret, og beskriv i stedet borgergruppen i generelle vendinger eller med "
    "antal, fx »3 borgere i alderen 18-25 år«."
)
#: Lead-in for free text; %(numbers)s is the masked list from `describe_hits`.
CPR_FOUND_IN_TEXT = gettext_noop("Teksten ser ud til at indeholde et CPR-nummer (%(numbers)s).")


def century_year(yy: int, seventh_digit: int) -> int:
    """Full birth year from the two-digit year and the 7th digit, by the CPR office's century table."""
    if not (0 <= yy <= 99 and 0 <= seventh_digit <= 9):
        raise ValueError("yy must be 0-99 and seventh_digit 0-9")
    if seventh_digit <= 3:
        return 1900 + yy
    if seventh_digit in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def birth_date(digits: str) -> date | None:
    """The birth date encoded by ten CPR digits, or None when DDMMYY is not a calendar date in that century."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        return date(century_year(yy, int(digits[6])), month, day)
    except ValueError:
        return None


def mask(digits: str) -> str:
    """Render ten CPR digits as "DDMMYY-****": the serial never appears in the result."""
    return f"{digits[:6]}-****"


def _joined_to_longer_number(text: str, start: int, end: int, shape_starts: set[int], shape_ends: set[int]) -> bool:
    """True when the shape at [start, end) is glued by one joiner (or a bank reg.nr.) to digits that are not
    themselves a CPR shape (`shape_starts` / `shape_ends` hold the spans of every shape in `text`)."""
    before, after = text[max(0, start - _CONTEXT_WINDOW) : start], text[end : end + 2]
    neighbour_is_shape_before = (start - 1) in shape_ends
    if len(before) >= 2 and before[-1] in _JOINERS and before[-2] in _DIGITS and not neighbour_is_shape_before:
        return True
    if len(after) == 2 and after[0] in _JOINERS and after[1] in _DIGITS and (end + 1) not in shape_starts:
        return True
    return bool(_BANK_REGISTRATION_BEFORE.search(before)) and not neighbour_is_shape_before


def _context_says_not_cpr(text: str, start: int, end: int) -> bool:
    """True when the words around the shape make it an amount, a phone, a P-nummer or an account number."""
    before = text[max(0, start - _CONTEXT_WINDOW) : start]
    after = text[end : end + _CONTEXT_WINDOW]
    return bool(
        _INTERNATIONAL_PHONE_BEFORE.search(before) or _NOT_A_CPR_BEFORE.search(before) or _NOT_A_CPR_AFTER.search(after)
    )


def _shape_digits(match: re.Match[str]) -> str:
    """The ten digits DDMMYYSSSS of a CPR shape, whichever of its forms matched."""
    if match["compact"] is not None:
        head = match["compact"]
    elif match["dd"] is not None:
        head = match["dd"] + match["mm"] + match["yy"]
    else:
        head = match["ddmm"] + match["yy2"]
    return head + match["serial"]


def find_cpr_numbers(text: str) -> list[CprHit]:
    """Every CPR number in `text`, in order, by the rules in the module docstring.

    The rules read the normalised text (`normalise`); each hit's span is mapped back to `text`.
    Guarantees: each hit's span lies inside `text` and covers the number as written (separator included);
    `masked` is "DDMMYY-****" in ASCII digits; hits never overlap. Never raises for any str.
    """
    normal, origin = normalise(text)
    shapes = list(CPR_SHAPE.finditer(normal))
    shape_starts, shape_ends = {m.start() for m in shapes}, {m.end() for m in shapes}
    hits: list[CprHit] = []
    for match in shapes:
        digits = _shape_digits(match)
        start, end = match.span()
        if birth_date(digits) is None:
            continue
        if _joined_to_longer_number(normal, start, end, shape_starts, shape_ends):
            continue
        if _context_says_not_cpr(normal, start, end):
            continue
        hits.append(CprHit(start=origin[start], end=origin[end - 1] + 1, masked=mask(digits)))
    return hits


def contains_cpr(text: str) -> bool:
    """True when `find_cpr_numbers(text)` finds at least one number."""
    return bool(find_cpr_numbers(text))


def describe_hits(hits: Sequence[CprHit], *, limit: int = 3) -> str:
    """The distinct masked numbers, at most `limit` of them, joined for a message: "010190-****, 020290-****"."""
    distinct = list(dict.fromkeys(hit.masked for hit in hits))
    shown = ", ".join(distinct[:limit])
    return f"{shown} …" if len(distinct) > limit else shown


def explain_refusal(hits: Sequence[CprHit], *, translate: Callable[[str], str] = gettext_noop) -> str:
    """The full Danish refusal for free text: what was found (masked), why it is refused, what to write instead.

    `translate` lets a Django caller pass `gettext`; the default returns the Danish source text.
    """
    found = translate(CPR_FOUND_IN_TEXT) % {"numbers": describe_hits(hits)}
    return f"{found} {translate(CPR_REFUSAL_ADVICE)}"
