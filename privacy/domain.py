"""CPR-number detection in free text. Pure Python: no Django import, no clock, no I/O.

A CPR number (personnummer) is DDMMYY-SSSS: the citizen's birth date and a four-digit serial whose first digit
(the 7th digit of the number) decides the century. Suppliers report about citizens only in aggregate
(DOMAIN.md section 4), so free text, interview notes and uploaded documents are checked with
`find_cpr_numbers` before they are stored.

What counts as a CPR number here, and why (each decision is pinned by a vector in tests/test_cpr.py):

- Shape: six digits, then an optional separator, then four digits: "010190-1234", "010190 1234",
  "0101901234". The separator may be a hyphen or any of the dashes and hyphens that Word and PDF
  extraction substitute for it (U+2010-U+2013, U+2212), optionally with one space either side
  ("010190 - 1234"), or a single space, no-break space, thin space or narrow no-break space.
  Dotted birth dates ("01.01.90-1234") are not a CPR shape and are not detected.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

_HYPHEN_CHARS = "-\u2010\u2011\u2012\u2013\u2212"  # hyphen, Unicode hyphens and dashes, minus sign
_HYPHENS = re.escape(_HYPHEN_CHARS)
_SPACES = " \u00a0\u2009\u202f"  # space, no-break space, thin space, narrow no-break space
_SEPARATOR = f"(?:[{_SPACES}]?[{_HYPHENS}][{_SPACES}]?|[{_SPACES}])"

#: Six digits, optional separator, four digits, not touching any other digit.
CPR_SHAPE = re.compile(rf"(?<![0-9])(?P<date>[0-9]{{6}}){_SEPARATOR}?(?P<serial>[0-9]{{4}})(?![0-9])")

# Characters that glue two digit groups into one longer number (version, decimal, case number, range).
_JOINERS = frozenset(".,/" + _HYPHEN_CHARS)
_BANK_REGISTRATION_BEFORE = re.compile(rf"(?<![0-9])[0-9]{{4}}[{_SPACES}]$")
_INTERNATIONAL_PHONE_BEFORE = re.compile(rf"\+(?:[0-9]{{1,3}}[{_SPACES}]?)?$")
_NOT_A_CPR_BEFORE = re.compile(
    rf"(?:\bp-?[{_SPACES}]?(?:nr|nummer)|\bproduktionsenhedsnummer|\bkonto(?:nr|nummer)?"
    rf"|\bkr|\bdkk|\beur|€)\.?[{_SPACES}]*:?[{_SPACES}]*$",
    re.IGNORECASE,
)
_NOT_A_CPR_AFTER = re.compile(rf"^[{_SPACES}]*(?:kr\b|kroner\b|dkk\b|eur\b|€|,-)", re.IGNORECASE)
_CONTEXT_WINDOW = 30
_DIGITS = frozenset("0123456789")


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


def find_cpr_numbers(text: str) -> list[CprHit]:
    """Every CPR number in `text`, in order, by the rules in the module docstring.

    Guarantees: each hit's span lies inside `text` and covers the number as written (separator included);
    `masked` is "DDMMYY-****"; hits never overlap. Never raises for any str.
    """
    shapes = list(CPR_SHAPE.finditer(text))
    shape_starts, shape_ends = {m.start() for m in shapes}, {m.end() for m in shapes}
    hits: list[CprHit] = []
    for match in shapes:
        digits = match["date"] + match["serial"]
        start, end = match.span()
        if birth_date(digits) is None:
            continue
        if _joined_to_longer_number(text, start, end, shape_starts, shape_ends):
            continue
        if _context_says_not_cpr(text, start, end):
            continue
        hits.append(CprHit(start=start, end=end, masked=mask(digits)))
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
