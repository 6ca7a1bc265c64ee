"""List what is missing from a translation catalog and exit non-zero if anything is.

    python scripts/translations_check.py [path/to/django.po ...]   (default: every locale/*/LC_MESSAGES/*.po)

Reports entries with an empty msgstr (or an empty plural form), entries marked fuzzy, and entries whose
msgstr does not use exactly the placeholders of the msgid (`%(name)s`, `%s`, `{name}`), which would make
Django raise or show the wrong value at run time. Run it after `manage.py makemessages`; translate what it
lists, then `manage.py compilemessages`. No dependencies beyond the standard library (tests import
`parse_po` and `problems` from here).
"""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    obsolete: bool = False


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted string: {text!r}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file (the header, msgid "", included) in file order."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None  # which field continuation lines belong to

    def finish() -> None:
        nonlocal entry, current
        if entry.line:
            entries.append(entry)
        entry, current = Entry(), None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if current is not None:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if current is not None and not line.startswith("#|"):
                finish()
            continue
        keyword: str | None
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{path}:{number}: continuation line without a field")
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and current is not None and current[0].startswith("msgstr"):
            finish()
        if keyword is not None:
            entry.line = entry.line or number
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                current = ("msgstr", int(match.group(1)))
            elif keyword in ("msgid", "msgid_plural", "msgctxt", "msgstr"):
                current = (keyword, 0)
            else:
                raise ValueError(f"{path}:{number}: unexpected {keyword!r}")
            if current[0] in ("msgid_plural", "msgctxt"):
                setattr(entry, current[0], "")
            if current[0] == "msgstr":
                entry.msgstr.setdefault(current[1], "")
        value = _unquote(rest)
        assert current is not None  # a continuation line without a field was refused above
        name, index = current
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    finish()
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(path: Path) -> list[str]:
    """One line per untranslated, fuzzy or placeholder-mismatched entry (the header is skipped)."""
    found = []
    for entry in parse_po(path):
        if entry.obsolete or entry.msgid == "":
            continue
        where = f"{path}:{entry.line}: {entry.msgid[:70]!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{where} is fuzzy")
        if not entry.msgstr or any(not text for text in entry.msgstr.values()):
            found.append(f"{where} is untranslated")
            continue
        if entry.msgid_plural is None:
            expected = {0: placeholders(entry.msgid)}
        else:
            # msgstr[0] may drop the count (e.g. "one word"), the others must keep what msgid_plural uses.
            expected = {i: placeholders(entry.msgid_plural) for i in entry.msgstr}
        for index, text in entry.msgstr.items():
            wanted, got = set(expected.get(index, [])), set(placeholders(text))
            extra = got - set(placeholders(entry.msgid)) - set(placeholders(entry.msgid_plural or ""))
            if extra or (got != wanted and not (entry.msgid_plural and index == 0 and got <= wanted)):
                found.append(f"{where}: placeholders {sorted(wanted)} in msgid, {sorted(got)} in msgstr[{index}]")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(BASE_DIR.glob("locale/*/LC_MESSAGES/*.po"))
    if not paths:
        print("no .po files found")
        return 1
    found = [line for path in paths for line in problems(path)]
    for line in found:
        print(line)
    total = sum(1 for path in paths for entry in parse_po(path) if entry.msgid and not entry.obsolete)
    print(f"{len(found)} problem(s) in {total} entries of {len(paths)} catalog(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
